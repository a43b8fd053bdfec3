//! The OpenAPI paths and schemas of the mall's buyer side: inquiries,
//! favourites, packages and notifications.

use serde_json::{Value, json};

use super::{API_PREFIX, created, error_response, id_parameter, invalid, json_body, request_body};

fn array_of(schema: &str) -> Value {
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
                    "200": array_of("ListingSummary"),
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
                "responses": { "200": array_of("Package") }
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
                    "200": array_of("Notification"),
                    "401": error_response("Not signed in"),
                }
            }
        },
    })
}

pub(super) fn schemas() -> Value {
    let nullable_int = json!({"type": ["integer", "null"]});
    let nullable_string = json!({"type": ["string", "null"]});
    json!({
        "InquiryRequest": {
            "type": "object",
            "properties": { "message": {"type": "string", "maxLength": 2000} }
        },
        "Created": {
            "type": "object",
            "required": ["id"],
            "properties": { "id": {"type": "integer"} }
        },
        "ListingSummary": {
            "type": "object",
            "required": ["id", "title", "owner_id", "owner", "mode", "price_model", "state", "industry", "patents"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "owner_id": {"type": "integer"},
                "owner": {"type": "string"},
                "mode": {"type": "string"},
                "price_model": {"type": "string"},
                "price_fen": nullable_int,
                "state": {"type": "string"},
                "industry": {"type": "string"},
                "patents": {"type": "array", "items": {"type": "string"}},
            }
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
        "Package": {
            "type": "object",
            "required": ["id", "organisation_id", "curator", "title", "theme", "industry", "pricing", "state", "items"],
            "properties": {
                "id": {"type": "integer"},
                "organisation_id": {"type": "integer"},
                "curator": {"type": "string"},
                "title": {"type": "string"},
                "theme": {"type": "string"},
                "industry": {"type": "string"},
                "description": {"type": "string"},
                "pricing": {"type": "string", "enum": ["bundle", "per_item"]},
                "bundle_price_fen": nullable_int,
                "state": {"type": "string", "enum": ["draft", "published", "closed"]},
                "created_at": {"type": "string", "format": "date-time"},
                "items": {"type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "listing_id": {"type": "integer"},
                        "title": {"type": "string"},
                        "owner_id": {"type": "integer"},
                        "owner": {"type": "string"},
                        "mode": {"type": "string"},
                        "listing_state": {"type": "string"},
                        "price_fen": nullable_int,
                    }
                }},
            }
        },
        "Notification": {
            "type": "object",
            "required": ["id", "kind", "subject_zh", "subject_en", "created_at", "read"],
            "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string"},
                "subject_zh": {"type": "string"},
                "subject_en": {"type": "string"},
                "link": nullable_string,
                "created_at": {"type": "string", "format": "date-time"},
                "read": {"type": "boolean"},
            }
        },
    })
}
