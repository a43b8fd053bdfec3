//! The repository of PatentBridge.
//!
//! [`Store`] is the one interface the rest of the platform uses; behind it
//! sit SQLite (the embedded default, one file in WAL mode) and PostgreSQL
//! (selected by a `postgres://` URL). All SQL of the platform lives in this
//! crate, written once where both backends accept it and per backend where
//! they differ. Migrations live per backend in `migrations/` and are never
//! edited once landed.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

mod accounts;
mod audit;
mod deals;
mod demands;
mod error;
mod holdings;
mod ipc;
mod listings;
mod market;
mod migrate;
mod notifications;
mod organisations;
mod outbox;
mod patents;
mod pool;
mod registration;
mod stored;

pub use accounts::{
    ApiTokenRecord, InvitationRecord, NewAccount, NewApiToken, NewInvitation, NewSession, NewUser,
    UserRecord,
};
pub use audit::{AuditContext, AuditEntry, AuditFilter, NewAuditEntry};
pub use deals::{
    DealDocument, DealMove, DealPatent, DealRecord, DealStep, NewDeal, NewDocument, NewObligation,
    NewOutcome, NewRoyaltyReport, NewSignature, ObligationRecord, Outcome, RoyaltyReport,
    Signature,
};
pub use demands::{
    DemandFilter, DemandMove, DemandRecord, DemandTransition, FeedbackCount, MatchDocument,
    MatchRecord, MatchTarget, NewMatch, Rating, SavedMatch,
};
pub use error::{StorageError, conflict_subject_zh};
pub use ipc::IpcTitle;
pub use listings::{
    ListedPatent, ListingFacets, ListingMove, ListingPage, ListingQuery, ListingRecord,
    ListingTransition, PRICE_BANDS,
};
pub use market::{InquiryRecord, PackageFilter, PackageItem, PackageRecord};
pub use notifications::Notification;
pub use organisations::{
    NewOrganisation, OrganisationFigures, OrganisationFilter, OrganisationRecord,
};
pub use outbox::{OutboxEntry, OutboxOperation};
pub use patents::{CatalogueStats, UpsertSummary};
pub use pool::{
    NewPoolEntry, PoolEntryFilter, PoolEntryRecord, PoolOwnerCount, PoolSource, PoolStepRecord,
    PoolSummary, StockPatent,
};
pub use registration::Registered;

/// Runs the same code against whichever pool the store holds. The body is
/// type-checked once per backend, so SQL written in the common dialect
/// (numbered `$n` parameters, `ON CONFLICT`, `RETURNING`) serves both.
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite($pool) => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Starts a write transaction. SQLite takes the write lock at `BEGIN
/// IMMEDIATE`, so a transaction that reads before it writes waits for other
/// writers (up to the busy timeout) instead of failing at once with
/// "database is locked" when it upgrades; PostgreSQL needs no such care.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// Where the catalogue lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// An SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl DatabaseLocation {
    /// `postgres://…` or `postgresql://…` selects PostgreSQL; `sqlite://PATH`
    /// or a plain path selects SQLite.
    pub fn parse(url_or_path: &str) -> DatabaseLocation {
        let s = url_or_path.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            DatabaseLocation::Postgres(s.to_string())
        } else {
            let path = s.strip_prefix("sqlite://").unwrap_or(s);
            DatabaseLocation::Sqlite(PathBuf::from(path))
        }
    }

    /// The default: `patentbridge.sqlite` in the data directory.
    pub fn default_in(data_dir: &Path) -> DatabaseLocation {
        DatabaseLocation::Sqlite(data_dir.join("patentbridge.sqlite"))
    }

    /// A description safe to print (no password).
    pub fn redacted(&self) -> String {
        match self {
            DatabaseLocation::Sqlite(p) => format!("SQLite {}", p.display()),
            DatabaseLocation::Postgres(url) => {
                let shown = match (url.find("://"), url.rfind('@')) {
                    (Some(scheme), Some(at)) if at > scheme => {
                        format!("{}://…@{}", &url[..scheme], &url[at + 1..])
                    }
                    _ => url.clone(),
                };
                format!("PostgreSQL {shown}")
            }
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The platform's repository. Cheap to clone (pools are shared).
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) backend: Backend,
}

impl Store {
    /// Connects (creating an SQLite file if needed) and applies pending migrations.
    pub async fn open(location: &DatabaseLocation) -> Result<Store, StorageError> {
        let backend = match location {
            DatabaseLocation::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| StorageError::Io {
                        path: parent.to_path_buf(),
                        source,
                    })?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(30));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await?;
                Backend::Sqlite(pool)
            }
            DatabaseLocation::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                Backend::Postgres(pool)
            }
        };
        let store = Store { backend };
        store.migrate().await?;
        Ok(store)
    }

    /// `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Closes all connections (checkpointing the SQLite WAL).
    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        with_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .is_ok())
    }
}
