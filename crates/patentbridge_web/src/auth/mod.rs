//! Who is asking: the [`CurrentActor`] extractor reads a bearer token or
//! the session cookie, asks the application who it identifies
//! ([`patentbridge_app::sessions::identify`]) and yields the app's
//! [`Caller`] — with the request's id and the client's address — plus the
//! session's form token that page forms must echo.
//!
//! A bearer token is either a session token from `POST /api/v1/session` or
//! an API token; the `pb_session` cookie carries a session token for pages.
//! Anything unknown, expired or revoked is simply anonymous.

use std::convert::Infallible;
use std::ops::Deref;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use patentbridge_app::sessions::{self, Credential};
use patentbridge_app::{App, Caller};

use crate::error::ApiError;
use crate::i18n::{Ctx, NavUser};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "pb_session";

/// The caller of a request.
#[derive(Debug, Clone)]
pub struct CurrentActor {
    pub caller: Caller,
    /// The form token of the caller's session, which its forms must echo;
    /// `None` for an API token or an anonymous visitor.
    pub form_token: Option<String>,
}

impl Deref for CurrentActor {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.caller
    }
}

/// Whether the request reached us over TLS, directly or through a proxy.
pub fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("https")
        })
}

pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{secure}"
    )
}

/// The id the request-id layer gave this request.
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The value of a cookie, from any `Cookie` header of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v)
}

/// The client's address: the connection's peer (the server runs with
/// connect info), or behind a trusted proxy the address it appended to
/// `X-Forwarded-For`; `None` in tests that call the router directly.
///
/// A client can write any `X-Forwarded-For`; only behind a proxy that
/// appends the real address (`PATENTBRIDGE_BEHIND_PROXY` set) is its
/// right-most entry believed.
pub fn client_ip(parts: &Parts) -> Option<String> {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let forwarded = std::env::var_os("PATENTBRIDGE_BEHIND_PROXY")
        .and_then(|_| parts.headers.get("x-forwarded-for"))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    forwarded.or(peer)
}

impl FromRequestParts<App> for CurrentActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        // The page context and the handler both ask; look the session up once.
        if let Some(known) = parts.extensions.get::<CurrentActor>() {
            return Ok(known.clone());
        }
        // A bearer token that is not valid does not fall back to the
        // cookie: the client meant that token.
        let credential = match bearer_token(&parts.headers) {
            Some(token) => Some(Credential::Bearer(token)),
            None => cookie(&parts.headers, SESSION_COOKIE).map(Credential::SessionCookie),
        };
        let identified = sessions::identify(app, credential).await?;
        let actor = CurrentActor {
            caller: identified
                .caller
                .with_request(request_id(&parts.headers), client_ip(parts)),
            form_token: identified.form_token,
        };
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}

/// A page's context knows who is signed in, for the header's account menu.
impl FromRequestParts<App> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, Self::Rejection> {
        // A database hiccup while reading the session shows the page as to
        // a visitor; the handler's own extractor reports the error.
        let user = CurrentActor::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|caller| {
                let u = caller.user.as_ref()?;
                Some(NavUser {
                    display_name: u.display_name.clone(),
                    is_admin: caller.actor.is_admin(),
                    oversees: caller.actor.is_admin()
                        || caller.actor.is_ip_bureau()
                        || caller.actor.is_district_officer(),
                    has_organisation: !u.memberships.is_empty(),
                    pool_member: u.memberships.iter().any(|m| m.org_kind.is_patent_source()),
                    reviewer: caller.actor.is_admin() || caller.actor.works_for_operation_centre(),
                    csrf: caller.form_token.clone().unwrap_or_default(),
                })
            });
        Ok(Ctx {
            user,
            ..Ctx::without_user(&parts.uri, &parts.headers)
        })
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_bearer_token_is_read_case_insensitively_and_other_schemes_are_ignored() {
        let h = headers(&[(header::AUTHORIZATION, "bearer abc123")]);
        assert_eq!(bearer_token(&h), Some("abc123"));
        let h = headers(&[(header::AUTHORIZATION, "Basic dXNlcjpwdw==")]);
        assert_eq!(bearer_token(&h), None);
        let h = headers(&[(header::AUTHORIZATION, "Bearer ")]);
        assert_eq!(bearer_token(&h), None);
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[
            (header::COOKIE, "lang=en"),
            (header::COOKIE, "theme=dark; pb_session=tok; x=y"),
        ]);
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("tok"));
        assert_eq!(cookie(&h, "lang"), Some("en"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn the_session_cookie_is_http_only_same_site_and_secure_only_over_https() {
        let plain = session_cookie("abc", 60, false);
        assert_eq!(
            plain,
            "pb_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=60"
        );
        assert!(session_cookie("abc", 60, true).ends_with("; Secure"));
    }

    #[test]
    fn https_is_recognised_from_the_forwarded_proto_header() {
        let mut h = HeaderMap::new();
        assert!(!over_https(&h));
        h.insert("x-forwarded-proto", HeaderValue::from_static("HTTPS, http"));
        assert!(over_https(&h));
        h.insert("x-forwarded-proto", HeaderValue::from_static("http"));
        assert!(!over_https(&h));
    }

    #[test]
    fn a_client_supplied_forwarded_for_is_not_believed_without_a_proxy() {
        // The test process never sets PATENTBRIDGE_BEHIND_PROXY.
        let (mut parts, ()) = axum::http::Request::builder()
            .header("x-forwarded-for", "203.0.113.9")
            .body(())
            .unwrap()
            .into_parts();
        assert_eq!(client_ip(&parts), None);
        parts
            .extensions
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [192, 0, 2, 1],
                4000,
            ))));
        assert_eq!(client_ip(&parts).as_deref(), Some("192.0.2.1"));
    }
}
