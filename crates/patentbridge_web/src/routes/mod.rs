//! The router: pages, the JSON API, static assets, health, and the layers
//! that give every request an id and a structured log line.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::search_params::SearchParams;

pub mod account_pages;
pub mod api;
pub mod deal_pages;
pub mod demand_pages;
pub mod listing_pages;
pub mod market_pages;
pub mod pages;
pub mod pool_pages;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application router over a state.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(
            pages::routes()
                .merge(account_pages::routes())
                .merge(listing_pages::routes())
                .merge(pool_pages::routes())
                .merge(market_pages::routes())
                .merge(demand_pages::routes())
                .merge(deal_pages::routes())
                .layer(axum::middleware::from_fn(crate::csrf::protect_pages))
                .layer(axum::middleware::from_fn(crate::i18n::remember_lang)),
        )
        .nest(
            "/api/v1",
            api::routes().layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::csrf::protect_api,
            )),
        )
        .fallback(pages::not_found)
        .with_state(state)
        .layer(
            tower::ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
}

/// Liveness and readiness: the database answers and the index is open.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let db = state.store.ping().await;
    let status = if db {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let backlog = state.store.outbox_backlog().await.unwrap_or(-1);
    (
        status,
        axum::Json(json!({
            "status": if db { "ok" } else { "degraded" },
            "database": state.store.backend_name(),
            "indexed_documents": state.index.num_docs(),
            "index_backlog": backlog,
        })),
    )
}

/// Runs a search off the async threads: the index reads and scores on the CPU.
pub(crate) async fn run_search(
    state: &AppState,
    params: &SearchParams,
) -> Result<patentbridge_search::SearchResults, patentbridge_search::SearchError> {
    let index = state.index.clone();
    let request = params.to_request();
    tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .expect("search task panicked")
}
