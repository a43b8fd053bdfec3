//! The search outbox: catalogue changes write an entry in the same
//! transaction, and the indexer drains the entries into the search index.

use crate::{StorageError, Store, with_pool};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxOperation {
    Upsert,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub patent_number: String,
    pub operation: OutboxOperation,
}

impl Store {
    /// The oldest pending entries, at most `limit`.
    pub async fn pending_outbox(&self, limit: i64) -> Result<Vec<OutboxEntry>, StorageError> {
        let rows: Vec<(i64, String, String)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, patent_number, operation FROM search_outbox ORDER BY id LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, patent_number, op)| OutboxEntry {
                id,
                patent_number,
                operation: if op == "delete" {
                    OutboxOperation::Delete
                } else {
                    OutboxOperation::Upsert
                },
            })
            .collect())
    }

    /// Removes entries up to and including `max_id` once the index holds them.
    pub async fn acknowledge_outbox(&self, max_id: i64) -> Result<u64, StorageError> {
        let done = with_pool!(self, |pool| {
            sqlx::query("DELETE FROM search_outbox WHERE id <= $1")
                .bind(max_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done)
    }

    /// The newest entry id, or 0; a full reindex acknowledges up to it.
    pub async fn outbox_high_water_mark(&self) -> Result<i64, StorageError> {
        let (max,): (Option<i64>,) = with_pool!(self, |pool| sqlx::query_as(
            "SELECT MAX(id) FROM search_outbox"
        )
        .fetch_one(pool)
        .await?);
        Ok(max.unwrap_or(0))
    }

    /// How many entries wait to be indexed.
    pub async fn outbox_backlog(&self) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*) FROM search_outbox"
        )
        .fetch_one(pool)
        .await?);
        Ok(n)
    }
}
