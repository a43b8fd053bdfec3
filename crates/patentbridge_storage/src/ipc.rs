//! Titles of the IPC scheme in Chinese and English.

use std::collections::HashMap;

use crate::{BeginWrite, StorageError, Store, with_pool};

/// One symbol of the scheme with its titles (either may be missing).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IpcTitle {
    pub symbol: String,
    pub level: String,
    pub parent_symbol: Option<String>,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
}

impl Store {
    /// Stores titles in one transaction, merging with what is there: a title
    /// missing from this batch keeps the stored one (the Chinese and English
    /// schemes are loaded separately).
    pub async fn upsert_ipc_titles(&self, titles: &[IpcTitle]) -> Result<u64, StorageError> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for t in titles {
                sqlx::query(
                    "INSERT INTO ipc_titles (symbol, level, parent_symbol, title_zh, title_en) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (symbol) DO UPDATE SET level = excluded.level, \
                     parent_symbol = COALESCE(excluded.parent_symbol, ipc_titles.parent_symbol), \
                     title_zh = COALESCE(excluded.title_zh, ipc_titles.title_zh), \
                     title_en = COALESCE(excluded.title_en, ipc_titles.title_en)",
                )
                .bind(&t.symbol)
                .bind(&t.level)
                .bind(&t.parent_symbol)
                .bind(&t.title_zh)
                .bind(&t.title_en)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(titles.len() as u64)
        })
    }

    /// Titles of the given symbols that are known, keyed by symbol.
    pub async fn ipc_titles(
        &self,
        symbols: &[String],
    ) -> Result<HashMap<String, IpcTitle>, StorageError> {
        let mut out = HashMap::new();
        with_pool!(self, |pool| {
            for s in symbols {
                if out.contains_key(s) {
                    continue;
                }
                let found: Option<IpcTitle> = sqlx::query_as(
                    "SELECT symbol, level, parent_symbol, title_zh, title_en FROM ipc_titles WHERE symbol = $1",
                )
                .bind(s)
                .fetch_optional(pool)
                .await?;
                if let Some(t) = found {
                    out.insert(s.clone(), t);
                }
            }
        });
        Ok(out)
    }
}
