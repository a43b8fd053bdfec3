//! The versioned JSON API, nested under `/api/v1`.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::dto::{PatentDto, SearchResponse, StatsDto};
use crate::search_params::SearchParams;
use crate::{AppError, AppState, openapi, titles};

pub const SEARCH: &str = "/search";
pub const PATENT: &str = "/patents/{number}";
pub const STATS: &str = "/stats";
pub const OPENAPI: &str = "/openapi.json";
pub const SESSION: &str = "/session";
pub const ME: &str = "/me";
pub const AUDIT: &str = "/audit";

/// Every path this router serves, relative to `/api/v1`. A test checks that
/// each is in the OpenAPI document, so a new route must be added here.
pub const PATHS: [&str; 7] = [SEARCH, PATENT, STATS, OPENAPI, SESSION, ME, AUDIT];

pub mod audit;
pub mod session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SEARCH, get(search))
        .route(PATENT, get(patent))
        .route(STATS, get(stats))
        .route(OPENAPI, get(openapi_json))
        .route(SESSION, post(session::sign_in).delete(session::sign_out))
        .route(ME, get(session::me))
        .route(AUDIT, get(audit::list))
        .fallback(not_found)
}

async fn search(
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<SearchResponse>, AppError> {
    let params = SearchParams::from_pairs(&pairs);
    let results = super::run_search(&state, &params).await?;
    Ok(Json(SearchResponse::new(&params, results)))
}

async fn patent(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<Json<PatentDto>, AppError> {
    let Some(p) = state.store.get_patent(&number).await? else {
        return Err(AppError::NotFound(format!("no patent {number}")));
    };
    let ipc = titles::resolve(&state.store, &p.ipc).await?;
    let cpc = titles::resolve(&state.store, &p.cpc).await?;
    Ok(Json(PatentDto::new(p, ipc, cpc)))
}

async fn stats(State(state): State<AppState>) -> Result<Json<StatsDto>, AppError> {
    Ok(Json(state.store.catalogue_stats().await?.into()))
}

async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi::document())
}

async fn not_found() -> AppError {
    AppError::NotFound("no such API endpoint".to_string())
}
