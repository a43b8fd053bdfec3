//! The OpenAPI 3.1 document of the JSON endpoints, written by hand as JSON.
//! The `/api` page renders its forms from this same document, so what is
//! documented is what can be tried. `x-summary-zh` carries the Chinese summary.

pub mod check;
mod deals;
mod demands;
mod listings;
mod pool;

use patentbridge_domain::{LegalStatus, OrganisationKind, SizeClass, Text, Verification};
use patentbridge_search::Facet;
use serde_json::{Value, json};

pub const API_PREFIX: &str = "/api/v1";

mod market;

fn facet_parameter(f: Facet) -> Value {
    let (description, example) = match f {
        Facet::Jurisdiction => ("Office code, e.g. CN, US, EP", "CN"),
        Facet::IpcSection => ("IPC section letter A–H", "G"),
        Facet::IpcClass => ("IPC class, e.g. G06", "G01"),
        Facet::ApplicantType => (
            "university, institute, soe, enterprise or individual",
            "university",
        ),
        Facet::Year => (
            "Publication year (application year when unpublished)",
            "2022",
        ),
        Facet::LegalStatus => (
            "pending, in_force, lapsed, invalidated, expired, withdrawn or unknown",
            "in_force",
        ),
        Facet::Region => ("GB/T 2260 code of the applicants' region", "120104"),
        Facet::PatentType => ("invention, utility_model, design or plant", "invention"),
    };
    json!({
        "name": f.name(),
        "in": "query",
        "required": false,
        "description": format!("Filter: {description}. Repeat to OR several values; different filters are AND-ed."),
        "schema": { "type": "array", "items": { "type": "string" } },
        "style": "form",
        "explode": true,
        "example": example,
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn ok(schema: &str) -> Value {
    json!({
        "description": "OK",
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

/// A JSON answer with its description and schema.
fn answer(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema } }
    })
}

/// A reference to the component schema `name`.
fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An array of `items`.
fn array_of(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// A string that is one of `codes`.
fn codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Value {
    json!({ "type": "string", "enum": codes.into_iter().collect::<Vec<_>>() })
}

/// `schema`, or null: a typed schema gains `null` in its type (and its
/// enum), anything else (a `$ref`) becomes a `oneOf` with null.
fn or_null(schema: Value) -> Value {
    let mut out = schema.clone();
    let types = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return json!({ "oneOf": [schema, { "type": "null" }] }),
    };
    if !types.iter().any(|t| t == "null") {
        let mut types = types;
        types.push("null".to_string());
        out["type"] = json!(types);
    }
    if let Some(allowed) = out.get_mut("enum").and_then(Value::as_array_mut)
        && !allowed.contains(&Value::Null)
    {
        allowed.push(Value::Null);
    }
    out
}

/// An object whose fields are fixed and always sent: every property is
/// required and no other field is allowed, so a field a handler adds
/// without documenting it fails the check.
fn fixed(properties: Value) -> Value {
    fixed_except(properties, &[])
}

/// Like [`fixed`], but the fields named in `optional` are sent only
/// sometimes.
fn fixed_except(properties: Value, optional: &[&str]) -> Value {
    let required: Vec<&String> = properties
        .as_object()
        .map(|p| {
            p.keys()
                .filter(|k| !optional.contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// The object schema `base` (made by [`fixed`]) with more fields, each
/// required unless named in `optional`.
fn extended(base: &Value, more: Value, optional: &[&str]) -> Value {
    let mut properties = base["properties"].clone();
    let mut optional: Vec<&str> = optional.to_vec();
    let base_required: Vec<&str> = base["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if let Some(base_properties) = base["properties"].as_object() {
        optional.extend(
            base_properties
                .keys()
                .map(String::as_str)
                .filter(|k| !base_required.contains(k)),
        );
    }
    merge(&mut properties, more);
    let mut out = fixed_except(properties, &optional);
    if let Some(description) = base.get("description") {
        out["description"] = description.clone();
    }
    out
}

/// The whole document.
pub fn document() -> Value {
    let mut search_params = vec![
        json!({"name": "q", "in": "query", "required": false,
               "description": "Query text in Chinese or English: words, \"quoted phrases\", AND/OR/NOT, field:value; a patent number alone is an exact lookup. Empty matches everything. At most 1,000 characters and 32 levels of brackets, NOT and field:( — a longer or deeper query is refused with 400 saying which.",
               "schema": {"type": "string", "maxLength": 1000}, "example": "压力传感器"}),
        json!({"name": "page", "in": "query", "required": false, "description": "1-based page",
               "schema": {"type": "integer", "minimum": 1, "default": 1}, "example": 1}),
        json!({"name": "per_page", "in": "query", "required": false, "description": "Hits per page (at most 100)",
               "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "example": 20}),
        json!({"name": "sort", "in": "query", "required": false, "description": "Order of the hits",
               "schema": {"type": "string", "enum": ["relevance", "newest", "oldest", "cited"], "default": "relevance"}}),
    ];
    search_params.extend(Facet::ALL.into_iter().map(facet_parameter));

    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "PatentBridge API",
            "version": "1",
            "description": "Search and read the patent catalogue of PatentBridge. All responses are JSON; dates are ISO 8601 (YYYY-MM-DD).",
        },
        "servers": [{ "url": "/" }],
        "paths": {
            format!("{API_PREFIX}/search"): {
                "get": {
                    "operationId": "searchPatents",
                    "summary": "Search patents",
                    "x-summary-zh": "检索专利",
                    "description": "Full-text search over titles, abstracts, claims, applicants and codes, with facet counts over the whole result set.",
                    "parameters": search_params,
                    "responses": {
                        "200": ok("SearchResponse"),
                        "400": error_response("The query could not be understood"),
                    }
                }
            },
            format!("{API_PREFIX}/patents/{{number}}"): {
                "get": {
                    "operationId": "getPatent",
                    "summary": "One patent by its publication number",
                    "x-summary-zh": "按公开号查询单件专利",
                    "description": "The full record with classification titles in Chinese and English. A number without its kind code finds the record when only one kind is stored.",
                    "parameters": [{
                        "name": "number", "in": "path", "required": true,
                        "description": "Publication number, e.g. CN115525164A",
                        "schema": {"type": "string"}, "example": "CN115525164A",
                    }],
                    "responses": {
                        "200": ok("Patent"),
                        "404": error_response("No such patent"),
                    }
                }
            },
            format!("{API_PREFIX}/stats"): {
                "get": {
                    "operationId": "catalogueStats",
                    "summary": "Headline figures of the catalogue",
                    "x-summary-zh": "目录统计数据",
                    "parameters": [],
                    "responses": { "200": ok("Stats") }
                }
            },
            format!("{API_PREFIX}/openapi.json"): {
                "get": {
                    "operationId": "openapiDocument",
                    "summary": "This OpenAPI document",
                    "x-summary-zh": "本 OpenAPI 文档",
                    "parameters": [],
                    "responses": { "200": ok("OpenApiDocument") }
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness and readiness",
                    "x-summary-zh": "健康检查",
                    "parameters": [],
                    "responses": {
                        "200": ok("Health"),
                        "503": { "description": "The database does not answer", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
                    }
                }
            }
        },
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A session token from POST /api/v1/session or an API token",
                },
            },
        }
    });
    merge(&mut doc["paths"], account_paths());
    merge(&mut doc["components"]["schemas"], account_schemas());
    for paths in [
        registration_paths(),
        password_paths(),
        token_paths(),
        organisation_paths(),
        admin_paths(),
        listings::paths(),
        pool::paths(),
        demands::paths(),
        deals::paths(),
    ] {
        merge(&mut doc["paths"], paths);
    }
    merge(&mut doc["components"]["schemas"], registration_schemas());
    merge(&mut doc["components"]["schemas"], management_schemas());
    merge(&mut doc["components"]["schemas"], listings::schemas());
    merge(&mut doc["paths"], market::paths());
    merge(&mut doc["components"]["schemas"], market::schemas());
    for schemas in [
        deals::schemas(),
        demands::schemas(),
        pool::schemas(),
        document_schemas(),
    ] {
        merge(&mut doc["components"]["schemas"], schemas);
    }
    add_common_responses(&mut doc);
    doc
}

/// Operations that check a password (Argon2id on the password workers),
/// which refuse work beyond their queue with 503.
const PASSWORD_OPERATIONS: [(&str, &str); 4] = [
    ("/session", "post"),
    ("/registrations", "post"),
    ("/me/password", "put"),
    ("/password-resets/confirm", "post"),
];

/// The answers any operation can give, added where an operation does not
/// describe them itself: 500 for a failure of the server's own; 400 for a
/// request whose path, query or body cannot be read; 401 and 404 for a
/// signed-in operation asked by nobody, by a caller not allowed, or about
/// what the caller may not see; 503 (with Retry-After) where a password is checked.
fn add_common_responses(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let takes_input = op.get("requestBody").is_some()
                || op["parameters"].as_array().is_some_and(|p| !p.is_empty());
            let signed_in = op.get("security").is_some_and(|s| s != &json!([]));
            let checks_password = PASSWORD_OPERATIONS
                .iter()
                .any(|(p, m)| path == &format!("{API_PREFIX}{p}") && method == m);
            let responses = &mut op["responses"];
            let mut add = |status: &str, description: &str| {
                if responses.get(status).is_none() {
                    responses[status] = error_response(description);
                }
            };
            add(
                "500",
                "A failure of the server's own; the cause is logged, never shown",
            );
            if takes_input {
                add("400", "The path, query or body cannot be read");
            }
            if signed_in {
                add("401", "Not signed in");
                add(
                    "403",
                    "Not allowed: the caller's roles or API token's scopes do not allow it, or a cookie-signed request lacks its X-CSRF-Token",
                );
                add("404", "Not found, or not visible to the caller");
            }
            if checks_password {
                add(
                    "503",
                    "Too many password checks at once; try again after Retry-After seconds",
                );
            }
        }
    }
}

fn request_body(schema: &str) -> Value {
    json!({
        "required": true,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn created(schema: &str) -> Value {
    json!({
        "description": "Created",
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn invalid() -> Value {
    json!({
        "description": "Some fields are not valid: `fields` and `fields_zh` map each field to its message in English and Chinese",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FieldErrors" } } }
    })
}

fn id_parameter(description: &str) -> Value {
    json!({
        "name": "id", "in": "path", "required": true, "description": description,
        "schema": {"type": "integer"}, "example": 1,
    })
}

/// Signing up.
fn registration_paths() -> Value {
    json!({
        format!("{API_PREFIX}/registrations"): {
            "post": {
                "operationId": "register",
                "summary": "Sign up an organisation and its first user",
                "x-summary-zh": "机构注册",
                "description": "Registers the organisation (submitted for verification, so `pending`), its figures and its first user, who becomes its manager. Every field error is reported at once; a refused sign-up stores nothing. Numbers may be sent as JSON numbers or strings.",
                "parameters": [],
                "requestBody": request_body("Registration"),
                "responses": {
                    "201": created("Registered"),
                    "400": error_response("The body is not the JSON expected"),
                    "422": invalid(),
                }
            }
        },
    })
}

/// Changing and resetting passwords.
fn password_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        format!("{API_PREFIX}/me/password"): {
            "put": {
                "operationId": "changePassword",
                "summary": "Change the password of the signed-in user",
                "x-summary-zh": "修改密码",
                "description": "Needs a session (not an API token). Every session of the user ends, so they sign in again.",
                "parameters": [],
                "security": bearer,
                "requestBody": request_body("PasswordChange"),
                "responses": {
                    "204": { "description": "Changed; all sessions ended" },
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Not signed in"),
                    "403": error_response("An API token cannot change the account"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/password-resets"): {
            "post": {
                "operationId": "requestPasswordReset",
                "summary": "Ask for a password-reset link",
                "x-summary-zh": "申请重置密码",
                "description": "The answer is the same whether the login exists or not. The link (valid 60 minutes) is sent to the user out of band, never in the answer.",
                "parameters": [],
                "requestBody": request_body("ResetRequest"),
                "responses": {
                    "202": json_body("ResetRequested"),
                    "400": error_response("The body is not the JSON expected"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/password-resets/confirm"): {
            "post": {
                "operationId": "confirmPasswordReset",
                "summary": "Set a new password with a reset token",
                "x-summary-zh": "凭重置令牌设置新密码",
                "description": "The token works once; it is spent only if the new password is accepted.",
                "parameters": [],
                "requestBody": request_body("ResetConfirm"),
                "responses": {
                    "204": { "description": "The password is set" },
                    "400": error_response("The body is not the JSON expected"),
                    "404": error_response("The token is unknown, used or expired"),
                    "422": invalid(),
                }
            }
        },
    })
}

/// API tokens.
fn token_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        format!("{API_PREFIX}/tokens"): {
            "get": {
                "operationId": "listApiTokens",
                "summary": "The caller's API tokens (never their secrets)",
                "x-summary-zh": "我的 API 令牌",
                "parameters": [],
                "security": bearer,
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {
                        "type": "array", "items": {"$ref": "#/components/schemas/ApiToken"}}}}},
                    "401": error_response("Not signed in"),
                }
            },
            "post": {
                "operationId": "createApiToken",
                "summary": "Create an API token",
                "x-summary-zh": "创建 API 令牌",
                "description": "Needs a session (a token cannot create tokens). Scopes: read, write, audit (administrators, the IP bureau, district officers), admin (administrators). The token is in the answer this once.",
                "parameters": [],
                "security": bearer,
                "requestBody": request_body("TokenRequest"),
                "responses": {
                    "201": created("CreatedToken"),
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Not signed in"),
                    "403": error_response("An API token cannot create tokens"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/tokens/{{id}}"): {
            "delete": {
                "operationId": "revokeApiToken",
                "summary": "Revoke one of the caller's API tokens",
                "x-summary-zh": "撤销 API 令牌",
                "parameters": [id_parameter("The token's id")],
                "security": bearer,
                "responses": {
                    "204": { "description": "Revoked" },
                    "401": error_response("Not signed in"),
                    "403": error_response("An API token cannot revoke tokens"),
                    "404": error_response("No active token of the caller with this id"),
                }
            }
        },
    })
}

/// Organisations, their verification and invitations.
fn organisation_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        format!("{API_PREFIX}/organisations/{{id}}"): {
            "get": {
                "operationId": "getOrganisation",
                "summary": "One organisation",
                "x-summary-zh": "机构信息",
                "description": "Verified organisations other than SMEs are public; others only to their members, administrators, the IP bureau and the district's officers. The yearly figures only for members, administrators and the IP bureau. An organisation the caller may not see is 404.",
                "parameters": [id_parameter("The organisation's id")],
                "security": bearer,
                "responses": {
                    "200": json_body("Organisation"),
                    "404": error_response("No such organisation, or not visible to the caller"),
                }
            }
        },
        format!("{API_PREFIX}/organisations/{{id}}/verification"): {
            "post": {
                "operationId": "changeVerification",
                "summary": "Submit, approve, reject or revoke the verification",
                "x-summary-zh": "机构认证（提交、批准、驳回、撤销）",
                "description": "Managers submit; administrators approve, reject or revoke. A step the current state does not allow is 409.",
                "parameters": [id_parameter("The organisation's id")],
                "security": bearer,
                "requestBody": request_body("VerificationRequest"),
                "responses": {
                    "200": json_body("VerificationState"),
                    "400": error_response("The body is not the JSON expected"),
                    "403": error_response("The caller may see the organisation but not do this"),
                    "404": error_response("No such organisation, or not visible to the caller"),
                    "409": error_response("The current state does not allow this step"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/organisations/{{id}}/invitations"): {
            "post": {
                "operationId": "inviteMember",
                "summary": "Invite someone by e-mail to join the organisation",
                "x-summary-zh": "邀请成员",
                "description": "The organisation's managers. The token (for the invitation link) is in the answer this once.",
                "parameters": [id_parameter("The organisation's id")],
                "security": bearer,
                "requestBody": request_body("InvitationRequest"),
                "responses": {
                    "201": created("Invitation"),
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Not signed in"),
                    "403": error_response("Only the organisation's managers invite"),
                    "404": error_response("No such organisation, or not visible to the caller"),
                    "422": invalid(),
                }
            }
        },
        format!("{API_PREFIX}/invitations/accept"): {
            "post": {
                "operationId": "acceptInvitation",
                "summary": "Join the organisation of an invitation",
                "x-summary-zh": "接受邀请",
                "parameters": [],
                "security": bearer,
                "requestBody": request_body("AcceptInvitation"),
                "responses": {
                    "200": json_body("AcceptedInvitation"),
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Not signed in"),
                    "404": error_response("The invitation is unknown or already used"),
                }
            }
        },
    })
}

/// User management.
fn admin_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        format!("{API_PREFIX}/admin/users"): {
            "get": {
                "operationId": "listUsers",
                "summary": "Users with their roles, memberships and sign-in locks",
                "x-summary-zh": "用户管理",
                "description": "Administrators only; anyone else gets 404.",
                "parameters": [
                    {"name": "limit", "in": "query", "required": false, "description": "Users per page (at most 1000)",
                     "schema": {"type": "integer", "minimum": 0, "default": 100}},
                    {"name": "offset", "in": "query", "required": false, "description": "Users to skip",
                     "schema": {"type": "integer", "minimum": 0, "default": 0}},
                ],
                "security": bearer,
                "responses": {
                    "200": json_body("UserPage"),
                    "400": error_response("A parameter could not be read"),
                    "404": error_response("Not an administrator"),
                }
            }
        },
        format!("{API_PREFIX}/admin/users/{{id}}/unlock"): {
            "post": {
                "operationId": "unlockUser",
                "summary": "Lift the sign-in lock of a user",
                "x-summary-zh": "解除账户锁定",
                "parameters": [id_parameter("The user's id")],
                "security": bearer,
                "responses": {
                    "204": { "description": "Unlocked" },
                    "400": error_response("The user is not locked"),
                    "404": error_response("No such user, or not an administrator"),
                }
            }
        },
    })
}

fn registration_schemas() -> Value {
    let text_or_number = json!({"type": ["string", "integer", "number"]});
    let text = json!({"type": "string"});
    json!({
        "FieldErrors": {
            "type": "object",
            "required": ["error", "error_zh", "status", "fields", "fields_zh"],
            "additionalProperties": false,
            "properties": {
                "error": {"type": "string"},
                "error_zh": {"type": "string"},
                "status": {"type": "integer", "enum": [422]},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Field name → message in English"},
                "fields_zh": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Field name → message in Chinese"},
            }
        },
        "Registration": {
            "type": "object",
            "required": ["name_zh", "credit_code", "region_code", "display_name", "login", "password", "password_confirm"],
            "properties": {
                "kind": {"type": "string", "description": "Organisation kind code; empty means sme", "example": "sme"},
                "name_zh": text,
                "name_en": text,
                "credit_code": {"type": "string", "description": "18-character unified social credit code"},
                "region_code": {"type": "string", "description": "GB/T 2260 district code in Tianjin", "example": "120116"},
                "address": text,
                "industry": text,
                "year": text_or_number,
                "revenue_yuan": text_or_number,
                "employees": text_or_number,
                "display_name": text,
                "login": {"type": "string", "description": "E-mail address or mainland mobile number"},
                "password": {"type": "string", "format": "password"},
                "password_confirm": {"type": "string", "format": "password"},
            }
        },
        "Registered": fixed(json!({
            "organisation_id": {"type": "integer"},
            "user_id": {"type": "integer"},
            "verification": codes(["pending"]),
        })),
        "PasswordChange": {
            "type": "object",
            "required": ["current_password", "new_password", "password_confirm"],
            "properties": {
                "current_password": {"type": "string", "format": "password"},
                "new_password": {"type": "string", "format": "password"},
                "password_confirm": {"type": "string", "format": "password"},
            }
        },
        "ResetRequest": {
            "type": "object",
            "required": ["login"],
            "properties": { "login": {"type": "string"} }
        },
        "ResetRequested": fixed(json!({ "status": codes(["sent if the account exists"]) })),
        "ResetConfirm": {
            "type": "object",
            "required": ["token", "new_password", "password_confirm"],
            "properties": {
                "token": {"type": "string"},
                "new_password": {"type": "string", "format": "password"},
                "password_confirm": {"type": "string", "format": "password"},
            }
        },
    })
}

fn management_schemas() -> Value {
    let nullable_string = json!({"type": ["string", "null"]});
    let nullable_time = json!({"type": ["string", "null"], "format": "date-time"});
    let integer = json!({"type": "integer"});
    let time = json!({"type": "string", "format": "date-time"});
    let scopes = json!({"type": "array", "items": {"type": "string", "enum": ["read", "write", "audit", "admin"]}});
    let verification = codes(Verification::ALL.iter().map(|v| v.as_str()));
    let role = codes(["member", "manager"]);
    let mut out = json!({
        "TokenRequest": {
            "type": "object",
            "required": ["name", "scopes"],
            "properties": { "name": {"type": "string"}, "scopes": scopes }
        },
        "ApiToken": fixed(json!({
            "id": integer,
            "name": {"type": "string"},
            "scopes": scopes,
            "created_at": time,
            "last_used_at": nullable_time,
            "revoked_at": nullable_time,
        })),
        "CreatedToken": fixed(json!({
            "id": integer,
            "name": {"type": "string"},
            "scopes": scopes,
            "token": {"type": "string", "description": "Shown this once"},
            "created_at": time,
        })),
        "VerificationRequest": {
            "type": "object",
            "required": ["event"],
            "properties": { "event": {"type": "string", "enum": ["submit", "approve", "reject", "revoke"]} }
        },
        "VerificationState": fixed(json!({ "verification": verification })),
        "InvitationRequest": {
            "type": "object",
            "required": ["email", "role"],
            "properties": { "email": {"type": "string"}, "role": role }
        },
        "Invitation": fixed(json!({
            "id": integer,
            "token": {"type": "string", "description": "Shown this once"},
        })),
        "AcceptInvitation": {
            "type": "object",
            "required": ["token"],
            "properties": { "token": {"type": "string"} }
        },
        "AcceptedInvitation": fixed(json!({ "organisation_id": integer, "role": role })),
    });
    let mut figures = or_null(array_of(fixed(json!({
        "year": integer,
        "revenue_fen": {"type": "integer", "description": "Revenue in fen (0.01 yuan)"},
        "employees": integer,
        "size_class": codes(SizeClass::ALL.iter().map(|c| c.as_str())),
    }))));
    figures["description"] = json!("Only for members, administrators and the IP bureau");
    merge(
        &mut out,
        json!({
            "Organisation": fixed(json!({
                "id": integer,
                "kind": codes(OrganisationKind::ALL.iter().map(|k| k.as_str())),
                "name_zh": {"type": "string"},
                "name_en": nullable_string,
                "credit_code": nullable_string,
                "region": nullable_string,
                "address": nullable_string,
                "industry": nullable_string,
                "verification": verification,
                "created_at": time,
                "updated_at": time,
                "figures": figures,
            })),
            "UserPage": fixed(json!({
                "limit": integer,
                "offset": integer,
                "users": array_of(schema_ref("ManagedUser")),
            })),
            "ManagedUser": extended(
                &user_schema(),
                json!({
                    "failed_logins": integer,
                    "locked_until": {"type": ["string", "null"], "format": "date-time", "description": "May lie in the past once the lock ran out"},
                    "locked": {"type": "boolean", "description": "Whether sign-in is refused now"},
                }),
                &[],
            ),
        }),
    );
    out
}

/// Adds the keys of `extra` (an object) to `target` (an object).
fn merge(target: &mut Value, extra: Value) {
    if let (Some(target), Value::Object(extra)) = (target.as_object_mut(), extra) {
        target.extend(extra);
    }
}

fn json_body(schema: &str) -> Value {
    json!({
        "description": "OK",
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

/// Sign-in, sign-out, the caller, and the audit trail.
fn account_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let audit_parameters = json!([
        {"name": "organisation_id", "in": "query", "required": false,
         "description": "Only entries concerning this organisation", "schema": {"type": "integer"}},
        {"name": "action", "in": "query", "required": false,
         "description": "Only this action, e.g. organisation.create, user.create, session.create",
         "schema": {"type": "string"}, "example": "organisation.create"},
        {"name": "entity_type", "in": "query", "required": false,
         "description": "Only this kind of entity, e.g. organisation, user, membership",
         "schema": {"type": "string"}},
        {"name": "limit", "in": "query", "required": false,
         "description": "Entries per page (at most 1000; a CSV export holds up to 100000)",
         "schema": {"type": "integer", "minimum": 0, "default": 100}},
        {"name": "offset", "in": "query", "required": false, "description": "Entries to skip",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "format", "in": "query", "required": false,
         "description": "json, or csv for a UTF-8 CSV file with a byte-order mark (opens in Excel)",
         "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}},
    ]);
    json!({
        format!("{API_PREFIX}/session"): {
            "post": {
                "operationId": "signIn",
                "summary": "Sign in and get a bearer token",
                "x-summary-zh": "登录并获取访问令牌",
                "description": "Takes {\"login\": e-mail or mobile number, \"password\": …}. Returns a token valid for 12 hours for `Authorization: Bearer …` and sets the pb_session cookie. Ten wrong passwords in a row lock the account for 15 minutes.",
                "parameters": [],
                "requestBody": {
                    "required": true,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SignIn" } } }
                },
                "responses": {
                    "200": json_body("Session"),
                    "400": error_response("The body is not the JSON expected"),
                    "401": error_response("Wrong login or password"),
                    "423": error_response("The account is locked after too many wrong passwords"),
                }
            },
            "delete": {
                "operationId": "signOut",
                "summary": "End the session of the bearer token or cookie",
                "x-summary-zh": "退出登录",
                "parameters": [],
                "security": bearer,
                "responses": {
                    "204": { "description": "The session is over" },
                    "401": error_response("No session was presented"),
                }
            }
        },
        format!("{API_PREFIX}/me"): {
            "get": {
                "operationId": "currentUser",
                "summary": "The signed-in user",
                "x-summary-zh": "当前登录用户",
                "parameters": [],
                "security": bearer,
                "responses": {
                    "200": json_body("User"),
                    "401": error_response("Not signed in"),
                }
            }
        },
        format!("{API_PREFIX}/audit"): {
            "get": {
                "operationId": "auditLog",
                "summary": "Audit entries the caller may see, newest first",
                "x-summary-zh": "审计日志",
                "description": "Administrators and the IP bureau see every entry, a district officer the entries of the district's organisations.",
                "parameters": audit_parameters,
                "security": bearer,
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": { "schema": { "$ref": "#/components/schemas/AuditPage" } },
                            "text/csv": { "schema": { "type": "string" } },
                        }
                    },
                    "400": error_response("A parameter could not be read"),
                    "401": error_response("Not signed in"),
                    "403": error_response("The caller oversees nothing"),
                }
            }
        },
    })
}

fn account_schemas() -> Value {
    let nullable_string = json!({"type": ["string", "null"]});
    let nullable_integer = json!({"type": ["integer", "null"]});
    let integer = json!({"type": "integer"});
    let text = json!({"type": "string"});
    let time = json!({"type": "string", "format": "date-time"});
    json!({
        "SignIn": {
            "type": "object",
            "required": ["login", "password"],
            "properties": {
                "login": {"type": "string", "description": "E-mail address or mainland mobile number"},
                "password": {"type": "string", "format": "password"},
            }
        },
        "Session": fixed(json!({
            "token": {"type": "string", "description": "A bearer token, valid until expires_at"},
            "expires_at": time,
            "user": schema_ref("User"),
        })),
        "User": user_schema(),
        "AuditPage": fixed(json!({
            "limit": integer,
            "offset": integer,
            "entries": array_of(schema_ref("AuditEntry")),
        })),
        "AuditEntry": fixed(json!({
            "id": integer,
            "at": time,
            "user_id": nullable_integer,
            "organisation_id": nullable_integer,
            "district": nullable_string,
            "action": text,
            "entity_type": text,
            "entity_id": text,
            "before_summary": nullable_string,
            "after_summary": nullable_string,
            "request_id": nullable_string,
        })),
    })
}

/// A user as `dto::UserDto` shows them; administrators see more
/// (`ManagedUser`).
fn user_schema() -> Value {
    let nullable_string = json!({"type": ["string", "null"]});
    let kinds = codes(OrganisationKind::ALL.iter().map(|k| k.as_str()));
    fixed(json!({
        "id": {"type": "integer"},
        "display_name": {"type": "string"},
        "email": nullable_string,
        "phone": nullable_string,
        "roles": array_of(codes(["ip_bureau", "district_officer", "operation_centre_staff", "expert", "administrator"])),
        "districts": {"type": "array", "items": {"type": "string"}, "description": "GB/T 2260 codes of the districts of a district officer"},
        "memberships": array_of(fixed(json!({
            "organisation_id": {"type": "integer"},
            "organisation_kind": kinds,
            "role": codes(["member", "manager"]),
        }))),
    }))
}

/// The response schemas. Kept apart from [`document`] so each `json!`
/// stays within the macro recursion limit.
fn schemas() -> Value {
    let nullable_string = json!({"type": ["string", "null"]});
    let nullable_date = json!({"type": ["string", "null"], "format": "date"});
    let integer = json!({"type": "integer"});
    let text = json!({"type": "string"});
    let code = schema_ref("ClassificationCode");
    let labelled = array_of(schema_ref("LabelledCount"));
    let mut out = json!({
        "Error": {
            "type": "object",
            "description": "Every error of the API: the status, and the message in English and in Chinese.",
            "required": ["error", "error_zh", "status"],
            "additionalProperties": false,
            "properties": {
                "error": {"type": "string", "description": "The message in English"},
                "error_zh": {"type": "string", "description": "The message in Chinese"},
                "status": {"type": "integer"},
            }
        },
        "SearchResponse": fixed(json!({
            "total": integer,
            "page": integer,
            "per_page": integer,
            "exact_number_match": {"type": "boolean"},
            "hits": array_of(schema_ref("Hit")),
            "facets": {
                "type": "object",
                "description": "Counts per value, keyed by facet name (jurisdiction, ipc_section, ipc_class, applicant_type, year, legal_status, region, patent_type)",
                "additionalProperties": array_of(schema_ref("FacetValue")),
            },
        })),
        "FacetValue": fixed(json!({ "value": text, "count": integer })),
        "Hit": fixed(json!({
            "number": text,
            "title": {"type": ["string", "null"], "description": "The Chinese title if there is one, else the English"},
            "title_zh": nullable_string,
            "title_en": nullable_string,
            "snippet": {"type": "string", "description": "HTML: escaped text with matched terms in <mark>"},
            "applicants": array_of(text.clone()),
            "ipc": array_of(text.clone()),
            "publication_date": nullable_date,
            "legal_status": text,
            "score": {"type": "number"},
        })),
        "ClassificationCode": fixed(json!({
            "code": {"type": "string", "example": "G01L25/00"},
            "title_zh": nullable_string,
            "title_en": nullable_string,
        })),
        "Applicant": fixed(json!({
            "name": text,
            "type": codes(["university", "institute", "soe", "enterprise", "individual"]),
            "type_overridden": {"type": "boolean"},
            "address": nullable_string,
            "region": {"type": ["string", "null"], "description": "GB/T 2260 code"},
        })),
        "RegisterEvent": fixed(json!({
            "date": {"type": "string", "format": "date"},
            "kind": text,
            "label_zh": text,
            "label_en": text,
            "detail": text,
        })),
    });
    merge(
        &mut out,
        json!({
            "Patent": fixed(json!({
                "number": text,
                "application_number": nullable_string,
                "patent_type": codes(["invention", "utility_model", "design", "plant"]),
                "title_zh": nullable_string,
                "title_en": nullable_string,
                "abstract_zh": nullable_string,
                "abstract_en": nullable_string,
                "claims": nullable_string,
                "keywords": array_of(text.clone()),
                "ipc": array_of(code.clone()),
                "cpc": array_of(code),
                "applicants": array_of(schema_ref("Applicant")),
                "inventors": array_of(text.clone()),
                "application_date": nullable_date,
                "publication_date": nullable_date,
                "grant_date": nullable_date,
                "jurisdiction": text,
                "legal_status": codes(LegalStatus::ALL.iter().map(|s| s.as_str())),
                "events": array_of(schema_ref("RegisterEvent")),
                "cited_by_count": {"type": ["integer", "null"]},
                "family_size": {"type": ["integer", "null"]},
                "source": text,
            })),
            "LabelledCount": fixed(json!({
                "value": text,
                "label_zh": text,
                "label_en": text,
                "count": integer,
            })),
            "Stats": fixed(json!({
                "patents": integer,
                "in_force": integer,
                "ipc_titles": integer,
                "by_applicant_type": labelled,
                "by_jurisdiction": labelled,
            })),
            "Health": fixed(json!({
                "status": codes(["ok", "degraded"]),
                "database": codes(["sqlite", "postgres"]),
                "indexed_documents": integer,
                "index_backlog": {"type": "integer", "description": "-1 when unknown"},
            })),
        }),
    );
    out
}

/// The shape of this document itself, as `GET /api/v1/openapi.json`
/// sends it: the parts of OpenAPI 3.1 it uses.
fn document_schemas() -> Value {
    let text = json!({"type": "string"});
    let strings = array_of(text.clone());
    let schemas = array_of(schema_ref("JsonSchema"));
    let mut out = json!({
        "OpenApiDocument": {
            "type": "object",
            "required": ["openapi", "info", "paths", "components"],
            "properties": {
                "openapi": codes(["3.1.0"]),
                "info": {
                    "type": "object",
                    "required": ["title", "version"],
                    "properties": { "title": text, "version": text, "description": text },
                },
                "servers": array_of(json!({"type": "object", "required": ["url"], "properties": {"url": text}})),
                "paths": {
                    "type": "object",
                    "description": "Path → path item",
                    "additionalProperties": {
                        "type": "object",
                        "description": "HTTP method → operation",
                        "additionalProperties": schema_ref("ApiOperation"),
                    },
                },
                "components": {
                    "type": "object",
                    "required": ["schemas"],
                    "properties": {
                        "schemas": {"type": "object", "additionalProperties": schema_ref("JsonSchema")},
                        "securitySchemes": {"type": "object", "additionalProperties": {
                            "type": "object",
                            "required": ["type"],
                            "properties": { "type": text, "scheme": text, "description": text },
                        }},
                    },
                },
            },
        },
    });
    merge(
        &mut out,
        json!({
            "ApiOperation": {
                "type": "object",
                "required": ["operationId", "summary", "responses"],
                "properties": {
                    "operationId": text,
                    "summary": text,
                    "x-summary-zh": {"type": "string", "description": "The summary in Chinese"},
                    "description": text,
                    "parameters": array_of(schema_ref("ApiParameter")),
                    "security": array_of(json!({"type": "object", "additionalProperties": strings})),
                    "requestBody": {
                        "type": "object",
                        "required": ["content"],
                        "properties": {"required": {"type": "boolean"}, "content": schema_ref("ApiContent")},
                    },
                    "responses": {"type": "object", "description": "Status → response", "additionalProperties": schema_ref("ApiResponse")},
                },
            },
            "ApiParameter": {
                "type": "object",
                "required": ["name", "in"],
                "properties": {
                    "name": text,
                    "in": codes(["query", "path", "header", "cookie"]),
                    "required": {"type": "boolean"},
                    "description": text,
                    "schema": schema_ref("JsonSchema"),
                    "style": text,
                    "explode": {"type": "boolean"},
                },
            },
            "ApiResponse": {
                "type": "object",
                "required": ["description"],
                "properties": { "description": text, "content": schema_ref("ApiContent") },
            },
            "ApiContent": {
                "type": "object",
                "description": "Media type → its schema",
                "additionalProperties": {"type": "object", "properties": {"schema": schema_ref("JsonSchema")}},
            },
        }),
    );
    merge(
        &mut out,
        json!({
            "JsonSchema": {
                "type": "object",
                "description": "A JSON Schema, in the dialect of OpenAPI 3.1",
                "properties": {
                    "$ref": text,
                    "type": {"type": ["string", "array"], "items": text},
                    "format": text,
                    "description": text,
                    "properties": {"type": "object", "additionalProperties": schema_ref("JsonSchema")},
                    "required": strings,
                    "additionalProperties": {"oneOf": [{"type": "boolean"}, schema_ref("JsonSchema")]},
                    "items": schema_ref("JsonSchema"),
                    "prefixItems": schemas,
                    "enum": array_of(json!({"type": ["string", "integer", "number", "boolean", "null"]})),
                    "oneOf": schemas,
                    "anyOf": schemas,
                    "minimum": {"type": "number"},
                    "maximum": {"type": "number"},
                    "minItems": {"type": "integer"},
                    "maxItems": {"type": "integer"},
                    "maxLength": {"type": "integer"},
                },
            },
        }),
    );
    out
}

/// One documented operation, flattened for the `/api` page.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub summary_zh: String,
    pub description: Option<String>,
    pub parameters: Vec<Parameter>,
}

impl Operation {
    /// The summary in both languages.
    pub fn summary_text(&self) -> Text {
        Text::owned(self.summary_zh.clone(), self.summary.clone())
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: String,
    pub choices: Vec<String>,
    pub example: Option<String>,
}

/// The operations of a document in its order of paths.
pub fn operations(doc: &Value) -> Vec<Operation> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    let mut out = Vec::new();
    let Some(paths) = doc["paths"].as_object() else {
        return out;
    };
    for (path, item) in paths {
        let Some(methods) = item.as_object() else {
            continue;
        };
        for (method, op) in methods {
            let parameters = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| Parameter {
                    name: p["name"].as_str().unwrap_or_default().to_string(),
                    location: p["in"].as_str().unwrap_or("query").to_string(),
                    required: p["required"].as_bool().unwrap_or(false),
                    description: p["description"].as_str().unwrap_or_default().to_string(),
                    choices: p["schema"]["enum"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|c| c.as_str().map(str::to_string))
                        .collect(),
                    example: text(&p["example"]),
                })
                .collect();
            let summary = op["summary"].as_str().unwrap_or(path).to_string();
            out.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary_zh: op["x-summary-zh"].as_str().unwrap_or(&summary).to_string(),
                summary,
                description: op["description"].as_str().map(str::to_string),
                parameters,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The component a `$ref` names, if the document has it.
    fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
        reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| doc["components"]["schemas"].get(name))
    }

    /// Every `$ref` of `value` (a whole document or a part) that does not
    /// resolve, with where it is.
    fn dangling_refs(doc: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    let here = format!("{at}/{key}");
                    match (key.as_str(), field) {
                        ("$ref", Value::String(r)) if resolve(doc, r).is_none() => {
                            out.push(format!("{here}: {r} does not resolve"));
                        }
                        _ => dangling_refs(doc, field, &here, out),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    dangling_refs(doc, item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// Where `schema` (and every schema inside it, through `$ref`s) says
    /// too little for `check::check` to hold an answer to it: an object
    /// with neither `properties` nor an `additionalProperties` schema, an
    /// array without `items`, a schema with no type at all, or a keyword
    /// the check does not understand (`allOf`).
    fn vague(
        doc: &Value,
        schema: &Value,
        at: &str,
        seen: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            match resolve(doc, reference) {
                None => out.push(format!("{at}: {reference} does not resolve")),
                Some(target) => {
                    if seen.insert(reference.to_string()) {
                        vague(doc, target, reference, seen, out);
                    }
                }
            }
            return;
        }
        if schema.get("allOf").is_some() {
            out.push(format!("{at}: allOf is not understood by the check"));
            return;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                for (i, option) in options.iter().enumerate() {
                    vague(doc, option, &format!("{at}/{key}/{i}"), seen, out);
                }
                return;
            }
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.is_empty() && schema.get("enum").is_none() {
            out.push(format!("{at}: no type"));
            return;
        }
        if types.contains(&"object") {
            let properties = schema.get("properties").and_then(Value::as_object);
            let values = schema.get("additionalProperties").filter(|v| v.is_object());
            if properties.is_none_or(|p| p.is_empty()) && values.is_none() {
                out.push(format!(
                    "{at}: an object with neither properties nor additionalProperties describing its values"
                ));
            }
            for (name, property) in properties.into_iter().flatten() {
                vague(doc, property, &format!("{at}/properties/{name}"), seen, out);
            }
            if let Some(values) = values {
                vague(
                    doc,
                    values,
                    &format!("{at}/additionalProperties"),
                    seen,
                    out,
                );
            }
        }
        if types.contains(&"array") {
            match schema.get("items").filter(|i| i.is_object()) {
                Some(items) => vague(doc, items, &format!("{at}/items"), seen, out),
                None => out.push(format!("{at}: an array without items")),
            }
        }
    }

    /// The vague schemas of every 2xx `application/json` answer of `doc`.
    fn vague_answers(doc: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                for (status, response) in op["responses"].as_object().into_iter().flatten() {
                    if !status.starts_with('2') {
                        continue;
                    }
                    if let Some(schema) = response["content"]["application/json"].get("schema") {
                        let at = format!("{} {path} → {status}", method.to_uppercase());
                        vague(doc, schema, &at, &mut seen, &mut out);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_ref_resolves() {
        let doc = document();
        let mut dangling = Vec::new();
        dangling_refs(&doc, &doc, "#", &mut dangling);
        assert!(dangling.is_empty(), "{}", dangling.join("\n"));
    }

    #[test]
    fn every_json_answer_has_a_schema_that_says_what_is_sent() {
        let vague = vague_answers(&document());
        assert!(
            vague.is_empty(),
            "vague answer schemas:\n{}",
            vague.join("\n")
        );
    }

    #[test]
    fn a_vague_schema_is_found_wherever_it_hides() {
        let answer =
            |schema: Value| json!({"200": {"content": {"application/json": {"schema": schema}}}});
        let doc = json!({
            "paths": {
                "/a": {"get": {"responses": answer(json!({"type": "object"}))}},
                "/b": {"get": {"responses": answer(json!({"type": "array"}))}},
                "/c": {"get": {"responses": answer(json!({"$ref": "#/components/schemas/Nested"}))}},
                "/d": {"get": {"responses": answer(json!({"$ref": "#/components/schemas/Missing"}))}},
                "/e": {"post": {"responses": {
                    "201": {"content": {"application/json": {"schema": {"allOf": []}}}},
                    "404": {"content": {"application/json": {"schema": {"type": "object"}}}},
                }}},
                "/f": {"get": {"responses": answer(json!({"$ref": "#/components/schemas/Fine"}))}},
            },
            "components": {"schemas": {
                "Nested": {"type": "object", "properties": {"list": {"type": ["array", "null"]}, "any": {}}},
                "Fine": {"type": "object", "properties": {
                    "map": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "list": {"type": "array", "items": {"oneOf": [{"$ref": "#/components/schemas/Fine"}, {"type": "null"}]}},
                }},
            }},
        });
        let found = vague_answers(&doc).join("\n");
        for expected in [
            "GET /a → 200: an object with neither",
            "GET /b → 200: an array without items",
            "#/components/schemas/Nested/properties/list: an array without items",
            "#/components/schemas/Nested/properties/any: no type",
            "GET /d → 200: #/components/schemas/Missing does not resolve",
            "POST /e → 201: allOf",
        ] {
            assert!(found.contains(expected), "{expected:?} not in:\n{found}");
        }
        assert!(
            !found.contains("/e → 404"),
            "only 2xx answers are held to it:\n{found}"
        );
        assert!(!found.contains("Fine"), "{found}");
        let mut dangling = Vec::new();
        dangling_refs(&doc, &doc, "#", &mut dangling);
        assert_eq!(dangling.len(), 1, "{dangling:?}");
        assert!(dangling[0].contains("Missing"), "{dangling:?}");
    }

    #[test]
    fn the_document_fits_its_own_schema() {
        let doc = document();
        let body = serde_json::to_vec(&doc).unwrap();
        check::check_response(
            &doc,
            "GET",
            &format!("{API_PREFIX}/openapi.json"),
            200,
            "application/json",
            &body,
        )
        .unwrap();
    }

    #[test]
    fn or_null_adds_null_to_the_type_and_the_enum() {
        assert_eq!(
            or_null(codes(["a", "b"])),
            json!({"type": ["string", "null"], "enum": ["a", "b", null]})
        );
        assert_eq!(
            or_null(json!({"$ref": "#/components/schemas/X"})),
            json!({"oneOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]})
        );
        let once = or_null(json!({"type": ["integer", "null"]}));
        assert_eq!(once, json!({"type": ["integer", "null"]}));
    }

    #[test]
    fn an_extended_schema_keeps_its_base_and_requires_what_it_adds() {
        let base = fixed_except(
            json!({"a": {"type": "integer"}, "b": {"type": "string"}}),
            &["b"],
        );
        let more = extended(
            &base,
            json!({"c": {"type": "boolean"}, "d": {"type": "string"}}),
            &["d"],
        );
        assert_eq!(more["required"], json!(["a", "c"]));
        assert_eq!(more["additionalProperties"], json!(false));
        assert_eq!(more["properties"].as_object().unwrap().len(), 4);
    }

    #[test]
    fn the_api_page_still_gets_every_operation() {
        let doc = document();
        let ops = operations(&doc);
        let documented: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(ops.len(), documented);
        assert!(
            ops.iter()
                .any(|o| o.path.ends_with("/deals/{id}") && o.method == "GET")
        );
    }
}
