//! Holding the API to its document: [`check_response`] finds the documented
//! operation of a request (method and path), and checks that the status of
//! the answer is documented for it and that a JSON body has the shape of
//! the documented schema. The test suite runs every API answer it receives
//! through it, so the document cannot drift from what the handlers send.
//!
//! The schema language understood is the subset the document uses: `$ref`
//! to `#/components/schemas`, `type` (one or a list, `null` included),
//! `properties`, `required`, `additionalProperties` (false, or the schema
//! of a map's values), `items`,
//! `enum`, `oneOf`/`anyOf`, `nullable`. Anything else is not checked.

use serde_json::Value;

use super::API_PREFIX;

/// The operation documented for `method` on the concrete `path` (with its
/// query string left off): the documented template with the most literal
/// segments wins, so `/deals/open-licence` beats `/deals/{id}`.
pub fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> Option<(&'a str, &'a Value)> {
    let path = path.split('?').next().unwrap_or(path);
    let wanted: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let mut best: Option<(usize, &str, &Value)> = None;
    for (template, item) in doc["paths"].as_object()? {
        let parts: Vec<&str> = template.trim_end_matches('/').split('/').collect();
        if parts.len() != wanted.len() {
            continue;
        }
        let mut literal = 0;
        let fits = parts.iter().zip(&wanted).all(|(t, w)| {
            if t.starts_with('{') && t.ends_with('}') {
                !w.is_empty()
            } else {
                literal += 1;
                t == w
            }
        });
        let Some(op) = item.get(method.to_ascii_lowercase()) else {
            continue;
        };
        if fits && best.is_none_or(|(n, _, _)| literal > n) {
            best = Some((literal, template.as_str(), op));
        }
    }
    best.map(|(_, t, op)| (t, op))
}

