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

use patentbridge_app::App;

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
pub fn router(app: App) -> Router {
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
                app.clone(),
                crate::csrf::protect_api,
            )),
        )
        .fallback(pages::not_found)
        .with_state(app)
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
async fn healthz(State(app): State<App>) -> impl IntoResponse {
    let h = patentbridge_app::catalogue::health(&app).await;
    let status = if h.database_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        axum::Json(json!({
            "status": if h.database_ok { "ok" } else { "degraded" },
            "database": h.database,
            "indexed_documents": h.indexed_documents,
            "index_backlog": h.index_backlog.unwrap_or(-1),
        })),
    )
}
