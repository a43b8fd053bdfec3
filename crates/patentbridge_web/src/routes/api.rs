//! The versioned JSON API, nested under `/api/v1`.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};

use patentbridge_app::{App, Error, catalogue};

use crate::dto::{PatentDto, SearchResponse, StatsDto};
use crate::i18n::Text;
use crate::search_params::SearchParams;
use crate::{ApiError, openapi};

pub const SEARCH: &str = "/search";
pub const PATENT: &str = "/patents/{number}";
pub const STATS: &str = "/stats";
pub const OPENAPI: &str = "/openapi.json";
pub const SESSION: &str = "/session";
pub const ME: &str = "/me";
pub const AUDIT: &str = "/audit";
pub const REGISTRATIONS: &str = "/registrations";
pub const ME_PASSWORD: &str = "/me/password";
pub const PASSWORD_RESETS: &str = "/password-resets";
pub const PASSWORD_RESET_CONFIRM: &str = "/password-resets/confirm";
pub const TOKENS: &str = "/tokens";
pub const TOKEN: &str = "/tokens/{id}";
pub const ORGANISATION: &str = "/organisations/{id}";
pub const VERIFICATION: &str = "/organisations/{id}/verification";
pub const INVITATIONS: &str = "/organisations/{id}/invitations";
pub const INVITATION_ACCEPT: &str = "/invitations/accept";
pub const ADMIN_USERS: &str = "/admin/users";
pub const ADMIN_UNLOCK: &str = "/admin/users/{id}/unlock";
pub const LISTINGS: &str = "/listings";
pub const LISTING: &str = "/listings/{id}";
pub const LISTING_TRANSITIONS: &str = "/listings/{id}/transitions";
pub const LISTING_REVIEW: &str = "/review/listings";

/// Every path this router serves, relative to `/api/v1`. A test checks that
/// each is in the OpenAPI document, so a new route must be added here.
pub const PATHS: [&str; 49] = [
    SEARCH,
    PATENT,
    STATS,
    OPENAPI,
    SESSION,
    ME,
    AUDIT,
    REGISTRATIONS,
    ME_PASSWORD,
    PASSWORD_RESETS,
    PASSWORD_RESET_CONFIRM,
    TOKENS,
    TOKEN,
    ORGANISATION,
    VERIFICATION,
    INVITATIONS,
    INVITATION_ACCEPT,
    ADMIN_USERS,
    ADMIN_UNLOCK,
    LISTINGS,
    LISTING,
    LISTING_TRANSITIONS,
    LISTING_REVIEW,
    pool::SUMMARY,
    pool::CANDIDATES,
    pool::ENTRIES,
    pool::STEPS,
    market::INQUIRIES,
    market::FAVOURITES,
    market::FAVOURITE,
    market::PACKAGES,
    market::PACKAGE,
    market::NOTIFICATIONS,
    demands::DEMANDS,
    demands::DEMAND,
    demands::DEMAND_TRANSITIONS,
    demands::DEMAND_MATCHES,
    demands::LISTING_MATCHES,
    demands::MATCH_FEEDBACK,
    demands::PIPELINE,
    demands::ANALYSE,
    deals::DEALS,
    deals::OPEN_LICENCE,
    deals::DEAL,
    deals::EVENTS,
    deals::CONTRACT,
    deals::REPORTS,
    deals::PAYMENTS,
    deals::OUTCOMES,
];

pub mod accounts;
pub mod audit;
pub mod deals;
pub mod demands;
pub mod listings;
pub mod market;
pub mod organisations;
pub mod pool;
pub mod session;

/// The body of a request, or 400 with what serde could not read.
pub(crate) fn body<T>(form: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    form.map(|Json(t)| t)
        .map_err(|e| ApiError::unreadable(e.body_text()))
}

/// The `{id}` of a path, or 400 when it is not a number.
pub(crate) fn path_id(id: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|e| ApiError::unreadable(e.body_text()))
}

pub fn routes() -> Router<App> {
    Router::new()
        .route(SEARCH, get(search))
        .route(PATENT, get(patent))
        .route(STATS, get(stats))
        .route(OPENAPI, get(openapi_json))
        .route(SESSION, post(session::sign_in).delete(session::sign_out))
        .route(ME, get(session::me))
        .route(AUDIT, get(audit::list))
        .route(REGISTRATIONS, post(accounts::register))
        .route(ME_PASSWORD, put(accounts::change_password))
        .route(PASSWORD_RESETS, post(accounts::request_reset))
        .route(PASSWORD_RESET_CONFIRM, post(accounts::confirm_reset))
        .route(
            TOKENS,
            get(accounts::list_tokens).post(accounts::create_token),
        )
        .route(TOKEN, delete(accounts::revoke_token))
        .route(ORGANISATION, get(organisations::get))
        .route(VERIFICATION, post(organisations::verification))
        .route(INVITATIONS, post(organisations::invite))
        .route(INVITATION_ACCEPT, post(organisations::accept))
        .route(ADMIN_USERS, get(accounts::list_users))
        .route(ADMIN_UNLOCK, post(accounts::unlock_user))
        .route(LISTINGS, get(listings::list).post(listings::create))
        .route(LISTING, get(listings::get).put(listings::update))
        .route(LISTING_TRANSITIONS, post(listings::transition))
        .route(LISTING_REVIEW, get(listings::review_queue))
        .merge(pool::routes())
        .merge(market::routes())
        .merge(demands::routes())
        .merge(deals::routes())
        .fallback(not_found)
}

async fn search(
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<SearchResponse>, ApiError> {
    let params = SearchParams::from_pairs(&pairs);
    let results = catalogue::search(&app, params.to_request()).await?;
    Ok(Json(SearchResponse::new(&params, results)))
}

async fn patent(
    State(app): State<App>,
    Path(number): Path<String>,
) -> Result<Json<PatentDto>, ApiError> {
    let v = catalogue::patent(&app, &number).await?;
    Ok(Json(PatentDto::new(v.patent, v.ipc, v.cpc)))
}

async fn stats(State(app): State<App>) -> Result<Json<StatsDto>, ApiError> {
    Ok(Json(catalogue::stats(&app).await?.into()))
}

async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi::document())
}

async fn not_found() -> ApiError {
    ApiError(Error::NotFound(Text::new(
        "没有此 API 接口",
        "no such API endpoint",
    )))
}
