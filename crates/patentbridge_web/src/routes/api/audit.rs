//! `GET /api/v1/audit`: the audit trail for those who oversee something,
//! as JSON or, with `format=csv`, as a CSV file Excel opens with its Chinese
//! intact (UTF-8 with a byte-order mark).
//!
//! Administrators and the IP bureau see every entry; a district officer sees
//! the entries of the district's organisations; any other signed-in user is
//! refused with 403 and an anonymous caller is asked to sign in (401).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use patentbridge_app::audit::{self, DEFAULT_LIMIT, MAX_EXPORT, MAX_LIMIT};
use patentbridge_app::{App, Error};
use patentbridge_domain::text;
use patentbridge_storage::{AuditEntry, AuditFilter};

use crate::ApiError;
use crate::auth::CurrentActor;
use crate::dto::{AuditEntryDto, AuditPage};

const CSV_HEADER: [&str; 11] = [
    "id",
    "at",
    "user_id",
    "organisation_id",
    "district",
    "action",
    "entity_type",
    "entity_id",
    "before_summary",
    "after_summary",
    "request_id",
];

pub(crate) struct AuditQuery {
    pub filter: AuditFilter,
    pub csv: bool,
}

pub(crate) fn parse_query(pairs: &[(String, String)]) -> Result<AuditQuery, Error> {
    let mut filter = AuditFilter::default();
    let mut csv = false;
    let mut limit = None;
    let number = |name: &str, value: &str| {
        value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                Error::BadInput(text!(
                    "{name} 应为非负整数，而不是“{value}”",
                    "{name} must be a whole number, not {value:?}"
                ))
            })
    };
    let text = |value: &str| Some(value.trim().to_string()).filter(|v| !v.is_empty());
    for (name, value) in pairs {
        if value.trim().is_empty() {
            continue;
        }
        match name.as_str() {
            "organisation_id" => filter.organisation_id = Some(number(name, value)?),
            "user_id" => filter.user_id = Some(number(name, value)?),
            "action" => filter.action = text(value),
            "entity_type" => filter.entity_type = text(value),
            "limit" => limit = Some(number(name, value)?),
            "offset" => filter.offset = number(name, value)?,
            "format" => match value.trim() {
                "csv" => csv = true,
                "json" => csv = false,
                other => {
                    return Err(Error::BadInput(text!(
                        "format 应为 json 或 csv，而不是“{other}”",
                        "format is json or csv, not {other:?}"
                    )));
                }
            },
            _ => {}
        }
    }
    filter.limit = if csv {
        limit.unwrap_or(MAX_EXPORT).min(MAX_EXPORT)
    } else {
        limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT)
    };
    Ok(AuditQuery { filter, csv })
}

/// `GET /api/v1/audit`
pub async fn list(
    caller: CurrentActor,
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let AuditQuery { filter, csv } = parse_query(&pairs)?;
    let (limit, offset) = (filter.limit, filter.offset);
    let entries = audit::entries(&app, &caller, filter, csv).await?;
    if csv {
        return Ok(csv_response(entries));
    }
    Ok(Json(AuditPage {
        limit,
        offset,
        entries: entries.into_iter().map(AuditEntryDto::from).collect(),
    })
    .into_response())
}

/// The entries as CSV: a UTF-8 byte-order mark, a header row, one row each.
pub fn to_csv(entries: Vec<AuditEntry>) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let row = |e: AuditEntryDto| {
            let opt = |v: Option<String>| v.unwrap_or_default();
            let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
            [
                e.id.to_string(),
                e.at,
                num(e.user_id),
                num(e.organisation_id),
                opt(e.district),
                e.action,
                e.entity_type,
                e.entity_id,
                opt(e.before_summary),
                opt(e.after_summary),
                opt(e.request_id),
            ]
        };
        // Writing to a Vec fails only when memory does.
        w.write_record(CSV_HEADER).expect("write to memory");
        for e in entries {
            w.write_record(row(AuditEntryDto::from(e)))
                .expect("write to memory");
        }
        w.flush().expect("write to memory");
    }
    out
}

fn csv_response(entries: Vec<AuditEntry>) -> Response {
    let filename = format!(
        "attachment; filename=\"audit-{}.csv\"",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&filename).expect("an ASCII file name"),
            ),
        ],
        to_csv(entries),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_query_fills_the_filter_and_caps_the_limit() {
        let q = parse_query(&pairs(&[
            ("organisation_id", "7"),
            ("action", "user.create"),
            ("entity_type", ""),
            ("limit", "5000"),
            ("offset", "20"),
        ]))
        .unwrap();
        assert!(!q.csv);
        assert_eq!(q.filter.organisation_id, Some(7));
        assert_eq!(q.filter.action.as_deref(), Some("user.create"));
        assert_eq!(q.filter.entity_type, None);
        assert_eq!(q.filter.limit, MAX_LIMIT);
        assert_eq!(q.filter.offset, 20);
    }

    #[test]
    fn a_bad_number_or_format_is_a_400() {
        assert!(parse_query(&pairs(&[("limit", "many")])).is_err());
        assert!(parse_query(&pairs(&[("offset", "-1")])).is_err());
        assert!(parse_query(&pairs(&[("format", "xlsx")])).is_err());
    }

    #[test]
    fn csv_starts_with_a_bom_and_a_header_row_and_quotes_commas() {
        let entry = AuditEntry {
            id: 1,
            at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            user_id: Some(2),
            organisation_id: None,
            request_id: None,
            action: "organisation.create".into(),
            entity_type: "organisation".into(),
            entity_id: "3".into(),
            before_summary: None,
            after_summary: Some("name_zh=天津大学, 南开".into()),
            district: Some("120104".into()),
        };
        let text = String::from_utf8(to_csv(vec![entry])).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!("\u{feff}{}", CSV_HEADER.join(","))
        );
        assert_eq!(
            lines.next().unwrap(),
            "1,1970-01-01T00:00:00Z,2,,120104,organisation.create,organisation,3,,\"name_zh=天津大学, 南开\","
        );
    }
}
