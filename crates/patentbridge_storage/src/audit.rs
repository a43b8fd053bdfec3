//! The audit trail: who changed what, for which organisation, when, with a
//! summary before and after. Every state change of the repository writes its
//! entry in the same transaction as the change; the table refuses UPDATE and
//! DELETE on both backends.

use chrono::{DateTime, Utc};

use crate::{BeginWrite, StorageError, Store, with_pool};

/// Who is making a change, as the audit trail records it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditContext {
    /// The signed-in user, `None` for the system (seeding, jobs) or an
    /// anonymous visitor signing up.
    pub user_id: Option<i64>,
    /// The organisation the user acts for, if any.
    pub organisation_id: Option<i64>,
    /// The request that made the change, to tie entries to logs.
    pub request_id: Option<String>,
}

impl AuditContext {
    /// A change made by the platform itself (seeding, migrations of data, jobs).
    pub fn system() -> AuditContext {
        AuditContext::default()
    }

    /// A change made by a user acting for no particular organisation.
    pub fn user(user_id: i64) -> AuditContext {
        AuditContext {
            user_id: Some(user_id),
            ..AuditContext::default()
        }
    }
}

/// An entry a handler writes itself with [`Store::append_audit`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAuditEntry {
    /// Dotted verb, e.g. `"organisation.verification"`.
    pub action: String,
    /// e.g. `"organisation"`, `"user"`.
    pub entity_type: String,
    pub entity_id: String,
    /// The organisation the change concerns; defaults to the context's.
    /// The entry's district is that organisation's region code.
    pub organisation_id: Option<i64>,
    pub before_summary: Option<String>,
    pub after_summary: Option<String>,
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    /// The organisation the change concerns (the one created, verified or
    /// joined), else the one the user acted for.
    pub organisation_id: Option<i64>,
    pub request_id: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_summary: Option<String>,
    pub after_summary: Option<String>,
    /// The region code of the organisation at the time of the change.
    pub district: Option<String>,
}

/// Which entries to list; every field set narrows the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    pub user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    /// Entries at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only entries whose district is one of these (a district officer's
    /// scope); `Some(vec![])` matches nothing.
    pub districts: Option<Vec<String>>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for AuditFilter {
    fn default() -> Self {
        AuditFilter {
            user_id: None,
            organisation_id: None,
            action: None,
            entity_type: None,
            since: None,
            until: None,
            districts: None,
            limit: 100,
            offset: 0,
        }
    }
}

/// Writes one audit entry on an open transaction: `$tx` (a transaction),
/// `$ctx` (`&AuditContext`), `$org` (`Option<i64>`, the organisation the
/// change concerns, falling back to the context's), `$at`, `$action`,
/// `$entity_type`, `$entity_id`, `$before` and `$after` (`Option<String>`).
/// The district is looked up from the organisation inside the same statement.
/// Evaluates to the entry's id.
macro_rules! write_audit {
    ($tx:expr, $ctx:expr, $org:expr, $at:expr, $action:expr, $entity_type:expr, $entity_id:expr, $before:expr, $after:expr) => {{
        let ctx: &$crate::audit::AuditContext = $ctx;
        let org: Option<i64> = $org.or(ctx.organisation_id);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO audit_log (at, user_id, organisation_id, request_id, action, entity_type, entity_id, \
             before_summary, after_summary, district) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT region_code FROM organisations WHERE id = $3)) RETURNING id",
        )
        .bind($at)
        .bind(ctx.user_id)
        .bind(org)
        .bind(ctx.request_id.as_deref())
        .bind($action)
        .bind($entity_type)
        .bind($entity_id)
        .bind($before)
        .bind($after)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use write_audit;

/// A `key=value; key=value` summary of the fields that are set.
pub(crate) fn summary(fields: &[(&str, Option<String>)]) -> String {
    fields
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join("; ")
}

enum Arg {
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
}

const AUDIT_COLUMNS: &str = "id, at, user_id, organisation_id, request_id, action, entity_type, entity_id, \
    before_summary, after_summary, district";

impl Store {
    /// Writes a bare entry, for changes made outside this crate's methods.
    pub async fn append_audit(
        &self,
        ctx: &AuditContext,
        entry: &NewAuditEntry,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = write_audit!(
                tx,
                ctx,
                entry.organisation_id,
                now,
                &entry.action,
                &entry.entity_type,
                &entry.entity_id,
                entry.before_summary.as_deref(),
                entry.after_summary.as_deref()
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Entries matching the filter, newest first.
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let mut push = |clause: &str, arg: Arg| {
            args.push(arg);
            clauses.push(clause.replace('?', &format!("${}", args.len())));
        };
        if let Some(v) = filter.user_id {
            push("user_id = ?", Arg::Int(v));
        }
        if let Some(v) = filter.organisation_id {
            push("organisation_id = ?", Arg::Int(v));
        }
        if let Some(v) = &filter.action {
            push("action = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = &filter.entity_type {
            push("entity_type = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = filter.since {
            push("at >= ?", Arg::Time(v));
        }
        if let Some(v) = filter.until {
            push("at < ?", Arg::Time(v));
        }
        if let Some(districts) = &filter.districts {
            if districts.is_empty() {
                return Ok(Vec::new());
            }
            let mut marks = Vec::with_capacity(districts.len());
            for d in districts {
                args.push(Arg::Text(d.clone()));
                marks.push(format!("${}", args.len()));
            }
            clauses.push(format!("district IN ({})", marks.join(", ")));
        }
        let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log");
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        sql.push_str(&format!(
            " ORDER BY id DESC LIMIT ${} OFFSET ${}",
            args.len() + 1,
            args.len() + 2
        ));
        let rows = with_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for a in &args {
                q = match a {
                    Arg::Int(v) => q.bind(*v),
                    Arg::Text(v) => q.bind(v.as_str()),
                    Arg::Time(v) => q.bind(*v),
                };
            }
            q.bind(filter.limit.max(0))
                .bind(filter.offset.max(0))
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }
}
