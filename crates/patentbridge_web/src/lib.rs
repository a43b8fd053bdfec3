//! The web front door: server-rendered pages in Chinese and English, the
//! versioned JSON API under `/api/v1` with its OpenAPI document, CSRF
//! protection, and the extractor that turns a token or a session cookie
//! into the application's [`patentbridge_app::Caller`]. Only this crate
//! knows HTTP; every workflow it serves is the application's
//! ([`patentbridge_app`]), and [`error`] is the one table from the
//! application's errors to HTTP statuses.

use patentbridge_app::App;
use patentbridge_app::workers::{Workers, standard_jobs};

pub mod auth;
pub mod csrf;
pub mod dto;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod listing_params;
pub mod openapi;
pub mod routes;
pub mod search_params;
pub mod views;

pub use error::{ApiError, PageError};
pub use routes::router;

/// Serves the application on a bound listener until `shutdown` completes,
/// with the application's background workers (the indexer, overdue
/// payments, the match index) running beside it.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let workers = Workers::start(&app, standard_jobs());
    tracing::info!(jobs = ?workers.names(), "background workers started");
    let result = axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    drop(workers);
    result
}
