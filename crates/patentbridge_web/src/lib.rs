//! The web layer: server-rendered pages in Chinese and English, the
//! versioned JSON API under `/api/v1`, and the indexer that drains the
//! search outbox. Only this crate knows HTTP.

use std::sync::Arc;

use patentbridge_search::SearchIndex;
use patentbridge_storage::Store;

pub mod auth;
pub mod csrf;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod indexing;
pub mod listing_params;
pub mod openapi;
pub mod operations;
pub mod routes;
pub mod search_params;
pub mod titles;
pub mod views;

pub use error::AppError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: SearchIndex,
    /// Wakes the indexer after a write so search catches up at once.
    pub index_signal: Arc<tokio::sync::Notify>,
    /// The in-memory match index, rebuilt when what it reads changes.
    pub matcher: Arc<operations::matching::MatchCache>,
}

impl AppState {
    pub fn new(store: Store, index: SearchIndex) -> AppState {
        AppState {
            store,
            index,
            index_signal: Arc::new(tokio::sync::Notify::new()),
            matcher: Arc::new(operations::matching::MatchCache::default()),
        }
    }
}

pub use routes::router;

/// Serves the application on a bound listener until `shutdown` completes,
/// with the indexer and the hourly check for overdue payments running
/// beside it.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let indexer = tokio::spawn(indexing::run_indexer(
        state.store.clone(),
        state.index.clone(),
        state.index_signal.clone(),
    ));
    let overdue = tokio::spawn(flag_overdue_hourly(state.store.clone()));
    let result = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    indexer.abort();
    overdue.abort();
    result
}

/// Flags unpaid obligations past their due date to both sides of the deal
/// and the operation centres, once each; at start and then every hour.
async fn flag_overdue_hourly(store: patentbridge_storage::Store) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let today = chrono::Utc::now().date_naive();
        match store.flag_overdue_obligations(today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(flagged = n, "overdue payments flagged"),
            Err(e) => tracing::warn!(error = %e, "flagging overdue payments failed"),
        }
    }
}
