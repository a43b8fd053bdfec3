//! The demands endpoints of the OpenAPI document.

use serde_json::{Value, json};

use super::API_PREFIX;

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({"description": "Some fields are not valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}});
    let object = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"type": "object"}}}});
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
                "responses": {"200": object("Demands, newest first"), "401": error("Not signed in")}
            },
            "post": {
                "operationId": "createDemand", "summary": "Post a technology need (a member of a verified SME)", "x-summary-zh": "发布技术需求",
                "description": "With publish=true the need is matched at once; strong matches reach the SME's and the owners' inboxes.",
                "parameters": [], "security": bearer, "requestBody": demand_body,
                "responses": {"201": object("The demand"), "400": error("The body is not the JSON expected"),
                    "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/analyse"): {
            "post": {
                "operationId": "analyseDemands", "summary": "Match a CSV of collected enterprise needs in bulk (nothing stored)", "x-summary-zh": "批量需求分析",
                "description": "Body: UTF-8 CSV with a header row; columns 企业名称/enterprise, 需求标题/title, 问题描述/problem, 产品或工艺/product, 所属领域/industry, 分类号/ipc, 预算下限/budget_min, 预算上限/budget_max, 交易方式/modes, 截止日期/deadline, 所在区/district. For operation centres, district officers, the bureau and administrators.",
                "parameters": [], "security": bearer,
                "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
                "responses": {"200": object("rows: each with its line and matches, or its errors"), "401": error("Not signed in"),
                    "403": error("Not a broker"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/{{id}}"): {
            "get": {
                "operationId": "getDemand", "summary": "One demand with its history", "x-summary-zh": "需求详情",
                "parameters": [id("The demand's id")], "security": bearer,
                "responses": {"200": object("The demand"), "404": error("No such demand visible to the caller")}
            },
            "put": {
                "operationId": "updateDemand", "summary": "Rewrite a draft or published demand", "x-summary-zh": "修改需求",
                "parameters": [id("The demand's id")], "security": bearer, "requestBody": demand_body,
                "responses": {"200": object("The demand"), "404": error("No such demand"), "409": error("Matched or closed"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/{{id}}/transitions"): {
            "post": {
                "operationId": "moveDemand", "summary": "Publish, mark matched, reopen or close a demand", "x-summary-zh": "需求状态变更",
                "parameters": [id("The demand's id")], "security": bearer,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["event"],
                    "properties": {"event": {"type": "string", "enum": ["publish", "match", "reopen", "close"]}, "note": {"type": "string"}}}}}},
                "responses": {"200": object("id and new state"), "404": error("No such demand"), "409": error("Not allowed from the current state"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/demands/{{id}}/matches"): {
            "get": {
                "operationId": "demandMatches", "summary": "Ranked listings and pooled patents for a demand, each with score and reasons", "x-summary-zh": "需求匹配结果",
                "description": "Each item: match_id (for feedback), kind (listing or patent), score 0–1, reasons [{kind, zh, en, favourable, terms}] (terms: shared words, for highlighting). For the SME's members and brokers.",
                "parameters": [id("The demand's id")], "security": bearer,
                "responses": {"200": object("demand_id, state, items"), "404": error("No such demand visible to the caller")}
            }
        },
        format!("{API_PREFIX}/listings/{{id}}/matches"): {
            "get": {
                "operationId": "listingMatches", "summary": "For a listing: matching needs, companies that could use it, application scenarios", "x-summary-zh": "挂牌定向推荐",
                "parameters": [id("The listing's id")], "security": bearer,
                "responses": {"200": object("listing_id, items (needs with score and reasons), companies, scenarios"), "404": error("No such listing managed or reviewed by the caller")}
            }
        },
        format!("{API_PREFIX}/matches/{{id}}/feedback"): {
            "post": {
                "operationId": "rateMatch", "summary": "Rate a recommendation with a structured reason", "x-summary-zh": "评价推荐",
                "description": "The demand's SME rates as seeker, the listing's owner as owner; a second rating replaces the first. Reasons: relevant, too_early_stage, benefit_unclear, too_expensive, route_to_market_unclear, already_have_it, wrong_field, other (needs a note). Ratings feed the ranking.",
                "parameters": [id("The match's id")], "security": bearer,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"],
                    "properties": {"reason": {"type": "string"}, "note": {"type": "string"}}}}}},
                "responses": {"200": object("match_id, side, reason"), "401": error("Not signed in"), "404": error("No such match for the caller"), "422": invalid}
            }
        },
        format!("{API_PREFIX}/matches/pipeline"): {
            "get": {
                "operationId": "matchPipeline", "summary": "The match pipeline of an industry with the feedback reasons", "x-summary-zh": "匹配进展（运营中心）",
                "parameters": [{"name": "industry", "in": "query", "required": false, "description": "Industry code, or all; default the caller's centre's industry", "schema": {"type": "string"}}],
                "security": bearer,
                "responses": {"200": object("industry, matches, feedback"), "401": error("Not signed in"), "403": error("Not a broker"), "422": invalid}
            }
        },
    })
}
