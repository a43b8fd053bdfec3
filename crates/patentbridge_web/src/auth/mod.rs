//! Who is asking: the [`CurrentActor`] extractor reads a bearer token or the
//! session cookie and yields the policy's [`Actor`]; [`require`] asks the
//! policy and turns a refusal into the right status.
//!
//! A bearer token is either a session token from `POST /api/v1/session` or
//! an API token; the `pb_session` cookie carries a session token for pages.
//! Anything unknown, expired or revoked is simply anonymous.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use chrono::Utc;
use patentbridge_domain::policy::{Action, Actor, Decision, Resource, Scope, decide};
use patentbridge_storage::{AuditContext, UserRecord};

use crate::{AppError, AppState};

pub mod password;
pub mod tokens;

pub use password::{hash_password, verify_password};
pub use tokens::{new_token, token_hash};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "pb_session";

/// The caller of a request.
#[derive(Debug, Clone)]
pub struct CurrentActor {
    pub actor: Actor,
    /// The signed-in user, `None` when anonymous.
    pub user: Option<UserRecord>,
    /// The hash of the session token the caller presented, when signed in by
    /// a session (not by an API token); signing out deletes it.
    pub session_hash: Option<String>,
    /// The request id, for the audit trail.
    pub request_id: Option<String>,
    /// The CSRF token of the caller's session, which its forms must echo.
    pub csrf: Option<String>,
    /// The scopes of the API token the caller presented; `None` for a
    /// session, which may do all its user may.
    pub scopes: Option<Vec<Scope>>,
}

impl CurrentActor {
    fn anonymous(request_id: Option<String>) -> CurrentActor {
        CurrentActor {
            actor: Actor::Anonymous,
            user: None,
            session_hash: None,
            request_id,
            csrf: None,
            scopes: None,
        }
    }

    fn by_session(
        user: UserRecord,
        hash: String,
        csrf: String,
        request_id: Option<String>,
    ) -> Self {
        CurrentActor {
            actor: Actor::User(user.policy_user()),
            user: Some(user),
            session_hash: Some(hash),
            request_id,
            csrf: Some(csrf),
            scopes: None,
        }
    }

    fn by_api_token(user: UserRecord, scopes: Vec<Scope>, request_id: Option<String>) -> Self {
        CurrentActor {
            actor: Actor::User(user.policy_user()),
            user: Some(user),
            session_hash: None,
            request_id,
            csrf: None,
            scopes: Some(scopes),
        }
    }

    /// A user acting from a trusted command on this machine (the demo's
    /// seeding), with everything the user may do: the same policy applies,
    /// but no request carried it.
    pub fn trusted(user: UserRecord) -> Self {
        CurrentActor {
            actor: Actor::User(user.policy_user()),
            user: Some(user),
            session_hash: None,
            request_id: None,
            csrf: None,
            scopes: None,
        }
    }

    /// Asks the policy, after checking that an API token carries the scope
    /// the action needs: a token without it is refused with 403.
    pub fn require(&self, action: Action, resource: &Resource) -> Result<(), AppError> {
        self.require_scope(action.scope())?;
        require(&self.actor, action, resource)
    }

    /// Refuses an API token that lacks `scope`; sessions have every scope.
    pub fn require_scope(&self, scope: Scope) -> Result<(), AppError> {
        match &self.scopes {
            Some(scopes) if !scopes.contains(&scope) => Err(AppError::Forbidden(format!(
                "this API token lacks the {:?} scope",
                scope.as_str()
            ))),
            _ => Ok(()),
        }
    }

    /// The signed-in user of a session, or 401; account changes (password,
    /// API tokens) are refused to API tokens, which must not mint more power.
    pub fn session_user(&self) -> Result<&UserRecord, AppError> {
        let user = self.signed_in_user()?;
        if self.scopes.is_some() {
            return Err(AppError::Forbidden(
                "sign in with a password for this; an API token cannot change the account"
                    .to_string(),
            ));
        }
        Ok(user)
    }

