//! The one place where errors become HTTP statuses.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use patentbridge_search::SearchError;
use patentbridge_storage::StorageError;
use serde_json::json;

use crate::i18n::Ctx;

/// An error a handler returns; it renders as JSON for the API.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// The caller must sign in first (401).
    #[error("{0}")]
    Unauthorized(String),
    /// The caller may see the thing but not do this to it (403).
    #[error("{0}")]
    Forbidden(String),
    /// Sign-in is locked for the account after too many wrong passwords (423).
    #[error("{0}")]
    Locked(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Search(SearchError),
}

impl From<SearchError> for AppError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::BadQuery { .. } => AppError::BadRequest(e.to_string()),
            other => AppError::Search(other),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Locked(_) => StatusCode::LOCKED,
            // A duplicate (e-mail, credit code …) is the caller's mistake, not ours.
            AppError::Storage(StorageError::Conflict { .. }) => StatusCode::CONFLICT,
            AppError::Storage(_) | AppError::Search(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user may see: internal causes are logged, never shown.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound(m)
            | AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::Locked(m) => m.clone(),
            AppError::Storage(e @ StorageError::Conflict { .. }) => e.to_string(),
            AppError::Storage(_) | AppError::Search(_) => {
                "internal error; it has been logged".to_string()
            }
        }
    }

    pub(crate) fn log_if_internal(&self) {
        if self.status().is_server_error() {
            let mut chain = self.to_string();
            let mut source = std::error::Error::source(self);
            while let Some(s) = source {
                chain.push_str(": ");
                chain.push_str(&s.to_string());
                source = s.source();
            }
            tracing::error!(error = %chain, "request failed");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_if_internal();
        let status = self.status();
        let mut response = (
            status,
            Json(json!({ "error": self.public_message(), "status": status.as_u16() })),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            // RFC 9110: a 401 names the scheme that would be accepted.
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// An error on a page route: the same statuses as [`AppError`], rendered as
/// an HTML page in the user's language instead of JSON.
#[derive(Debug)]
pub struct PageError {
    pub error: AppError,
    pub ctx: Ctx,
}

impl PageError {
    pub fn new(error: impl Into<AppError>, ctx: &Ctx) -> PageError {
        PageError {
            error: error.into(),
            ctx: ctx.clone(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.error.log_if_internal();
        let status = self.error.status();
        let message = if status.is_server_error() {
            self.ctx.t().internal_error.to_string()
        } else {
            self.error.public_message()
        };
        (
            status,
            crate::views::error::page(&self.ctx, status, &message),
        )
            .into_response()
    }
}

/// Turns any handler error into a [`PageError`] for the request's page.
pub trait PageResultExt<T> {
    fn page_err(self, ctx: &Ctx) -> Result<T, PageError>;
}

impl<T, E: Into<AppError>> PageResultExt<T> for Result<T, E> {
    fn page_err(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|e| PageError::new(e, ctx))
    }
}
