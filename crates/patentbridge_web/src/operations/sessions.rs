//! Signing in and out.
//!
//! A sign-in answers every wrong login or password the same way and spends
//! the same Argon2 time on an unknown login, so nobody learns which accounts
//! exist. Ten wrong passwords in a row lock the account for fifteen minutes;
//! while locked even the right password is refused, and administrators see
//! the lock on the user management page.

use std::time::Duration;

use chrono::{DateTime, Utc};
use patentbridge_domain::Login;
use patentbridge_storage::{AuditContext, NewSession, UserRecord};

use super::blocking;
use crate::auth::{self, password};
use crate::{AppError, AppState};

/// Wrong passwords in a row that lock an account.
pub const LOCK_THRESHOLD: u32 = 10;
/// How long a locked account stays locked.
pub const LOCK_FOR: Duration = Duration::from_secs(15 * 60);
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// A started session: the token is shown to the client once.
#[derive(Debug)]
pub struct StartedSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserRecord,
}

pub fn wrong_credentials() -> AppError {
    AppError::Unauthorized("wrong login or password".to_string())
}

fn locked_until(until: DateTime<Utc>) -> AppError {
    let at = until.format("%Y-%m-%d %H:%M UTC");
    AppError::Locked(format!(
        "account locked until {at} after too many wrong passwords (密码错误次数过多，账户已锁定至 {at})"
    ))
}

/// Checks a login and password and starts a session.
pub async fn sign_in(
    state: &AppState,
    request_id: Option<String>,
    ip: Option<String>,
    login: &str,
    candidate: String,
) -> Result<StartedSession, AppError> {
    let user = match Login::parse(login) {
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
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let right = blocking(move || match hash {
        Some(hash) => password::verify_password(&hash, &candidate),
        None => {
            password::verify_nothing(&candidate);
            false
        }
    })
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
    start_session(state, request_id, ip, user).await
}

/// Starts a session for a user whose identity is already established (by
/// a password just checked, or by the sign-up that just stored it).
pub async fn start_session(
    state: &AppState,
    request_id: Option<String>,
    ip: Option<String>,
    user: UserRecord,
) -> Result<StartedSession, AppError> {
    let token = auth::new_token();
    let expires_at = Utc::now() + chrono::Duration::hours(SESSION_HOURS);
    let ctx = AuditContext {
        user_id: Some(user.id),
        organisation_id: None,
        request_id,
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
                ip,
            },
        )
        .await?;
    Ok(StartedSession {
        token,
        expires_at,
        user,
    })
}

/// The client's address as the proxy in front reports it.
pub fn client_ip(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