    /// The signed-in user, or 401.
    pub fn signed_in_user(&self) -> Result<&UserRecord, AppError> {
        self.user.as_ref().ok_or_else(sign_in_first)
    }

    /// How the audit trail records a change this caller makes.
    pub fn audit_context(&self) -> AuditContext {
        AuditContext {
            user_id: self.user.as_ref().map(|u| u.id),
            organisation_id: None,
            request_id: self.request_id.clone(),
        }
    }
}

/// The 401 of a route that needs a signed-in caller.
pub fn sign_in_first() -> AppError {
    AppError::Unauthorized("sign in first".to_string())
}

/// Asks the policy: Allow passes, Forbidden is 403, Hidden is 404.
pub fn require(actor: &Actor, action: Action, resource: &Resource) -> Result<(), AppError> {
    match decide(actor, action, resource) {
        Decision::Allow => Ok(()),
        Decision::Forbidden => Err(AppError::Forbidden(format!(
            "not allowed to {}",
            action.as_str().replace('_', " ")
        ))),
        Decision::Hidden => Err(AppError::NotFound("not found".to_string())),
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

impl FromRequestParts<AppState> for CurrentActor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // The page context and the handler both ask; look the session up once.
        if let Some(known) = parts.extensions.get::<CurrentActor>() {
            return Ok(known.clone());
        }
        let caller = identify(parts, state).await?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// Reads the bearer token or the session cookie of a request.
async fn identify(parts: &Parts, state: &AppState) -> Result<CurrentActor, AppError> {
    let request_id = request_id(&parts.headers);
    let now = Utc::now();
    if let Some(token) = bearer_token(&parts.headers) {
        let hash = token_hash(token);
        if let Some((user, csrf)) = state.store.session_user(&hash, now).await? {
            return Ok(CurrentActor::by_session(user, hash, csrf, request_id));
        }
        if let Some(api_token) = state.store.find_api_token(&hash, now).await?
            && let Some(user) = state.store.get_user(api_token.user_id).await?
        {
            // A scope this version does not know grants nothing.
            let scopes = api_token
                .scopes
                .iter()
                .filter_map(|s| Scope::parse(s).ok())
                .collect();
            return Ok(CurrentActor::by_api_token(user, scopes, request_id));
        }
        // A bearer token that is not valid does not fall back to the
        // cookie: the client meant that token.
        return Ok(CurrentActor::anonymous(request_id));
    }
    if let Some(token) = cookie(&parts.headers, SESSION_COOKIE) {
        let hash = token_hash(token);
        if let Some((user, csrf)) = state.store.session_user(&hash, now).await? {
            return Ok(CurrentActor::by_session(user, hash, csrf, request_id));
        }
    }
    Ok(CurrentActor::anonymous(request_id))
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
    fn require_maps_forbidden_to_403_and_hidden_to_404() {
        use axum::http::StatusCode;
        let anonymous = Actor::Anonymous;
        let err = require(&anonymous, Action::ManageUsers, &Resource::Platform).unwrap_err();
        assert_eq!(err.status(), StatusCode::NOT_FOUND);
        assert!(require(&anonymous, Action::SearchCatalogue, &Resource::Catalogue).is_ok());
        let err = require(
            &anonymous,
            Action::EditPatent,
            &Resource::Patent { owner_org: None },
        )
        .unwrap_err();
        assert_eq!(err.status(), StatusCode::FORBIDDEN);
    }
}

/// The client's address: the connection's peer (the server runs with
/// connect info), or behind a trusted proxy the address it appended to
/// `X-Forwarded-For`; `None` in tests that call the router directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        // A client can write any X-Forwarded-For; only behind a proxy that
        // appends the real address (PATENTBRIDGE_BEHIND_PROXY set) is its
        // right-most entry believed.
        let forwarded = std::env::var_os("PATENTBRIDGE_BEHIND_PROXY")
            .and_then(|_| parts.headers.get("x-forwarded-for"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        Ok(ClientIp(forwarded.or(peer)))
    }
}
