//! Notifications: what the platform tells an organisation or a user (a
//! listing paused by the register, a buyer's inquiry), shown in their inbox.

use chrono::{DateTime, Utc};

use crate::{StorageError, Store, with_pool};

/// Tells an organisation something, on an open transaction: `$tx`,
/// `$organisation` (id), `$kind`, `$zh`, `$en`, `$link`, `$at`.
macro_rules! notify_organisation {
    ($tx:expr, $organisation:expr, $kind:expr, $zh:expr, $en:expr, $link:expr, $at:expr) => {
        sqlx::query(
            "INSERT INTO notifications (organisation_id, kind, subject_zh, subject_en, link, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($organisation)
        .bind($kind)
        .bind($zh)
        .bind($en)
        .bind($link)
        .bind($at)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use notify_organisation;

/// One stored notification.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub user_id: Option<i64>,
    pub kind: String,
    pub subject_zh: String,
    pub subject_en: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl Store {
    /// The newest notifications to any of `organisations` or to `user`.
    pub async fn notifications_for(
        &self,
        organisations: &[i64],
        user: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Notification>, StorageError> {
        let orgs: Vec<String> = organisations.iter().map(|o| o.to_string()).collect();
        let org_clause = if orgs.is_empty() {
            "1 = 0".to_string()
        } else {
            format!("organisation_id IN ({})", orgs.join(", "))
        };
        let sql = format!(
            "SELECT id, organisation_id, user_id, kind, subject_zh, subject_en, link, created_at, read_at \
             FROM notifications WHERE {org_clause} OR user_id = $1 ORDER BY id DESC LIMIT $2"
        );
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(user.unwrap_or(-1))
                .bind(limit.clamp(1, 500))
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    /// Marks the notifications of `organisations` and `user` read.
    pub async fn mark_notifications_read(
        &self,
        organisations: &[i64],
        user: i64,
    ) -> Result<u64, StorageError> {
        let orgs: Vec<String> = organisations.iter().map(|o| o.to_string()).collect();
        let org_clause = if orgs.is_empty() {
            "1 = 0".to_string()
        } else {
            format!("organisation_id IN ({})", orgs.join(", "))
        };
        let sql = format!(
            "UPDATE notifications SET read_at = $2 WHERE read_at IS NULL AND ({org_clause} OR user_id = $1)"
        );
        let n = with_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(user)
                .bind(Utc::now())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n)
    }
}
