//! The pool endpoints of the OpenAPI document.

use patentbridge_domain::LegalStatus;
use patentbridge_domain::listing::Industry;
use patentbridge_domain::pool::IntakeState;
use serde_json::{Value, json};

use super::{API_PREFIX, answer, array_of, codes, fixed, schema_ref};

/// The pool's paths for the OpenAPI document.
pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({"description": "Some fields are not valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}});
    let object = |d: &str, schema: &str| answer(d, schema_ref(schema));
    json!({
        format!("{API_PREFIX}/pool"): {
            "get": {
                "operationId": "poolSummary",
                "summary": "The dormant-patent pool: pooled against the 3,000 target, in review, by owner and by industry",
                "x-summary-zh": "沉睡专利池概况",
                "parameters": [],
                "responses": { "200": object("pooled, target, in_review, by_owner, by_industry", "PoolSummary") }
            }
        },
        format!("{API_PREFIX}/pool/candidates"): {
            "get": {
                "operationId": "poolCandidates",
                "summary": "Screen the caller's university, institute or SOE stock: dormant candidates and the others, each with every reason",
                "x-summary-zh": "沉睡专利筛查",
                "parameters": [{"name": "idle_years", "in": "query", "required": false,
                    "description": "Years without a transfer, licence, pledge or filing (1 to 20, default 3)",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 20, "default": 3}}],
                "security": bearer,
                "responses": {
                    "200": object("candidates and others with reasons", "PoolScreening"),
                    "401": error("Not signed in"),
                    "403": error("Not a member of a verified university, institute or SOE"),
                    "422": invalid,
                }
            }
        },
        format!("{API_PREFIX}/pool/entries"): {
            "get": {
                "operationId": "poolEntries",
                "summary": "The caller's organisation's pool entries, newest first",
                "x-summary-zh": "入池申请列表",
                "parameters": [
                    {"name": "state", "in": "query", "required": false, "description": "proposed, department_approved, pooled or rejected", "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "required": false, "description": "1-based page of 50", "schema": {"type": "integer"}}
                ],
                "security": bearer,
                "responses": { "200": object("entries", "PoolEntries"), "401": error("Not signed in"), "403": error("Not a member of a source") }
            },
            "post": {
                "operationId": "poolPropose",
                "summary": "Propose dormant patents of the caller's organisation for the pool; all or nothing",
                "x-summary-zh": "提议入池",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["patents"],
                    "properties": {"patents": {"type": "array", "items": {"type": "string"}, "example": ["CN114000001A"]},
                                   "idle_years": {"type": "integer", "minimum": 1, "maximum": 20}}}}}},
                "security": bearer,
                "responses": {
                    "201": object("ids of the new entries", "PoolProposed"),
                    "403": error("Not allowed"),
                    "409": error("A patent is already in an open pool entry"),
                    "422": invalid,
                }
            }
        },
        format!("{API_PREFIX}/pool/entries/{{id}}/steps"): {
            "post": {
                "operationId": "poolStep",
                "summary": "Take an intake step: department_approve (members), office_approve (managers), reject (with a note)",
                "x-summary-zh": "入池审核",
                "parameters": [{"name": "id", "in": "path", "required": true, "description": "The entry's id", "schema": {"type": "integer"}, "example": 1}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["step"],
                    "properties": {"step": {"type": "string", "enum": ["department_approve", "office_approve", "reject"]},
                                   "note": {"type": "string"}}}}}},
                "security": bearer,
                "responses": {
                    "200": object("the entry's new state", "PoolEntryMoved"),
                    "403": error("Not allowed"),
                    "404": error("No such entry"),
                    "409": error("The entry's state does not allow this step"),
                    "422": invalid,
                }
            }
        },
    })
}

/// The shapes of `routes::api::pool`: the summary, the screening with its
/// reasons, the entries.
pub(super) fn schemas() -> Value {
    let text = json!({"type": "string"});
    let nullable_text = json!({"type": ["string", "null"]});
    let integer = json!({"type": "integer"});
    let nullable_date = json!({"type": ["string", "null"], "format": "date"});
    let time = json!({"type": "string", "format": "date-time"});
    let state = codes(IntakeState::ALL.iter().map(|s| s.as_str()));
    let reasons = array_of(schema_ref("PoolReason"));
    let screened = fixed(json!({
        "number": text,
        "title_zh": nullable_text,
        "title_en": nullable_text,
        "legal_status": codes(LegalStatus::ALL.iter().map(|s| s.as_str())),
        "grant_date": nullable_date,
        "industry": codes(Industry::ALL.iter().map(|i| i.as_str())),
        "dormant": {"type": "boolean"},
        "last_activity": {"type": ["string", "null"], "format": "date", "description": "The last deal event, if any"},
        "reasons": reasons,
    }));
    let mut out = json!({
        "PoolReason": fixed(json!({
            "holds": {"type": "boolean", "description": "Whether the rule holds for the patent"},
            "zh": text,
            "en": text,
        })),
        "PoolSummary": fixed(json!({
            "pooled": integer,
            "target": integer,
            "in_review": {"type": "integer", "description": "Entries proposed or department-approved"},
            "by_owner": array_of(fixed(json!({
                "organisation_id": integer, "name_zh": text, "name_en": nullable_text, "count": integer,
            }))),
            "by_industry": array_of(fixed(json!({"industry": text, "count": integer}))),
        })),
        "PoolScreening": fixed(json!({
            "organisation_id": integer,
            "idle_years": integer,
            "as_of": {"type": "string", "format": "date"},
            "candidates": array_of(screened.clone()),
            "others": array_of(screened),
        })),
    });
    super::merge(
        &mut out,
        json!({
            "PoolEntry": fixed(json!({
                "id": integer,
                "number": text,
                "title_zh": nullable_text,
                "title_en": nullable_text,
                "organisation_id": integer,
                "state": state,
                "source": text,
                "industry": text,
                "reasons": reasons,
                "created_at": time,
                "updated_at": time,
            })),
            "PoolEntries": fixed(json!({
                "organisation_id": integer,
                "entries": array_of(schema_ref("PoolEntry")),
            })),
            "PoolProposed": fixed(json!({"ids": array_of(integer.clone())})),
            "PoolEntryMoved": fixed(json!({"id": integer, "state": state})),
        }),
    );
    out
}
