//! Keeps the search index in step with the database: drains the outbox that
//! catalogue writes fill in the same transaction, and rebuilds the whole
//! index from the database on demand.

use std::time::Duration;

use patentbridge_search::{SearchError, SearchIndex};
use patentbridge_storage::{OutboxOperation, StorageError, Store};

#[derive(Debug, thiserror::Error)]
pub enum IndexingError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("the indexing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

const BATCH: i64 = 1000;

/// Applies every pending outbox entry to the index; returns how many were applied.
/// Entries are acknowledged only after the index commit, so a crash between
/// the two re-applies them (applying is idempotent).
pub async fn drain_outbox(store: &Store, index: &SearchIndex) -> Result<u64, IndexingError> {
    let mut applied = 0;
    loop {
        let pending = store.pending_outbox(BATCH).await?;
        if pending.is_empty() {
            return Ok(applied);
        }
        let mut upserts: Vec<String> = Vec::new();
        let mut deletes: Vec<String> = Vec::new();
        for e in &pending {
            match e.operation {
                OutboxOperation::Upsert => upserts.push(e.patent_number.clone()),
                OutboxOperation::Delete => deletes.push(e.patent_number.clone()),
            }
        }
        upserts.sort();
        upserts.dedup();
        let patents = store.patents_by_numbers(&upserts).await?;
        // A number queued for upsert that is gone from the database is removed.
        let missing: Vec<String> = upserts
            .iter()
            .filter(|n| !patents.iter().any(|p| &p.number.to_string() == *n))
            .cloned()
            .collect();
        deletes.extend(missing);
        let index2 = index.clone();
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            if !deletes.is_empty() {
                index2.delete(&deletes)?;
            }
            index2.upsert(&patents)?;
            index2.commit()
        })
        .await??;
        let ids: Vec<i64> = pending.iter().map(|e| e.id).collect();
        store.acknowledge_outbox(&ids).await?;
        applied += pending.len() as u64;
    }
}

/// Rebuilds the index from the database; returns the number of patents indexed.
pub async fn reindex_all(
    store: &Store,
    index: &SearchIndex,
    mut on_progress: impl FnMut(u64),
) -> Result<u64, IndexingError> {
    // Entries committed before the scan starts are covered by it; later ones
    // stay queued for the indexer.
    let covered = store.outbox_ids().await?;
    let cleared = index.clone();
    tokio::task::spawn_blocking(move || cleared.clear()).await??;
    let mut after = 0;
    let mut done = 0u64;
    loop {
        let page = store.patents_after(after, BATCH).await?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        let patents: Vec<_> = page.into_iter().map(|(_, p)| p).collect();
        done += patents.len() as u64;
        let writer = index.clone();
        tokio::task::spawn_blocking(move || writer.upsert(&patents)).await??;
        on_progress(done);
    }
    let committer = index.clone();
    tokio::task::spawn_blocking(move || committer.commit()).await??;
    store.acknowledge_outbox(&covered).await?;
    Ok(done)
}

/// Runs in the server: drains the outbox whenever signalled, and every few
/// seconds in case another process (an import) wrote to the database.
pub async fn run_indexer(
    store: Store,
    index: SearchIndex,
    signal: std::sync::Arc<tokio::sync::Notify>,
) {
    loop {
        if let Err(e) = drain_outbox(&store, &index).await {
            tracing::error!(error = %e, "indexer could not drain the outbox");
        }
        tokio::select! {
            _ = signal.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(3)) => {}
        }
    }
}
