//! Applies the per-backend migrations in order, each in its own transaction,
//! and refuses to run over a migration whose text changed after it landed.

use crate::{Backend, BeginWrite, StorageError, Store, with_pool};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "catalogue",
        sqlite: include_str!("../migrations/sqlite/0001_catalogue.sql"),
        postgres: include_str!("../migrations/postgres/0001_catalogue.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sqlite: include_str!("../migrations/sqlite/0002_accounts.sql"),
        postgres: include_str!("../migrations/postgres/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "usernames",
        sqlite: include_str!("../migrations/sqlite/0003_usernames.sql"),
        postgres: include_str!("../migrations/postgres/0003_usernames.sql"),
    },
    Migration {
        version: 4,
        name: "supply",
        sqlite: include_str!("../migrations/sqlite/0004_supply.sql"),
        postgres: include_str!("../migrations/postgres/0004_supply.sql"),
    },
    Migration {
        version: 5,
        name: "demand",
        sqlite: include_str!("../migrations/sqlite/0005_demand.sql"),
        postgres: include_str!("../migrations/postgres/0005_demand.sql"),
    },
    Migration {
        version: 6,
        name: "deals",
        sqlite: include_str!("../migrations/sqlite/0006_deals.sql"),
        postgres: include_str!("../migrations/postgres/0006_deals.sql"),
    },
];

/// FNV-1a: a stable checksum of a migration's text.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Store {
    pub(crate) async fn migrate(&self) -> Result<(), StorageError> {
        with_pool!(self, |pool| {
            sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL)")
                .execute(pool)
                .await?;
            for m in MIGRATIONS {
                let sql = match self.backend {
                    Backend::Sqlite(_) => m.sqlite,
                    Backend::Postgres(_) => m.postgres,
                };
                let checksum = format!("{:016x}", fnv1a(sql.as_bytes()));
                let applied: Option<(String,)> =
                    sqlx::query_as("SELECT checksum FROM schema_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(pool)
                        .await?;
                match applied {
                    Some((stored,)) if stored == checksum => continue,
                    Some(_) => return Err(StorageError::MigrationChanged { version: m.version }),
                    None => {}
                }
                let fail = |source| StorageError::Migration {
                    version: m.version,
                    name: m.name,
                    source,
                };
                let mut tx = pool.begin_write().await?;
                sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(fail)?;
                sqlx::query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                )
                .bind(m.version)
                .bind(m.name)
                .bind(&checksum)
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
                tx.commit().await?;
                tracing::info!(version = m.version, name = m.name, "applied migration");
            }
            Ok(())
        })
    }
}
