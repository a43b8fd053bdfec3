//! The listing endpoints of the OpenAPI document.

use patentbridge_domain::LegalStatus;
use patentbridge_domain::listing::{
    Industry, ListingMode, ListingState, PauseReason, RoyaltyBasis,
};
use serde_json::{Value, json};

use super::{
    API_PREFIX, array_of, codes, created, error_response, fixed, fixed_except, id_parameter,
    invalid, json_body, merge, or_null, request_body, schema_ref,
};

fn query(name: &str, description: &str, example: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description,
           "schema": {"type": "string"}, "example": example})
}

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        format!("{API_PREFIX}/listings"): {
            "get": {
                "operationId": "listListings",
                "summary": "The patent mall: published listings with filters, text search and facet counts",
                "x-summary-zh": "专利商城：检索已发布的挂牌",
                "parameters": [
                    query("q", "Words in the listing or its patents (Chinese or English)", "压力传感器"),
                    query("mode", "transfer, exclusive_licence, sole_licence, ordinary_licence, open_licence or equity", "open_licence"),
                    query("price_model", "fixed, negotiable, zero_price_first or use_first_pay_later", "fixed"),
                    query("price", "Price band in yuan: 0, 1-100000, 100001-500000, 500001-1000000, 1000001-", "1-100000"),
                    query("industry", "Strategic emerging industry code", "information_technology"),
                    query("ipc", "IPC section or class", "G01L"),
                    query("owner", "Owner organisation id", "12"),
                    query("district", "Owner's GB/T 2260 district code", "120104"),
                    query("trl", "Technology readiness level 1–9 (GB/T 22900)", "6"),
                    query("page", "Page number, 20 per page", "1"),
                    query("organisation", "Members only: that organisation's own listings in every state", "12"),
                    query("state", "With organisation: draft, under_review, published, paused or closed", "draft"),
                ],
                "responses": {
                    "200": json_body("ListingPage"),
                    "400": error_response("A filter value is not valid; the message names it"),
                }
            },
            "post": {
                "operationId": "createListing",
                "summary": "Write a listing as a draft for your university, institute or SOE",
                "x-summary-zh": "新建挂牌（草稿）",
                "security": bearer,
                "requestBody": request_body("ListingForm"),
                "responses": {
                    "201": created("Listing"),
                    "403": error_response("Not a member of a verified patent source"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/listings/{{id}}"): {
            "get": {
                "operationId": "getListing",
                "summary": "One listing; drafts and paused ones only for the owner and reviewers, with history",
                "x-summary-zh": "挂牌详情",
                "parameters": [id_parameter("The listing's id")],
                "responses": {
                    "200": json_body("Listing"),
                    "404": error_response("No such listing, or not visible to you"),
                }
            },
            "put": {
                "operationId": "updateListing",
                "summary": "Replace a draft",
                "x-summary-zh": "修改挂牌草稿",
                "parameters": [id_parameter("The listing's id")],
                "security": bearer,
                "requestBody": request_body("ListingForm"),
                "responses": {
                    "200": json_body("Listing"),
                    "409": error_response("Not a draft"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/listings/{{id}}/transitions"): {
            "post": {
                "operationId": "moveListing",
                "summary": "Submit, approve, reject (note required), pause, resume or close a listing",
                "x-summary-zh": "挂牌状态变更（提交、审核、暂停、恢复、关闭）",
                "parameters": [id_parameter("The listing's id")],
                "security": bearer,
                "requestBody": request_body("ListingTransition"),
                "responses": {
                    "200": json_body("Listing"),
                    "403": error_response("Not the owner (or not a reviewer for approve/reject)"),
                    "409": error_response("The listing's state does not allow this"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/review/listings"): {
            "get": {
                "operationId": "listingReviewQueue",
                "summary": "Listings waiting for an operation centre's review",
                "x-summary-zh": "待审核挂牌",
                "parameters": [],
                "security": bearer,
                "responses": {
                    "200": json_body("ListingQueue"),
                    "401": error_response("Not signed in"),
                    "403": error_response("Not an operation centre or administrator"),
                }
            }
        },
    })
}

pub(super) fn schemas() -> Value {
    let text = json!({"type": "string"});
    let text_or_number = json!({"type": ["string", "number", "integer"]});
    let mut out = listing_schemas();
    merge(
        &mut out,
        json!({
            "ListingForm": {
                "type": "object",
                "required": ["title", "patents", "mode", "price_model", "problem", "advantages", "trl", "scenarios", "broker_name", "broker_phone"],
                "properties": {
                    "organisation": {"type": "integer", "description": "Your organisation's id; defaults to your first university, institute or SOE"},
                    "title": text,
                    "patents": {"type": ["array", "string"], "items": {"type": "string"}, "description": "Patent numbers", "example": ["CN115525164A"]},
                    "mode": {"type": "string", "example": "open_licence"},
                    "price_model": {"type": "string", "example": "fixed"},
                    "price_yuan": text_or_number,
                    "free_months": text_or_number,
                    "royalty_percent": text_or_number,
                    "royalty_basis": {"type": "string", "enum": ["net_sales", "profit"]},
                    "open_payment": {"type": "string", "enum": ["lump_sum", "royalty", "entry_plus_royalty"]},
                    "open_fee_yuan": text_or_number,
                    "open_royalty_percent": text_or_number,
                    "open_royalty_basis": {"type": "string", "enum": ["net_sales", "profit"]},
                    "open_term_years": text_or_number,
                    "evaluation_report": {"type": "string", "description": "Patent evaluation report number; required for utility models and designs under an open licence"},
                    "problem": text,
                    "advantages": text,
                    "trl": text_or_number,
                    "scenarios": text,
                    "industry": text,
                    "broker_name": text,
                    "broker_phone": text,
                }
            },
            "ListingTransition": {
                "type": "object",
                "required": ["event"],
                "properties": {
                    "event": {"type": "string", "enum": ["submit", "approve", "reject", "pause", "resume", "close"]},
                    "note": text,
                }
            },
        }),
    );
    out
}

/// A code with its labels: `{code, zh, en}`.
fn coded<'a>(list: impl IntoIterator<Item = &'a str>) -> Value {
    let text = json!({"type": "string"});
    fixed(json!({"code": codes(list), "zh": text, "en": text}))
}

/// A facet as `[value, count]` pairs.
fn pairs(value: &str, description: &str) -> Value {
    json!({
        "type": "array",
        "description": description,
        "items": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "prefixItems": [{"type": value}, {"type": "integer"}],
            "items": {"type": [value, "integer"]},
        },
    })
}

/// The shapes of `routes::api::listings::{listing_json, list, review_queue}`.
fn listing_schemas() -> Value {
    let text = json!({"type": "string"});
    let nullable_text = json!({"type": ["string", "null"]});
    let integer = json!({"type": "integer"});
    let fen = json!({"type": "integer", "description": "In fen (0.01 yuan)"});
    let time = json!({"type": "string", "format": "date-time"});
    let royalty = fixed(json!({
        "basis": codes(RoyaltyBasis::ALL.iter().map(|b| b.as_str())),
        "basis_points": {"type": "integer", "description": "1 % = 100"},
    }));
    let model = |code: &str| json!({"type": "string", "enum": [code]});
    let price = json!({
        "description": "The price model and its figures",
        "oneOf": [
            fixed(json!({"model": model("fixed"), "amount_fen": fen})),
            fixed(json!({"model": model("negotiable"), "reference_fen": {"type": ["integer", "null"], "description": "A reference price in fen, if given"}})),
            fixed(json!({"model": model("zero_price_first"), "amount_fen": {"type": "integer", "enum": [0]}})),
            fixed(json!({"model": model("use_first_pay_later"), "free_months": integer, "royalty": royalty})),
        ],
    });
    let open_licence = or_null(fixed(json!({
        "payment": codes(["lump_sum", "royalty", "entry_plus_royalty"]),
        "fee_fen": {"type": ["integer", "null"], "description": "The lump sum or the entry fee, in fen"},
        "royalty": or_null(royalty.clone()),
        "term_years": integer,
        "evaluation_report": nullable_text,
        "terms_zh": text,
        "terms_en": text,
    })));
    let transition = fixed(json!({
        "from": nullable_text,
        "to": text,
        "event": text,
        "reason": {"type": ["string", "null"], "description": "A pause's reason code"},
        "note": nullable_text,
        "by": nullable_text,
        "at": time,
    }));
    let listing = fixed_except(
        json!({
            "id": integer,
            "title": text,
            "state": coded(ListingState::ALL.iter().map(|s| s.as_str())),
            "pause_reason": or_null(coded(PauseReason::ALL.iter().map(|r| r.as_str()))),
            "mode": coded(ListingMode::ALL.iter().map(|m| m.as_str())),
            "price": price,
            "open_licence": open_licence,
            "problem": text,
            "advantages": text,
            "trl": fixed(json!({"level": {"type": "integer", "minimum": 1, "maximum": 9}, "zh": text, "en": text})),
            "scenarios": text,
            "industry": coded(Industry::ALL.iter().map(|i| i.as_str())),
            "ipc_class": {"type": ["string", "null"], "description": "The first patent's first IPC class, e.g. G01L"},
            "broker": fixed(json!({"name": text, "phone": text})),
            "owner": fixed(json!({
                "id": integer, "name_zh": text, "name_en": nullable_text,
                "district": {"type": ["string", "null"], "description": "GB/T 2260 code"},
            })),
            "patents": array_of(fixed(json!({
                "number": text,
                "title_zh": nullable_text,
                "title_en": nullable_text,
                "patent_type": codes(["invention", "utility_model", "design", "plant"]),
                "legal_status": codes(LegalStatus::ALL.iter().map(|s| s.as_str())),
            }))),
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "updated_at": time,
            "history": {"type": "array", "items": transition, "description": "Only for the owner's members and reviewers"},
            "review_note": {"type": ["string", "null"], "description": "Only for the owner's members and reviewers"},
        }),
        &["history", "review_note"],
    );
    let mut out = json!({ "Listing": listing });
    merge(
        &mut out,
        json!({
            "ListingPage": fixed(json!({
                "total": integer,
                "page": integer,
                "per_page": integer,
                "listings": array_of(schema_ref("Listing")),
                "facets": fixed(json!({
                    "mode": pairs("string", "[mode code, count]"),
                    "price_model": pairs("string", "[price model code, count]"),
                    "price": pairs("string", "[price band, count]"),
                    "industry": pairs("string", "[industry code, count]"),
                    "ipc_section": pairs("string", "[IPC section, count]"),
                    "district": pairs("string", "[GB/T 2260 code, count]"),
                    "owner": array_of(fixed(json!({"id": integer, "name_zh": text, "count": integer}))),
                    "trl": pairs("integer", "[technology readiness level, count]"),
                })),
            })),
            "ListingQueue": fixed(json!({"listings": array_of(schema_ref("Listing"))})),
        }),
    );
    out
}
