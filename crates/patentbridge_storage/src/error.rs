//! Errors of the storage layer.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// A unique constraint refused the change: `what` is already taken
    /// (`"e-mail"`, `"phone"`, `"credit code"`, …). Nothing was stored.
    #[error("{what} is already taken")]
    Conflict { what: &'static str },
    /// A patent cannot be taken because `what` already holds it (e.g. an
    /// open pool entry); names the patent. Nothing was stored.
    #[error("patent {number} is already in {what}")]
    PatentTaken { number: String, what: &'static str },
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error(
        "migration {version} was changed after it was applied (checksum differs); migrations must never be edited"
    )]
    MigrationChanged { version: i64 },
    /// The caller asked for something the schema cannot hold.
    #[error("invalid input: {0}")]
    Invalid(&'static str),
    #[error("stored value is not valid: {0}")]
    Corrupt(String),
    #[error("cannot create {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What each unique constraint protects, by the names the backends report:
/// SQLite's `table.column` or index name, PostgreSQL's constraint name. The
/// first match wins, so specific names come before table-wide ones.
const UNIQUE_CONSTRAINTS: &[(&[&str], &str)] = &[
    (&["users_email", "users.email"], "e-mail"),
    (&["users_phone", "users.phone"], "phone"),
    (&["users_username", "users.username"], "user name"),
    (
        &["organisations_credit_code", "organisations.credit_code"],
        "credit code",
    ),
    (&["memberships"], "membership"),
    (&["platform_roles"], "platform role"),
    (&["sessions"], "session"),
    (&["api_tokens"], "API token"),
    (&["password_resets"], "password reset"),
    (&["invitations"], "invitation"),
    (&["organisation_figures"], "figures for that year"),
    (
        &["pool_entries_open", "pool_entries.patent_id"],
        "pool entry for that patent",
    ),
];

/// The Chinese name of what a [`StorageError::Conflict`] or
/// [`StorageError::PatentTaken`] says is taken, for messages in both
/// languages.
pub fn conflict_subject_zh(what: &str) -> &'static str {
    match what {
        "e-mail" => "电子邮箱",
        "phone" => "手机号码",
        "user name" => "用户名",
        "credit code" => "统一社会信用代码",
        "membership" => "成员资格",
        "platform role" => "平台角色",
        "session" => "会话",
        "API token" => "API 令牌",
        "password reset" => "密码重置",
        "invitation" => "邀请",
        "figures for that year" => "该年度数据",
        "pool entry for that patent" => "该专利的入池记录",
        "an open pool entry" => "入池流程",
        _ => "该记录",
    }
}

/// SQLite's extended codes for a violated UNIQUE or PRIMARY KEY constraint,
/// and PostgreSQL's `unique_violation`.
const UNIQUE_VIOLATION_CODES: &[&str] = &["2067", "1555", "23505"];

/// The one place database errors are classified: a unique violation becomes
/// [`StorageError::Conflict`], anything else stays a database error.
impl From<sqlx::Error> for StorageError {
    fn from(err: sqlx::Error) -> Self {
        let what = match &err {
            sqlx::Error::Database(db)
                if db
                    .code()
                    .is_some_and(|c| UNIQUE_VIOLATION_CODES.contains(&c.as_ref())) =>
            {
                let names = format!("{} {}", db.constraint().unwrap_or(""), db.message());
                Some(
                    UNIQUE_CONSTRAINTS
                        .iter()
                        .find(|(keys, _)| keys.iter().any(|k| names.contains(k)))
                        .map_or("record", |(_, what)| *what),
                )
            }
            _ => None,
        };
        match what {
            Some(what) => StorageError::Conflict { what },
            None => StorageError::Database(err),
        }
    }
}
