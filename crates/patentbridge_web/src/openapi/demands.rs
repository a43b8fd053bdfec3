//! The demands endpoints of the OpenAPI document.

use patentbridge_domain::demand::{DemandState, FeedbackReason, FeedbackSide, ReasonKind};
use patentbridge_domain::listing::{Industry, ListingMode, PriceModelKind};
use serde_json::{Value, json};

use super::{
    API_PREFIX, answer, array_of, codes, extended, fixed, fixed_except, merge, or_null, schema_ref,
};

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({"description": "Some fields are not valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}});
    let object = |d: &str, schema: &str| answer(d, schema_ref(schema));
    let id = |d: &str| json!({"name": "id", "in": "path", "required": true, "description": d, "schema": {"type": "integer"}});
    let demand_body = json!({"required": true, "content": {"application/json": {"schema": {"type": "object",
    "required": ["title", "problem"],
    "properties": {
        "organisation_id": {"type": "integer", "description": "The SME; default the caller's first SME"},
        "title": {"type": "string"}, "problem": {"type": "string"}, "product": {"type": "string"},
        "industry": {"type": "string", "description": "Industry code or label"},
        "ipc": {"type": "array", "items": {"type": "string"}},
        "budget_min_yuan": {"type": ["number", "string"]}, "budget_max_yuan": {"type": ["number", "string"]},
        "modes": {"type": "array", "items": {"type": "string"}, "description": "transfer, exclusive_licence, sole_licence, ordinary_licence, open_licence, equity; empty = any"},
        "deadline": {"type": "string", "format": "date"},
        "district": {"type": "string", "description": "GB/T 2260 code, e.g. 120116"},
        "publish": {"type": "boolean", "description": "Publish at once and match"}
    }}}}});
    json!({
        format!("{API_PREFIX}/demands"): {
            "get": {
                "operationId": "myDemands", "summary": "The caller's SMEs' technology needs", "x-summary-zh": "我的技术需求",
                "parameters": [], "security": bearer,
                "responses": {"200": answer("Demands, newest first", array_of(schema_ref("Demand"))), "401": error("Not signed in")}
            },
            "post": {
                "operationId": "createDemand", "summary": "Post a technology need (a member of a verified SME)", "x-summary-zh": "发布技术需求",
                "description": "With publish=true the need is matched at once; strong matches reach the SME's and the owners' inboxes.",
                "parameters": [], "security": bearer, "requestBody": demand_body,
                "responses": {"201": object("The demand", "Demand"), "400": error("The body is not the JSON expected"),
                    "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/analyse"): {
            "post": {
                "operationId": "analyseDemands", "summary": "Match a CSV of collected enterprise needs in bulk (nothing stored)", "x-summary-zh": "批量需求分析",
                "description": "Body: UTF-8 CSV with a header row; columns 企业名称/enterprise, 需求标题/title, 问题描述/problem, 产品或工艺/product, 所属领域/industry, 分类号/ipc, 预算下限/budget_min, 预算上限/budget_max, 交易方式/modes, 截止日期/deadline, 所在区/district. For operation centres, district officers, the bureau and administrators.",
                "parameters": [], "security": bearer,
                "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
                "responses": {"200": object("rows: each with its line and matches, or its errors", "DemandAnalysis"), "401": error("Not signed in"),
                    "403": error("Not a broker"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/{{id}}"): {
            "get": {
                "operationId": "getDemand", "summary": "One demand with its history", "x-summary-zh": "需求详情",
                "parameters": [id("The demand's id")], "security": bearer,
                "responses": {"200": object("The demand with its history", "DemandDetail"), "404": error("No such demand visible to the caller")}
            },
            "put": {
                "operationId": "updateDemand", "summary": "Rewrite a draft or published demand", "x-summary-zh": "修改需求",
                "parameters": [id("The demand's id")], "security": bearer, "requestBody": demand_body,
                "responses": {"200": object("The demand", "Demand"), "404": error("No such demand"), "409": error("Matched or closed"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/{{id}}/transitions"): {
            "post": {
                "operationId": "moveDemand", "summary": "Publish, mark matched, reopen or close a demand", "x-summary-zh": "需求状态变更",
                "parameters": [id("The demand's id")], "security": bearer,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["event"],
                    "properties": {"event": {"type": "string", "enum": ["publish", "match", "reopen", "close"]}, "note": {"type": "string"}}}}}},
                "responses": {"200": object("id and new state", "DemandMoved"), "404": error("No such demand"), "409": error("Not allowed from the current state"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/{{id}}/matches"): {
            "get": {
                "operationId": "demandMatches", "summary": "Ranked listings and pooled patents for a demand, each with score and reasons", "x-summary-zh": "需求匹配结果",
                "description": "Each item: match_id (for feedback), kind (listing or patent), score 0–1, reasons [{kind, zh, en, favourable, terms}] (terms: shared words, for highlighting). For the SME's members and brokers.",
                "parameters": [id("The demand's id")], "security": bearer,
                "responses": {"200": object("demand_id, state, items", "DemandMatches"), "404": error("No such demand visible to the caller")}
            }
        },
        format!("{API_PREFIX}/listings/{{id}}/matches"): {
            "get": {
                "operationId": "listingMatches", "summary": "For a listing: matching needs, companies that could use it, application scenarios", "x-summary-zh": "挂牌定向推荐",
                "parameters": [id("The listing's id")], "security": bearer,
                "responses": {"200": object("listing_id, items (needs with score and reasons), companies, scenarios", "ListingMatches"), "404": error("No such listing managed or reviewed by the caller")}
            }
        },
        format!("{API_PREFIX}/matches/{{id}}/feedback"): {
            "post": {
                "operationId": "rateMatch", "summary": "Rate a recommendation with a structured reason", "x-summary-zh": "评价推荐",
                "description": "The demand's SME rates as seeker, the listing's owner as owner; a second rating replaces the first. Reasons: relevant, too_early_stage, benefit_unclear, too_expensive, route_to_market_unclear, already_have_it, wrong_field, other (needs a note). Ratings feed the ranking.",
                "parameters": [id("The match's id")], "security": bearer,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"],
                    "properties": {"reason": {"type": "string"}, "note": {"type": "string"}}}}}},
                "responses": {"200": object("match_id, side, reason", "MatchRating"), "401": error("Not signed in"), "404": error("No such match for the caller"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/matches/pipeline"): {
            "get": {
                "operationId": "matchPipeline", "summary": "The match pipeline of an industry with the feedback reasons", "x-summary-zh": "匹配进展（运营中心）",
                "parameters": [{"name": "industry", "in": "query", "required": false, "description": "Industry code, or all; default the caller's centre's industry", "schema": {"type": "string"}}],
                "security": bearer,
                "responses": {"200": object("industry, matches, feedback", "MatchPipeline"), "401": error("Not signed in"), "403": error("Not a broker"), "422": invalid}
            }
        },
    })
}

/// The shapes of `routes::api::demands`: `demand_json`, the match views,
/// the reasons, the pipeline and the bulk analysis.
pub(super) fn schemas() -> Value {
    let text = json!({"type": "string"});
    let nullable_text = json!({"type": ["string", "null"]});
    let integer = json!({"type": "integer"});
    let nullable_integer = json!({"type": ["integer", "null"]});
    let time = json!({"type": "string", "format": "date-time"});
    let score = json!({"type": "number", "minimum": 0, "maximum": 1, "description": "0–1, rounded to 4 places"});
    let state = codes(DemandState::ALL.iter().map(|s| s.as_str()));
    let industry = codes(Industry::ALL.iter().map(|i| i.as_str()));
    let mode = codes(ListingMode::ALL.iter().map(|m| m.as_str()));
    let reason = codes(FeedbackReason::ALL.iter().map(|r| r.as_str()));
    let feedback = or_null(reason.clone());
    let side = codes(FeedbackSide::ALL.iter().map(|s| s.as_str()));
    let target = codes(["listing", "patent"]);
    let reasons = array_of(schema_ref("MatchReason"));
    let demand = fixed(json!({
        "id": integer,
        "organisation_id": integer,
        "organisation": {"type": "string", "description": "The SME's Chinese name"},
        "title": text,
        "problem": text,
        "product": text,
        "industry": industry,
        "ipc": array_of(text.clone()),
        "budget_min_fen": {"type": ["integer", "null"], "description": "In fen (0.01 yuan)"},
        "budget_max_fen": {"type": ["integer", "null"], "description": "In fen (0.01 yuan)"},
        "modes": {"type": "array", "items": mode, "description": "Empty: any mode"},
        "deadline": {"type": ["string", "null"], "format": "date"},
        "district": {"type": ["string", "null"], "description": "GB/T 2260 code"},
        "state": state,
        "created_at": time,
        "updated_at": time,
        "published_at": {"type": ["string", "null"], "format": "date-time"},
    }));
    let history = array_of(fixed(json!({
        "from": or_null(state.clone()), "to": state, "event": text, "note": nullable_text,
        "user": nullable_text, "at": time,
    })));
    let detail = extended(&demand, json!({ "history": history }), &[]);
    let mut pipeline_industry = or_null(industry);
    pipeline_industry["description"] = json!("Null: every industry");
    let mut out = json!({
        "Demand": demand,
        "DemandDetail": detail,
        "DemandMoved": fixed(json!({"id": integer, "state": state})),
        "MatchReason": fixed_except(json!({
            "kind": codes(ReasonKind::ALL.iter().map(|k| k.as_str())),
            "zh": text,
            "en": text,
            "favourable": {"type": "boolean", "description": "Whether it speaks for the match"},
            "terms": {"type": "array", "items": text, "description": "The shared words, for highlighting; only on a terms line"},
        }), &["terms"]),
        "MatchRating": fixed(json!({"match_id": integer, "side": side, "reason": reason})),
    });
    merge(
        &mut out,
        json!({
            "DemandMatches": fixed(json!({
                "demand_id": integer,
                "state": state,
                "items": array_of(fixed(json!({
                    "rank": integer,
                    "match_id": {"type": "integer", "description": "For feedback"},
                    "kind": target,
                    "listing_id": nullable_integer,
                    "patent_id": nullable_integer,
                    "patent_number": {"type": ["string", "null"], "description": "A pooled patent's number"},
                    "title": text,
                    "owner": nullable_text,
                    "mode": or_null(mode.clone()),
                    "price_model": or_null(codes(PriceModelKind::ALL.iter().map(|k| k.as_str()))),
                    "price_fen": nullable_integer,
                    "score": score,
                    "reasons": reasons,
                    "seeker_feedback": feedback,
                    "owner_feedback": feedback,
                }))),
            })),
        }),
    );
    merge(
        &mut out,
        json!({
            "ListingMatches": fixed(json!({
                "listing_id": integer,
                "items": array_of(fixed(json!({
                    "rank": integer,
                    "match_id": integer,
                    "kind": codes(["demand"]),
                    "demand_id": integer,
                    "title": text,
                    "seeker": {"type": "string", "description": "The SME's Chinese name"},
                    "score": score,
                    "reasons": reasons,
                    "owner_feedback": feedback,
                }))),
                "companies": array_of(fixed(json!({
                    "organisation_id": integer, "name_zh": text, "name_en": nullable_text,
                    "because_zh": text, "because_en": text,
                }))),
                "scenarios": fixed(json!({
                    "industries": array_of(fixed(json!({"industry": text, "zh": text, "en": text}))),
                    "product_types": array_of(fixed(json!({"zh": text, "en": text}))),
                })),
            })),
        }),
    );
    merge(
        &mut out,
        json!({
            "MatchPipeline": fixed(json!({
                "industry": pipeline_industry,
                "matches": array_of(fixed(json!({
                    "match_id": integer,
                    "demand_id": integer,
                    "demand_title": text,
                    "demand_state": state,
                    "seeker": text,
                    "kind": target,
                    "listing_id": nullable_integer,
                    "patent_id": nullable_integer,
                    "title": text,
                    "owner": nullable_text,
                    "industry": nullable_text,
                    "score": score,
                    "pushed": {"type": "boolean", "description": "Whether it reached the inboxes"},
                    "seeker_feedback": feedback,
                    "owner_feedback": feedback,
                    "updated_at": time,
                }))),
                "feedback": array_of(fixed(json!({"side": side, "reason": reason, "count": integer}))),
            })),
        }),
    );
    let row = fixed(json!({
        "line": {"type": "integer", "description": "The CSV line; the header is line 1"},
        "enterprise": text,
        "title": text,
    }));
    let ranked = fixed(json!({
        "kind": target,
        "listing_id": nullable_integer,
        "patent_id": nullable_integer,
        "title": text,
        "score": score,
        "reasons": reasons,
    }));
    let matched = extended(&row, json!({ "matches": array_of(ranked) }), &[]);
    let refused = extended(
        &row,
        json!({ "errors": array_of(fixed(json!({"field": text, "zh": text, "en": text}))) }),
        &[],
    );
    merge(
        &mut out,
        json!({
            "DemandAnalysis": fixed(json!({
                "rows": {
                    "type": "array",
                    "description": "Each CSV row with its matches, or with its field errors",
                    "items": {"oneOf": [matched, refused]},
                },
            })),
        }),
    );
    out
}
