//! The one place where errors become HTTP statuses: [`status`] maps every
//! [`Error`] of the application to its status, [`ApiError`] renders it as
//! JSON for the API and [`PageError`] as a page in the reader's language.
//! An internal error is a 500 whose cause chain is logged; the client reads
//! only that it happened.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use patentbridge_app::Error;
use patentbridge_domain::{Lang, Text};
use serde_json::json;

use crate::i18n::Ctx;

/// The status of an application error.
pub fn status(e: &Error) -> StatusCode {
    match e {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        Error::Locked(_) => StatusCode::LOCKED,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::BadInput(_) => StatusCode::BAD_REQUEST,
        Error::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_if_internal(e: &Error) {
    if e.is_internal() {
        tracing::error!(error = %e.chain(), "request failed");
    }
}

/// Headers a status asks for: a 401 names the scheme that would be
/// accepted (RFC 9110); a 503 says when to try again.
fn add_headers(status: StatusCode, response: &mut Response) {
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
}

/// An error of an API handler; it renders as JSON:
/// `{"status", "error" (English), "error_zh"}` and, for invalid fields,
/// `"fields"` and `"fields_zh"` (field → message).
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl ApiError {
    /// A request the web layer could not read (a body, a path segment).
    pub fn unreadable(detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        ApiError(Error::BadInput(Text::owned(
            format!("请求无法读取：{detail}"),
            format!("the request cannot be read: {detail}"),
        )))
    }

    pub fn status(&self) -> StatusCode {
        status(&self.0)
    }
}

/// The message of each invalid field in `lang`, in form order.
pub fn field_messages(e: &Error, lang: Lang) -> Vec<(&'static str, String)> {
    match e {
        Error::Invalid(fields) => fields
            .iter()
            .map(|f| (f.field, f.message.get(lang).to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        log_if_internal(&e);
        let status = status(&e);
        let message = e.message();
        let mut body = json!({
            "status": status.as_u16(),
            "error": message.en(),
            "error_zh": message.zh(),
        });
        if let Error::Invalid(_) = &e {
            let map = |lang| {
                field_messages(&e, lang)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
                    .collect::<serde_json::Map<_, _>>()
            };
            body["fields"] = map(Lang::En).into();
            body["fields_zh"] = map(Lang::Zh).into();
        }
        let mut response = (status, Json(body)).into_response();
        add_headers(status, &mut response);
        response
    }
}

/// An error on a page route: the same statuses as [`ApiError`], rendered as
/// an HTML page in the user's language instead of JSON.
#[derive(Debug)]
pub struct PageError {
    pub error: Error,
    /// Boxed: a page's context is large and errors travel in `Result`s.
    pub ctx: Box<Ctx>,
}

impl PageError {
    pub fn new(error: impl Into<Error>, ctx: &Ctx) -> PageError {
        PageError {
            error: error.into(),
            ctx: Box::new(ctx.clone()),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_if_internal(&self.error);
        let status = status(&self.error);
        let message = self.error.message();
        let mut response = (
            status,
            crate::views::error::page(&self.ctx, status, message.get(self.ctx.lang)),
        )
            .into_response();
        add_headers(status, &mut response);
        response
    }
}

/// Turns any handler error into a [`PageError`] for the request's page.
pub trait PageResultExt<T> {
    fn page_err(self, ctx: &Ctx) -> Result<T, PageError>;
}

impl<T, E: Into<Error>> PageResultExt<T> for Result<T, E> {
    fn page_err(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|e| PageError::new(e, ctx))
    }
}

impl<T> PageResultExt<T> for Result<T, ApiError> {
    fn page_err(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|e| PageError::new(e.0, ctx))
    }
}

#[cfg(test)]
mod tests {
    use patentbridge_domain::FieldError;

    use super::*;

    #[test]
    fn every_error_has_one_status_and_ours_are_500() {
        let t = || Text::new("中", "en");
        let cases = [
            (Error::NotFound(t()), 404),
            (Error::Unauthenticated(t()), 401),
            (Error::Forbidden(t()), 403),
            (Error::Locked(t()), 423),
            (Error::Conflict(t()), 409),
            (Error::Invalid(vec![FieldError::new("x", "中", "en")]), 422),
            (Error::BadInput(t()), 400),
            (Error::Busy(t()), 503),
            (Error::internal("building the match index", "boom"), 500),
        ];
        for (e, code) in cases {
            assert_eq!(status(&e).as_u16(), code, "{e:?}");
        }
    }

    #[tokio::test]
    async fn an_internal_error_shows_no_cause_to_the_client() {
        let r = ApiError(Error::internal(
            "rendering a contract PDF",
            "secret path /srv/x",
        ))
        .into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(r.into_body(), 10_000).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(!body.contains("secret"), "{body}");
        assert!(body.contains("internal error"), "{body}");
    }

    #[test]
    fn a_busy_answer_says_when_to_try_again() {
        let r = ApiError(Error::Busy(Text::new("忙", "busy"))).into_response();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
    }
}
