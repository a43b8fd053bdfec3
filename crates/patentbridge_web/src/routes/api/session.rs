//! Signing in and out of the JSON API, and who the caller is:
//! `POST /api/v1/session`, `DELETE /api/v1/session` and `GET /api/v1/me`.
//!
//! A sign-in answers every wrong login or password with the same 401 and
//! spends the same Argon2 time on an unknown login, so the API does not say
//! which accounts exist. Ten wrong passwords in a row lock the account for
//! fifteen minutes; while locked even the right password is refused.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use patentbridge_domain::Login;
use patentbridge_storage::{AuditContext, NewSession};
use serde::Deserialize;

use crate::auth::{self, CurrentActor, SESSION_COOKIE, password, sign_in_first};
use crate::dto::{SessionDto, UserDto};
use crate::{AppError, AppState};

/// Wrong passwords in a row that lock an account.
pub const LOCK_THRESHOLD: u32 = 10;
/// How long a locked account stays locked.
pub const LOCK_FOR: Duration = Duration::from_secs(15 * 60);
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

const WRONG_CREDENTIALS: &str = "wrong login or password";

#[derive(Debug, Deserialize)]
pub struct SignIn {
    pub login: String,
    pub password: String,
}

fn wrong_credentials() -> AppError {
    AppError::Unauthorized(WRONG_CREDENTIALS.to_string())
}

fn locked_until(until: DateTime<Utc>) -> AppError {
    let at = until.format("%Y-%m-%d %H:%M UTC");
    AppError::Locked(format!(
        "account locked until {at} after too many wrong passwords; 密码错误次数过多，账户已锁定至 {at}"
    ))
}

/// Whether the request reached us over TLS, directly or through a proxy.
fn over_https(headers: &HeaderMap) -> bool {
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

fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{secure}"
    )
}

async fn verify_off_thread(hash: Option<String>, candidate: String) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => password::verify_password(&hash, &candidate),
        None => {
            password::verify_nothing(&candidate);
            false
        }
    })
    .await
    .expect("password verification panicked")
}

/// `POST /api/v1/session`
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Json<SignIn>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(form) = form.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let user = match Login::parse(&form.login) {
        Ok(login) => state.store.find_user_by_login(&login).await?,
        Err(_) => None,
    };
    let now = Utc::now();
    if let Some(until) = user
        .as_ref()
        .and_then(|u| u.locked_until)
        .filter(|t| *t > now)
    {
        return Err(locked_until(until));
    }
    let right = verify_off_thread(
        user.as_ref().map(|u| u.password_hash.clone()),
        form.password,
    )
    .await;
    let Some(user) = user else {
        return Err(wrong_credentials());
    };
    if !right {
        if state
            .store
            .record_failed_login(user.id, LOCK_THRESHOLD, LOCK_FOR)
            .await?
        {
            let until = state
                .store
                .get_user(user.id)
                .await?
                .and_then(|u| u.locked_until)
                .unwrap_or_else(|| Utc::now() + LOCK_FOR);
            return Err(locked_until(until));
        }
        return Err(wrong_credentials());
    }
    if user.failed_logins > 0 {
        state.store.reset_failed_logins(user.id).await?;
    }

    let token = auth::new_token();
    let expires_at = Utc::now() + chrono::Duration::hours(SESSION_HOURS);
    let ctx = AuditContext {
        user_id: Some(user.id),
        organisation_id: None,
        request_id: auth::request_id(&headers),
    };
    state
        .store
        .create_session(
            &ctx,
            &NewSession {
                token_hash: auth::token_hash(&token),
                user_id: user.id,
                csrf_token: auth::new_token(),
                expires_at,
                ip: headers
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(',').next())
                    .map(|v| v.trim().to_string()),
            },
        )
        .await?;
    let cookie = session_cookie(&token, SESSION_HOURS * 3600, over_https(&headers));
    let body = SessionDto {
        token,
        expires_at: expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        user: UserDto::from(&user),
    };
    let mut response = Json(body).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("a hex token makes a valid header"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `DELETE /api/v1/session`
pub async fn sign_out(
    caller: CurrentActor,
    headers: HeaderMap,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let Some(hash) = caller.session_hash.as_deref() else {
        return Err(sign_in_first());
    };
    if !state
        .store
        .delete_session(&caller.audit_context(), hash)
        .await?
    {
        return Err(sign_in_first());
    }
    let cookie = session_cookie("", 0, over_https(&headers));
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).expect("a valid header"),
        )],
    )
        .into_response())
}

/// `GET /api/v1/me`
pub async fn me(caller: CurrentActor) -> Result<Json<UserDto>, AppError> {
    Ok(Json(UserDto::from(caller.signed_in_user()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
