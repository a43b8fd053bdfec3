//! The OpenAPI paths and schemas of the mall's buyer side: inquiries,
//! favourites, packages and notifications.

use patentbridge_domain::listing::{Industry, ListingMode, ListingState, PriceModelKind};
use patentbridge_domain::package::PackageState;
use serde_json::{Value, json};

use super::{
    API_PREFIX, array_of, codes, created, error_response, fixed, id_parameter, invalid, json_body,
    merge, request_body,
};

fn list_of(schema: &str) -> Value {
    json!({
        "description": "OK",
        "content": { "application/json": { "schema": {
            "type": "array", "items": { "$ref": format!("#/components/schemas/{schema}") } } } }
    })
}

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        format!("{API_PREFIX}/listings/{{id}}/inquiries"): {
            "post": {
                "operationId": "sendInquiry",
                "summary": "Tell the owner that the caller's SME wants this listing",
                "x-summary-zh": "提交意向（我想要）",
                "description": "A member of a verified SME, for a published listing. The owner's organisation is notified. For a zero-price first patent the zero-price rule (PATENTBRIDGE_ZERO_PRICE_RULE: per_sme_and_owner or per_sme) applies; a refusal is 422 with the reason on `listing`.",
                "parameters": [id_parameter("The listing's id")],
                "security": bearer,
                "requestBody": request_body("InquiryRequest"),
                "responses": {
                    "201": created("Created"),
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Not signed in"),
                    "403": error_response("The caller is not a member of a verified SME"),
                    "404": error_response("No such listing"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/favourites"): {
            "get": {
                "operationId": "listFavourites",
                "summary": "The caller's favourite listings",
                "x-summary-zh": "我的收藏",
                "description": "Newest first.",
                "parameters": [],
                "security": bearer,
                "responses": {
                    "200": list_of("ListingSummary"),
                    "401": error_response("Not signed in"),
                }
            }
        },
        format!("{API_PREFIX}/favourites/{{id}}"): {
            "put": {
                "operationId": "addFavourite",
                "summary": "Mark a published listing as a favourite",
                "x-summary-zh": "收藏挂牌",
                "description": "Idempotent.",
                "parameters": [id_parameter("The listing's id")],
                "security": bearer,
                "responses": {
                    "204": { "description": "It is a favourite" },
                    "401": error_response("Not signed in"),
                    "404": error_response("No such published listing"),
                }
            },
            "delete": {
                "operationId": "removeFavourite",
                "summary": "Remove a favourite",
                "x-summary-zh": "取消收藏",
                "description": "Idempotent.",
                "parameters": [id_parameter("The listing's id")],
                "security": bearer,
                "responses": {
                    "204": { "description": "It is not a favourite" },
                    "401": error_response("Not signed in"),
                }
            }
        },
        format!("{API_PREFIX}/packages"): {
            "get": {
                "operationId": "listPackages",
                "summary": "The published packages",
                "x-summary-zh": "专利包列表",
                "description": "Newest first, with their listings.",
                "parameters": [],
                "responses": { "200": list_of("Package") }
            },
            "post": {
                "operationId": "createPackage",
                "summary": "Bundle published listings into a draft package",
                "x-summary-zh": "创建专利包",
                "description": "Members of a verified operation centre or patent source, in that organisation's name. Every item must be a published listing; per-item pricing needs a price for each item, bundle pricing the bundle price. A refused package stores nothing.",
                "parameters": [],
                "security": bearer,
                "requestBody": request_body("PackageRequest"),
                "responses": {
                    "201": created("Created"),
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Not signed in"),
                    "403": error_response("The caller may not curate packages"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/packages/{{id}}"): {
            "get": {
                "operationId": "getPackage",
                "summary": "One package with its listings",
                "x-summary-zh": "专利包详情",
                "description": "Published packages are public; drafts and closed ones only to their curators.",
                "parameters": [id_parameter("The package's id")],
                "responses": {
                    "200": json_body("Package"),
                    "404": error_response("No such package, or not visible to the caller"),
                }
            }
        },
        format!("{API_PREFIX}/notifications"): {
            "get": {
                "operationId": "listNotifications",
                "summary": "The notifications of the caller and their organisations",
                "x-summary-zh": "消息通知",
                "description": "Newest first, at most 100.",
                "parameters": [],
                "security": bearer,
                "responses": {
                    "200": list_of("Notification"),
                    "401": error_response("Not signed in"),
                }
            }
        },
    })
}

pub(super) fn schemas() -> Value {
    let nullable_int = json!({"type": ["integer", "null"]});
    let nullable_string = json!({"type": ["string", "null"]});
    let mut out = answer_schemas();
    merge(
        &mut out,
        json!({
            "InquiryRequest": {
                "type": "object",
                "properties": { "message": {"type": "string", "maxLength": 2000} }
            },
            "PackageRequest": {
                "type": "object",
                "required": ["title", "theme", "industry", "pricing", "items"],
                "properties": {
                    "organisation_id": nullable_int,
                    "title": {"type": "string"},
                    "theme": {"type": "string"},
                    "industry": {"type": "string", "description": "e.g. new_energy, information_technology"},
                    "description": {"type": "string"},
                    "pricing": {"type": "string", "enum": ["bundle", "per_item"]},
                    "bundle_price_yuan": nullable_string,
                    "items": {"type": "array", "items": {
                        "type": "object",
                        "required": ["listing_id"],
                        "properties": { "listing_id": {"type": "integer"}, "price_yuan": nullable_string }
                    }},
                }
            },
        }),
    );
    out
}

/// The shapes of `routes::api::market`'s DTOs.
fn answer_schemas() -> Value {
    let text = json!({"type": "string"});
    let integer = json!({"type": "integer"});
    let nullable_fen = json!({"type": ["integer", "null"], "description": "In fen (0.01 yuan)"});
    let time = json!({"type": "string", "format": "date-time"});
    let mode = codes(ListingMode::ALL.iter().map(|m| m.as_str()));
    let listing_state = codes(ListingState::ALL.iter().map(|s| s.as_str()));
    json!({
        "Created": fixed(json!({"id": integer})),
        "ListingSummary": fixed(json!({
            "id": integer,
            "title": text,
            "owner_id": integer,
            "owner": {"type": "string", "description": "The owner's Chinese name"},
            "mode": mode,
            "price_model": codes(PriceModelKind::ALL.iter().map(|k| k.as_str())),
            "price_fen": {"type": ["integer", "null"], "description": "The fixed or reference price in fen, if any"},
            "state": listing_state,
            "industry": codes(Industry::ALL.iter().map(|i| i.as_str())),
            "patents": array_of(text.clone()),
        })),
        "Package": fixed(json!({
            "id": integer,
            "organisation_id": integer,
            "curator": {"type": "string", "description": "The curating organisation's Chinese name"},
            "title": text,
            "theme": text,
            "industry": text,
            "description": text,
            "pricing": codes(["bundle", "per_item"]),
            "bundle_price_fen": nullable_fen,
            "state": codes(PackageState::ALL.iter().map(|s| s.as_str())),
            "created_at": time,
            "items": array_of(fixed(json!({
                "listing_id": integer,
                "title": text,
                "owner_id": integer,
                "owner": text,
                "mode": mode,
                "listing_state": listing_state,
                "price_fen": nullable_fen,
            }))),
        })),
        "Notification": fixed(json!({
            "id": integer,
            "kind": text,
            "subject_zh": text,
            "subject_en": text,
            "link": {"type": ["string", "null"]},
            "created_at": time,
            "read": {"type": "boolean"},
        })),
    })
}
