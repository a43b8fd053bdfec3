//! The OpenAPI 3.1 document of the JSON endpoints, written by hand as JSON.
//! The `/api` page renders its forms from this same document, so what is
//! documented is what can be tried. `x-summary-zh` carries the Chinese summary.

mod listings;

use patentbridge_domain::Text;
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

/// The whole document.
pub fn document() -> Value {
    let mut search_params = vec![
        json!({"name": "q", "in": "query", "required": false,
               "description": "Query text in Chinese or English: words, \"quoted phrases\", AND/OR/NOT, field:value; a patent number alone is an exact lookup. Empty matches everything.",
               "schema": {"type": "string"}, "example": "压力传感器"}),
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
                    "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } } }
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
        crate::routes::api::pool::openapi_paths(),
        crate::routes::api::demands::openapi_paths(),
        crate::routes::api::deals::openapi_paths(),
    ] {
        merge(&mut doc["paths"], paths);
    }
    merge(&mut doc["components"]["schemas"], registration_schemas());
    merge(&mut doc["components"]["schemas"], management_schemas());
    merge(&mut doc["components"]["schemas"], listings::schemas());
    merge(&mut doc["paths"], market::paths());
    merge(&mut doc["components"]["schemas"], market::schemas());
    doc
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
            "required": ["error", "status", "fields", "fields_zh"],
            "properties": {
                "error": {"type": "string"},
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
        "Registered": {
            "type": "object",
            "required": ["organisation_id", "user_id", "verification"],
            "properties": {
                "organisation_id": {"type": "integer"},
                "user_id": {"type": "integer"},
                "verification": {"type": "string", "enum": ["pending"]},
            }
        },
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
        "ResetRequested": {
            "type": "object",
            "required": ["status"],
            "properties": { "status": {"type": "string", "enum": ["sent if the account exists"]} }
        },
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
    let scopes = json!({"type": "array", "items": {"type": "string", "enum": ["read", "write", "audit", "admin"]}});
    let mut out = json!({
        "TokenRequest": {
            "type": "object",
            "required": ["name", "scopes"],
            "properties": { "name": {"type": "string"}, "scopes": scopes }
        },
        "ApiToken": {
            "type": "object",
            "required": ["id", "name", "scopes", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "scopes": scopes,
                "created_at": {"type": "string", "format": "date-time"},
                "last_used_at": nullable_time,
                "revoked_at": nullable_time,
            }
        },
        "CreatedToken": {
            "type": "object",
            "required": ["id", "name", "scopes", "token", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "scopes": scopes,
                "token": {"type": "string", "description": "Shown this once"},
                "created_at": {"type": "string", "format": "date-time"},
            }
        },
        "VerificationRequest": {
            "type": "object",
            "required": ["event"],
            "properties": { "event": {"type": "string", "enum": ["submit", "approve", "reject", "revoke"]} }
        },
        "VerificationState": {
            "type": "object",
            "required": ["verification"],
            "properties": { "verification": {"type": "string", "enum": ["unverified", "pending", "verified", "rejected"]} }
        },
        "InvitationRequest": {
            "type": "object",
            "required": ["email", "role"],
            "properties": { "email": {"type": "string"}, "role": {"type": "string", "enum": ["member", "manager"]} }
        },
        "Invitation": {
            "type": "object",
            "required": ["id", "token"],
            "properties": { "id": {"type": "integer"}, "token": {"type": "string", "description": "Shown this once"} }
        },
        "AcceptInvitation": {
            "type": "object",
            "required": ["token"],
            "properties": { "token": {"type": "string"} }
        },
        "AcceptedInvitation": {
            "type": "object",
            "required": ["organisation_id", "role"],
            "properties": { "organisation_id": {"type": "integer"}, "role": {"type": "string", "enum": ["member", "manager"]} }
        },
    });
    merge(
        &mut out,
        json!({
            "Organisation": {
                "type": "object",
                "required": ["id", "kind", "name_zh", "verification", "created_at", "updated_at"],
                "properties": {
                    "id": {"type": "integer"},
                    "kind": {"type": "string"},
                    "name_zh": {"type": "string"},
                    "name_en": nullable_string,
                    "credit_code": nullable_string,
                    "region": nullable_string,
                    "address": nullable_string,
                    "industry": nullable_string,
                    "verification": {"type": "string", "enum": ["unverified", "pending", "verified", "rejected"]},
                    "created_at": {"type": "string", "format": "date-time"},
                    "updated_at": {"type": "string", "format": "date-time"},
                    "figures": {"type": ["array", "null"], "description": "Only for members, administrators and the IP bureau", "items": {
                        "type": "object",
                        "required": ["year", "revenue_fen", "employees", "size_class"],
                        "properties": {
                            "year": {"type": "integer"},
                            "revenue_fen": {"type": "integer", "description": "Revenue in fen (0.01 yuan)"},
                            "employees": {"type": "integer"},
                            "size_class": {"type": "string", "enum": ["micro", "small", "medium", "large"]},
                        }
                    }},
                }
            },
            "UserPage": {
                "type": "object",
                "required": ["limit", "offset", "users"],
                "properties": {
                    "limit": {"type": "integer"},
                    "offset": {"type": "integer"},
                    "users": {"type": "array", "items": {"$ref": "#/components/schemas/ManagedUser"}},
                }
            },
            "ManagedUser": {
                "allOf": [
                    {"$ref": "#/components/schemas/User"},
                    {
                        "type": "object",
                        "required": ["failed_logins", "locked"],
                        "properties": {
                            "failed_logins": {"type": "integer"},
                            "locked_until": nullable_time,
                            "locked": {"type": "boolean", "description": "Whether sign-in is refused now"},
                        }
                    }
                ]
            },
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
    json!({
        "SignIn": {
            "type": "object",
            "required": ["login", "password"],
            "properties": {
                "login": {"type": "string", "description": "E-mail address or mainland mobile number"},
                "password": {"type": "string", "format": "password"},
            }
        },
        "Session": {
            "type": "object",
            "required": ["token", "expires_at", "user"],
            "properties": {
                "token": {"type": "string"},
                "expires_at": {"type": "string", "format": "date-time"},
                "user": {"$ref": "#/components/schemas/User"},
            }
        },
        "User": {
            "type": "object",
            "required": ["id", "display_name", "roles", "districts", "memberships"],
            "properties": {
                "id": {"type": "integer"},
                "display_name": {"type": "string"},
                "email": nullable_string,
                "phone": nullable_string,
                "roles": {"type": "array", "items": {"type": "string",
                    "enum": ["ip_bureau", "district_officer", "operation_centre_staff", "expert", "administrator"]}},
                "districts": {"type": "array", "items": {"type": "string"}, "description": "GB/T 2260 codes of the districts of a district officer"},
                "memberships": {"type": "array", "items": {
                    "type": "object",
                    "required": ["organisation_id", "organisation_kind", "role"],
                    "properties": {
                        "organisation_id": {"type": "integer"},
                        "organisation_kind": {"type": "string"},
                        "role": {"type": "string", "enum": ["member", "manager"]},
                    }
                }},
            }
        },
        "AuditPage": {
            "type": "object",
            "required": ["limit", "offset", "entries"],
            "properties": {
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
                "entries": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}},
            }
        },
        "AuditEntry": {
            "type": "object",
            "required": ["id", "at", "action", "entity_type", "entity_id"],
            "properties": {
                "id": {"type": "integer"},
                "at": {"type": "string", "format": "date-time"},
                "user_id": nullable_integer,
                "organisation_id": nullable_integer,
                "district": nullable_string,
                "action": {"type": "string"},
                "entity_type": {"type": "string"},
                "entity_id": {"type": "string"},
                "before_summary": nullable_string,
                "after_summary": nullable_string,
                "request_id": nullable_string,
            }
        },
    })
}

/// The response schemas. Kept apart from [`document`] so each `json!`
/// stays within the macro recursion limit.
fn schemas() -> Value {
    let nullable_string = json!({"type": ["string", "null"]});
    let nullable_date = json!({"type": ["string", "null"], "format": "date"});
    let code = json!({"$ref": "#/components/schemas/ClassificationCode"});
    json!({
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {
                        "error": {"type": "string"},
                        "status": {"type": "integer"},
                    }
                },
                "SearchResponse": {
                    "type": "object",
                    "required": ["total", "page", "per_page", "exact_number_match", "hits", "facets"],
                    "properties": {
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "exact_number_match": {"type": "boolean"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "description": "Counts per value, keyed by facet name (jurisdiction, ipc_section, ipc_class, applicant_type, year, legal_status, region, patent_type)",
                            "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                        },
                    }
                },
                "FacetValue": {
                    "type": "object",
                    "required": ["value", "count"],
                    "properties": { "value": {"type": "string"}, "count": {"type": "integer"} }
                },
                "Hit": {
                    "type": "object",
                    "required": ["number", "snippet", "applicants", "ipc", "legal_status", "score"],
                    "properties": {
                        "number": {"type": "string"},
                        "title": nullable_string,
                        "title_zh": nullable_string,
                        "title_en": nullable_string,
                        "snippet": {"type": "string", "description": "HTML: escaped text with matched terms in <mark>"},
                        "applicants": {"type": "array", "items": {"type": "string"}},
                        "ipc": {"type": "array", "items": {"type": "string"}},
                        "publication_date": nullable_date,
                        "legal_status": {"type": "string"},
                        "score": {"type": "number"},
                    }
                },
                "ClassificationCode": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {
                        "code": {"type": "string", "example": "G01L25/00"},
                        "title_zh": nullable_string,
                        "title_en": nullable_string,
                    }
                },
                "Applicant": {
                    "type": "object",
                    "required": ["name", "type", "type_overridden"],
                    "properties": {
                        "name": {"type": "string"},
                        "type": {"type": "string", "enum": ["university", "institute", "soe", "enterprise", "individual"]},
                        "type_overridden": {"type": "boolean"},
                        "address": nullable_string,
                        "region": {"type": ["string", "null"], "description": "GB/T 2260 code"},
                    }
                },
                "RegisterEvent": {
                    "type": "object",
                    "required": ["date", "kind", "label_zh", "label_en", "detail"],
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "kind": {"type": "string"},
                        "label_zh": {"type": "string"},
                        "label_en": {"type": "string"},
                        "detail": {"type": "string"},
                    }
                },
                "Patent": {
                    "type": "object",
                    "required": ["number", "patent_type", "keywords", "ipc", "cpc", "applicants", "inventors", "jurisdiction", "legal_status", "events", "source"],
                    "properties": {
                        "number": {"type": "string"},
                        "application_number": nullable_string,
                        "patent_type": {"type": "string", "enum": ["invention", "utility_model", "design", "plant"]},
                        "title_zh": nullable_string,
                        "title_en": nullable_string,
                        "abstract_zh": nullable_string,
                        "abstract_en": nullable_string,
                        "claims": nullable_string,
                        "keywords": {"type": "array", "items": {"type": "string"}},
                        "ipc": {"type": "array", "items": code},
                        "cpc": {"type": "array", "items": code},
                        "applicants": {"type": "array", "items": {"$ref": "#/components/schemas/Applicant"}},
                        "inventors": {"type": "array", "items": {"type": "string"}},
                        "application_date": nullable_date,
                        "publication_date": nullable_date,
                        "grant_date": nullable_date,
                        "jurisdiction": {"type": "string"},
                        "legal_status": {"type": "string", "enum": ["pending", "in_force", "lapsed", "invalidated", "expired", "withdrawn", "unknown"]},
                        "events": {"type": "array", "items": {"$ref": "#/components/schemas/RegisterEvent"}},
                        "cited_by_count": {"type": ["integer", "null"]},
                        "family_size": {"type": ["integer", "null"]},
                        "source": {"type": "string"},
                    }
                },
                "LabelledCount": {
                    "type": "object",
                    "required": ["value", "label_zh", "label_en", "count"],
                    "properties": {
                        "value": {"type": "string"},
                        "label_zh": {"type": "string"},
                        "label_en": {"type": "string"},
                        "count": {"type": "integer"},
                    }
                },
                "Stats": {
                    "type": "object",
                    "required": ["patents", "in_force", "ipc_titles", "by_applicant_type", "by_jurisdiction"],
                    "properties": {
                        "patents": {"type": "integer"},
                        "in_force": {"type": "integer"},
                        "ipc_titles": {"type": "integer"},
                        "by_applicant_type": {"type": "array", "items": {"$ref": "#/components/schemas/LabelledCount"}},
                        "by_jurisdiction": {"type": "array", "items": {"$ref": "#/components/schemas/LabelledCount"}},
                    }
                },
                "Health": {
                    "type": "object",
                    "required": ["status", "database", "indexed_documents", "index_backlog"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ok", "degraded"]},
                        "database": {"type": "string", "enum": ["sqlite", "postgres"]},
                        "indexed_documents": {"type": "integer"},
                        "index_backlog": {"type": "integer"},
                    }
                },
    })
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
