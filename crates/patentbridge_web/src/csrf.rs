//! Cross-site request forgery protection.
//!
//! Every page form carries a hidden `csrf` field. For a signed-in user it
//! must equal the token of their session (stored with the session); before
//! signing in (sign-up, sign-in, password reset) it must equal the
//! `pb_csrf` cookie, a random value this middleware gives every visitor
//! (the double-submit pattern). On top of the token, a state-changing
//! request whose `Origin` (or, lacking one, `Referer`) names another site is
//! refused outright.
//!
//! The JSON API needs no token when called with a bearer token; a browser
//! calling it with only the session cookie must send the session's token in
//! an `X-CSRF-Token` header for anything but GET.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use patentbridge_app::tokens::new_token;
use patentbridge_app::{App, Error};
use patentbridge_domain::Text;

use crate::auth::{self, CurrentActor, bearer_token, cookie};
use crate::error::{ApiError, PageError};
use crate::i18n::Ctx;

/// The cookie holding a visitor's pre-sign-in form token.
pub const CSRF_COOKIE: &str = "pb_csrf";
/// The hidden form field every page form carries.
pub const CSRF_FIELD: &str = "csrf";
/// The header a browser script sends the session's token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The visitor's pre-sign-in token, put in the request by [`protect_pages`].
#[derive(Debug, Clone)]
struct VisitorToken(String);

fn refused() -> Error {
    Error::Forbidden(Text::new(
        "表单已过期或来自其他网站，请刷新页面后重试",
        "the form has expired or came from another site; reload the page and try again",
    ))
}

/// Compares two tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The host (with port) of an `Origin` or `Referer` URL.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether an unsafe request comes from this site, judged by `Origin`, then
/// `Referer`; a request with neither (an old client, a script) passes to
/// the token check.
fn same_site(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        None => true,
        Some("null") => false,
        Some(url) => url_host(url).is_some_and(|h| h.eq_ignore_ascii_case(host)),
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Middleware for page routes: refuses cross-site form posts and gives a
/// visitor without one a form token cookie.
pub async fn protect_pages(mut req: Request, next: Next) -> Response {
    if is_unsafe(req.method()) && !same_site(req.headers()) {
        let ctx = Ctx::without_user(req.uri(), req.headers());
        return PageError::new(refused(), &ctx).into_response();
    }
    let existing = cookie(req.headers(), CSRF_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string);
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(new_token);
    let secure = auth::over_https(req.headers());
    req.extensions_mut().insert(VisitorToken(token.clone()));
    let mut res = next.run(req).await;
    if fresh {
        let secure = if secure { "; Secure" } else { "" };
        let value = format!("{CSRF_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{secure}");
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&value).expect("a hex token makes a valid header"),
        );
    }
    res
}

/// Middleware for the JSON API: a state change authenticated only by the
/// session cookie must carry the session's token in `X-CSRF-Token`.
pub async fn protect_api(State(app): State<App>, req: Request, next: Next) -> Response {
    if is_unsafe(req.method()) && bearer_token(req.headers()).is_none() {
        let (mut parts, body) = req.into_parts();
        let caller = match CurrentActor::from_request_parts(&mut parts, &app).await {
            Ok(c) => c,
            Err(e) => return e.into_response(),
        };
        if let Some(expected) = caller.form_token.as_deref() {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_token(sent, expected) || !same_site(&parts.headers) {
                return ApiError(refused()).into_response();
            }
        }
        return next.run(Request::from_parts(parts, body)).await;
    }
    next.run(req).await
}

/// The caller of a page and the form token its forms carry and its posts
/// must return.
#[derive(Debug, Clone)]
pub struct PageCaller {
    pub caller: CurrentActor,
    pub csrf: String,
}

impl PageCaller {
    /// Refuses a post whose form token is not this caller's.
    pub fn check(&self, submitted: &str) -> Result<(), Error> {
        if same_token(submitted.trim(), &self.csrf) {
            Ok(())
        } else {
            Err(refused())
        }
    }
}

impl FromRequestParts<App> for PageCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let caller = CurrentActor::from_request_parts(parts, app).await?;
        let csrf = match &caller.form_token {
            Some(session_token) => session_token.clone(),
            None => parts
                .extensions
                .get::<VisitorToken>()
                .map(|t| t.0.clone())
                .ok_or_else(|| {
                    Error::internal("a page form", "page route without CSRF protection")
                })?,
        };
        Ok(PageCaller { caller, csrf })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_post_from_this_site_passes_and_one_from_another_is_refused() {
        let host = (header::HOST, "pb.example:8080");
        assert!(same_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://pb.example:8080")
        ])));
        assert!(same_site(&headers(&[
            host.clone(),
            (header::REFERER, "https://pb.example:8080/sign-in?lang=en")
        ])));
        assert!(!same_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://evil.example")
        ])));
        assert!(!same_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "null")
        ])));
        assert!(same_site(&headers(&[host])));
    }

    #[test]
    fn tokens_compare_equal_only_when_identical() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(!same_token("", "abc"));
    }
}
