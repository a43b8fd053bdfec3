//! The OpenAPI 3.1 document of the JSON endpoints, written by hand as JSON.
//! The `/api` page renders its forms from this same document, so what is
//! documented is what can be tried. `x-summary-zh` carries the Chinese summary.

use patentbridge_search::Facet;
use serde_json::{Value, json};

pub const API_PREFIX: &str = "/api/v1";

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
            "description": "Search and read the patent catalogue of PatentBridge (专利转化服务平台). All responses are JSON; dates are ISO 8601 (YYYY-MM-DD).",
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
    doc
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
