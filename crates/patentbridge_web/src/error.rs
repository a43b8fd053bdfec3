//! The one place where errors become HTTP statuses.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use patentbridge_domain::FieldError;
use patentbridge_search::SearchError;
use patentbridge_storage::StorageError;
use serde_json::json;

use crate::i18n::{Ctx, Lang};

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
    /// The thing is not in a state that allows this (409), e.g. approving an
    /// organisation that was never submitted.
    #[error("{0}")]
    Conflict(String),
    /// The input was understood but some fields are wrong (422); each field
    /// error carries its message in both languages.
    #[error("{} field(s) are not valid", .0.len())]
    Invalid(Vec<FieldError>),
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
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            // A duplicate (e-mail, credit code …) is the caller's mistake, not ours.
            AppError::Storage(StorageError::Conflict { .. } | StorageError::PatentTaken { .. }) => {
                StatusCode::CONFLICT
            }
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
            | AppError::Locked(m)
            | AppError::Conflict(m) => m.clone(),
            AppError::Invalid(fields) => {
                let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
                format!("please correct: {}", names.join(", "))
            }
            AppError::Storage(
                e @ (StorageError::Conflict { .. } | StorageError::PatentTaken { .. }),
            ) => e.to_string(),
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

impl AppError {
    /// One field's error, e.g. a taken e-mail reported on the `login` field.
    pub fn field(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, zh, en)])
    }

    /// The message of each invalid field in `lang`, in form order.
    pub fn field_messages(&self, lang: Lang) -> Vec<(&'static str, String)> {
        match self {
            AppError::Invalid(fields) => fields
                .iter()
                .map(|f| {
                    let m = if lang.is_zh() {
                        &f.message_zh
                    } else {
                        &f.message_en
                    };
                    (f.field, m.clone())
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_if_internal();
        let status = self.status();
        let mut body = json!({ "error": self.public_message(), "status": status.as_u16() });
        if let AppError::Invalid(_) = &self {
            let map = |lang| {
                self.field_messages(lang)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
                    .collect::<serde_json::Map<_, _>>()
            };
            body["fields"] = map(Lang::En).into();
            body["fields_zh"] = map(Lang::Zh).into();
        }
        let mut response = (status, Json(body)).into_response();
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
    /// Boxed: a page's context is large and errors travel in `Result`s.
    pub ctx: Box<Ctx>,
}

impl PageError {
    pub fn new(error: impl Into<AppError>, ctx: &Ctx) -> PageError {
        PageError {
            error: error.into(),
            ctx: Box::new(ctx.clone()),
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