/// Checks one answer of the API against the document; `Err` lists every
/// way it departs from it.
pub fn check_response(
    doc: &Value,
    method: &str,
    path: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<(), Vec<String>> {
    let here = format!("{method} {path} → {status}");
    if !path.starts_with(API_PREFIX) {
        return Ok(());
    }
    let Some((template, op)) = operation(doc, method, path) else {
        return Err(vec![format!("{here}: no documented operation")]);
    };
    let responses = &op["responses"];
    let Some(response) = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
    else {
        let documented: Vec<&String> = responses
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        return Err(vec![format!(
            "{here}: status {status} is not documented for {method} {template} (documented: {documented:?})"
        )]);
    };
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let Some(content) = response.get("content") else {
        return if body.is_empty() || status == 204 {
            Ok(())
        } else {
            Err(vec![format!(
                "{here}: {template} documents no body for {status}, but {} bytes of {mime} came",
                body.len()
            )])
        };
    };
    let Some(media) = content.get(mime) else {
        let documented: Vec<&String> = content
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        return Err(vec![format!(
            "{here}: {mime:?} is not a documented content type ({documented:?})"
        )]);
    };
    if mime != "application/json" {
        return Ok(());
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err(vec![format!("{here}: the body is not JSON: {e}")]),
    };
    let mut errors = Vec::new();
    if let Some(schema) = media.get("schema") {
        check(doc, schema, &value, "$", &mut errors, 0);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into_iter().map(|e| format!("{here}: {e}")).collect())
    }
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_fits(wanted: &str, actual: &str) -> bool {
    wanted == actual || (wanted == "number" && actual == "integer")
}

/// Checks `value` against `schema`, adding what departs to `errors`.
pub fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    errors: &mut Vec<String>,
    depth: usize,
) {
    if depth > 64 {
        errors.push(format!("{at}: the schema nests too deeply to check"));
        return;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        match reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| doc["components"]["schemas"].get(name))
        {
            Some(target) => check(doc, target, value, at, errors, depth + 1),
            None => errors.push(format!("{at}: unknown $ref {reference}")),
        }
        return;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let fits = options.iter().any(|option| {
                let mut inner = Vec::new();
                check(doc, option, value, at, &mut inner, depth + 1);
                inner.is_empty()
            });
            if !fits {
                errors.push(format!("{at}: fits none of the {key} schemas"));
            }
            return;
        }
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    let actual = type_of(value);
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| type_fits(t, actual)) {
        errors.push(format!("{at}: is {actual}, the document says {types:?}"));
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Value::Object(fields) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !fields.contains_key(name) {
                errors.push(format!("{at}: the required field {name:?} is missing"));
            }
        }
        let others = schema.get("additionalProperties");
        for (name, field) in fields {
            match (properties.and_then(|p| p.get(name)), others) {
                (Some(s), _) => check(doc, s, field, &format!("{at}.{name}"), errors, depth + 1),
                (None, Some(Value::Bool(false))) => {
                    errors.push(format!("{at}: the field {name:?} is not documented"));
                }
                // A map: every other field has the schema given.
                (None, Some(s @ Value::Object(_))) => {
                    check(doc, s, field, &format!("{at}.{name}"), errors, depth + 1);
                }
                (None, _) => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(
                doc,
                item_schema,
                item,
                &format!("{at}[{i}]"),
                errors,
                depth + 1,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/api/v1/deals/{id}": {"get": {"responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Deal"}}}},
                    "404": {"content": {"application/json": {"schema": {"type": "object", "required": ["error"]}}}}
                }}},
                "/api/v1/deals/open-licence": {"post": {"responses": {"201": {"description": "made"}}}}
            },
            "components": {"schemas": {"Deal": {
                "type": "object", "required": ["id", "state"], "additionalProperties": false,
                "properties": {
                    "id": {"type": "integer"},
                    "state": {"type": "string", "enum": ["inquiry", "signed"]},
                    "terms": {"type": ["object", "null"]},
                    "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "patents": {"type": "array", "items": {"type": "object", "required": ["number"]}}
                }
            }}}
        })
    }

    fn answer(status: u16, body: Value) -> Result<(), Vec<String>> {
        check_response(
            &doc(),
            "GET",
            "/api/v1/deals/7?lang=en",
            status,
            "application/json",
            body.to_string().as_bytes(),
        )
    }

    #[test]
    fn an_answer_as_documented_passes() {
        answer(
            200,
            json!({"id": 7, "state": "signed", "terms": null, "patents": [{"number": "CN1"}]}),
        )
        .unwrap();
        answer(404, json!({"error": "no deal 7"})).unwrap();
    }

    #[test]
    fn every_departure_from_the_document_is_named() {
        let errors = answer(
            200,
            json!({"id": "7", "state": "lost", "extra": 1, "patents": [{}], "counts": {"a": "x"}}),
        )
        .unwrap_err()
        .join("\n");
        assert!(errors.contains("$.id: is string"), "{errors}");
        assert!(errors.contains("\"lost\" is not one of"), "{errors}");
        assert!(errors.contains("\"extra\" is not documented"), "{errors}");
        assert!(
            errors.contains("$.patents[0]: the required field \"number\""),
            "{errors}"
        );
        assert!(errors.contains("$.counts.a: is string"), "{errors}");
        let undocumented = answer(500, json!({})).unwrap_err().join("\n");
        assert!(
            undocumented.contains("status 500 is not documented"),
            "{undocumented}"
        );
    }

    #[test]
    fn a_literal_path_wins_over_a_template_and_an_unknown_path_is_named() {
        let d = doc();
        assert_eq!(
            operation(&d, "POST", "/api/v1/deals/open-licence").map(|(t, _)| t),
            Some("/api/v1/deals/open-licence")
        );
        let err = check_response(&d, "GET", "/api/v1/nowhere", 200, "application/json", b"{}")
            .unwrap_err();
        assert!(err[0].contains("no documented operation"), "{err:?}");
    }
}
