//! Server-rendered pages, the static assets they use, and the HTML 404.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use patentbridge_domain::ClassificationCode;
use patentbridge_search::{Facet, SearchError};

use crate::error::{PageError, PageResultExt};
use crate::i18n::Ctx;
use crate::search_params::SearchParams;
use crate::views::search::Outcome;
use crate::{AppError, AppState, openapi, titles, views};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/search", get(search))
        .route("/patents/{number}", get(patent))
        .route("/api", get(api_page))
        .route("/static/{file}", get(asset))
}

async fn home(ctx: Ctx, State(state): State<AppState>) -> Result<Markup, PageError> {
    let stats = state.store.catalogue_stats().await.page_err(&ctx)?;
    Ok(views::home::page(&ctx, &stats))
}

async fn search(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let params = SearchParams::from_pairs(&pairs);
    match super::run_search(&state, &params).await {
        Ok(results) => {
            let class_titles = class_titles(&state, &results.facets).await.page_err(&ctx)?;
            let outcome = Outcome::Results {
                results,
                class_titles,
            };
            Ok(views::search::page(&ctx, &params, &outcome).into_response())
        }
        // A query the user mistyped is shown on the results page, not as an error page.
        Err(SearchError::BadQuery { reason, .. }) => {
            let outcome = Outcome::BadQuery(reason);
            Ok((
                StatusCode::BAD_REQUEST,
                views::search::page(&ctx, &params, &outcome),
            )
                .into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

/// Titles of the IPC classes in the facet list, so the filter reads as words.
async fn class_titles(
    state: &AppState,
    facets: &[patentbridge_search::FacetCounts],
) -> Result<HashMap<String, (Option<String>, Option<String>)>, AppError> {
    let symbols: Vec<String> = facets
        .iter()
        .filter(|fc| fc.facet == Facet::IpcClass)
        .flat_map(|fc| fc.values.iter().take(20).map(|(v, _)| v.clone()))
        .filter(|v| ClassificationCode::parse(v).is_ok())
        .collect();
    if symbols.is_empty() {
        return Ok(HashMap::new());
    }
    let known = state.store.ipc_titles(&symbols).await?;
    Ok(known
        .into_iter()
        .map(|(k, t)| (k, (t.title_zh, t.title_en)))
        .collect())
}

async fn patent(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<Markup, PageError> {
    let Some(p) = state.store.get_patent(&number).await.page_err(&ctx)? else {
        return Err(PageError::new(
            AppError::NotFound(ctx.lang.patent_not_found(&number)),
            &ctx,
        ));
    };
    let ipc = titles::resolve(&state.store, &p.ipc).await.page_err(&ctx)?;
    let cpc = titles::resolve(&state.store, &p.cpc).await.page_err(&ctx)?;
    Ok(views::patent::page(&ctx, &p, &ipc, &cpc))
}

async fn api_page(ctx: Ctx) -> Markup {
    let doc = openapi::document();
    views::api_page::page(&ctx, &openapi::operations(&doc))
}

/// The static files, compiled into the binary so the server needs no files
/// beside it and no outside network.
const ASSETS: [(&str, &str, &[u8]); 3] = [
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/style.css"),
    ),
    (
        "api.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/api.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../static/favicon.svg"),
    ),
];

async fn asset(ctx: Ctx, Path(file): Path<String>) -> Result<Response, PageError> {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, body)) => Ok((
            [
                (CONTENT_TYPE, *mime),
                (CACHE_CONTROL, "public, max-age=86400"),
            ],
            *body,
        )
            .into_response()),
        None => Err(PageError::new(
            AppError::NotFound(ctx.t().page_not_found.to_string()),
            &ctx,
        )),
    }
}

/// Any other path: an HTML 404 in the user's language.
pub async fn not_found(ctx: Ctx) -> PageError {
    let message = ctx.t().page_not_found.to_string();
    PageError::new(AppError::NotFound(message), &ctx)
}
