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

    /// Removes exactly these entries once the index holds them. (Not "all up
    /// to an id": on PostgreSQL a lower id can commit after a higher one was
    /// read, and must not be removed unseen.)
    pub async fn acknowledge_outbox(&self, ids: &[i64]) -> Result<u64, StorageError> {
        let mut done = 0;
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "DELETE FROM search_outbox WHERE id IN ({})",
                placeholders.join(", ")
            );
            done += with_pool!(self, |pool| {
                let mut query = sqlx::query(&sql);
                for id in chunk {
                    query = query.bind(id);
                }
                query.execute(pool).await?.rows_affected()
            });
        }
        Ok(done)
    }

    /// The ids of every entry committed so far, oldest first: what a full
    /// reindex that starts now covers.
    pub async fn outbox_ids(&self) -> Result<Vec<i64>, StorageError> {
        let rows: Vec<(i64,)> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT id FROM search_outbox ORDER BY id")
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
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
