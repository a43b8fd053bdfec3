//! Server-rendered pages, the static assets they use, and the HTML 404.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use patentbridge_app::{App, Error, catalogue};
use patentbridge_search::Facet;

use crate::error::{PageError, PageResultExt};
use crate::i18n::{Ctx, labels};
use crate::search_params::SearchParams;
use crate::views::search::Outcome;
use crate::{openapi, views};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home))
        .route("/search", get(search))
        .route("/patents/{number}", get(patent))
        .route("/api", get(api_page))
        .route("/static/{file}", get(asset))
}

async fn home(ctx: Ctx, State(app): State<App>) -> Result<Markup, PageError> {
    let stats = catalogue::stats(&app).await.page_err(&ctx)?;
    Ok(views::home::page(&ctx, &stats))
}

async fn search(
    ctx: Ctx,
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let params = SearchParams::from_pairs(&pairs);
    match catalogue::search(&app, params.to_request()).await {
        Ok(results) => {
            let class_titles = class_titles(&app, &results.facets).await.page_err(&ctx)?;
            let outcome = Outcome::Results {
                results,
                class_titles,
            };
            Ok(views::search::page(&ctx, &params, &outcome).into_response())
        }
        // A query the user mistyped is shown on the results page, not as an error page.
        Err(Error::BadInput(reason)) => {
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
    app: &App,
    facets: &[patentbridge_search::FacetCounts],
) -> Result<HashMap<String, (Option<String>, Option<String>)>, Error> {
    let symbols: Vec<String> = facets
        .iter()
        .filter(|fc| fc.facet == Facet::IpcClass)
        .flat_map(|fc| fc.values.iter().take(20).map(|(v, _)| v.clone()))
        .collect();
    catalogue::symbol_titles(app, &symbols).await
}

async fn patent(
    ctx: Ctx,
    State(app): State<App>,
    Path(number): Path<String>,
) -> Result<Markup, PageError> {
    let v = catalogue::patent(&app, &number).await.page_err(&ctx)?;
    Ok(views::patent::page(&ctx, &v.patent, &v.ipc, &v.cpc))
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
            Error::NotFound(labels::PAGE_NOT_FOUND),
            &ctx,
        )),
    }
}

/// Any other path: an HTML 404 in the user's language.
pub async fn not_found(ctx: Ctx) -> PageError {
    PageError::new(Error::NotFound(labels::PAGE_NOT_FOUND), &ctx)
}
