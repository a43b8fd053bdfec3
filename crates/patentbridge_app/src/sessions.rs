//! Signing in and out, and who a presented token belongs to.
//!
//! A sign-in answers every wrong login or password the same way and spends
//! the same Argon2 time on an unknown login, so nobody learns which accounts
//! exist. Ten wrong passwords in a row lock the account for fifteen minutes;
//! while locked even the right password is refused, and administrators see
//! the lock on the user management page.
//!
//! A token is either a session token (from signing in) or an API token;
//! anything unknown, expired or revoked identifies nobody.

use std::time::Duration;

use chrono::{DateTime, Utc};
use patentbridge_domain::policy::Scope;
use patentbridge_domain::{Login, RegistrationForm, Text, text};
use patentbridge_storage::{AuditContext, NewSession, Registered, UserRecord};

use crate::{App, Caller, Error, tokens};

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

pub fn wrong_credentials() -> Error {
    Error::Unauthenticated(Text::new("登录名或密码错误", "wrong login or password"))
}

fn locked_until(until: DateTime<Utc>) -> Error {
    let at = until.format("%Y-%m-%d %H:%M UTC");
    Error::Locked(text!(
        "密码错误次数过多，账户已锁定至 {at}",
        "account locked until {at} after too many wrong passwords"
    ))
}

/// Checks a login and password and starts a session. The caller is
/// anonymous; its request id and address are recorded with the session.
pub async fn sign_in(
    app: &App,
    caller: &Caller,
    login: &str,
    candidate: String,
) -> Result<StartedSession, Error> {
    let user = match Login::parse(login) {
        Ok(login) => app.store.find_user_by_login(&login).await?,
        Err(_) => None,
    };
    let now = app.now();
    if let Some(until) = user
        .as_ref()
        .and_then(|u| u.locked_until)
        .filter(|t| *t > now)
    {
        return Err(locked_until(until));
    }
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let right = app.passwords.verify(hash, candidate).await?;
    let Some(user) = user else {
        return Err(wrong_credentials());
    };
    if !right {
        if app
            .store
            .record_failed_login(user.id, LOCK_THRESHOLD, LOCK_FOR)
            .await?
        {
            let until = app
                .store
                .get_user(user.id)
                .await?
                .and_then(|u| u.locked_until)
                .unwrap_or_else(|| app.now() + LOCK_FOR);
            return Err(locked_until(until));
        }
        return Err(wrong_credentials());
    }
    if user.failed_logins > 0 {
        app.store.reset_failed_logins(user.id).await?;
    }
    start_session(app, caller, user).await
}

/// Starts a session for a user whose identity is already established (by
/// a password just checked, or by the sign-up that just stored it).
pub async fn start_session(
    app: &App,
    caller: &Caller,
    user: UserRecord,
) -> Result<StartedSession, Error> {
    let token = tokens::new_token();
    let expires_at = app.now() + chrono::Duration::hours(SESSION_HOURS);
    let ctx = AuditContext {
        user_id: Some(user.id),
        organisation_id: None,
        request_id: caller.request_id.clone(),
    };
    app.store
        .create_session(
            &ctx,
            &NewSession {
                token_hash: tokens::token_hash(&token),
                user_id: user.id,
                csrf_token: tokens::new_token(),
                expires_at,
                ip: caller.ip.clone(),
            },
        )
        .await?;
    Ok(StartedSession {
        token,
        expires_at,
        user,
    })
}

/// Ends the caller's session; a caller not signed in by a session (or
/// whose session already ended) must sign in first.
pub async fn sign_out(app: &App, caller: &Caller) -> Result<(), Error> {
    let Some(hash) = caller.session.as_deref() else {
        return Err(Error::sign_in_first());
    };
    if app
        .store
        .delete_session(&caller.audit_context(), hash)
        .await?
    {
        Ok(())
    } else {
        Err(Error::sign_in_first())
    }
}

/// How a request presents itself.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// `Authorization: Bearer …`: a session token or an API token.
    Bearer(&'a str),
    /// The session cookie of the pages: a session token only.
    SessionCookie(&'a str),
}

/// Who presented a credential, and the form token of their session (which
/// every page form of that session must echo).
#[derive(Debug, Clone)]
pub struct Identified {
    pub caller: Caller,
    pub form_token: Option<String>,
}

/// The caller a credential identifies; an unknown, expired or revoked one
/// identifies nobody (an anonymous caller), never an error. A bearer token
/// that is not valid does not fall back to the cookie: the client meant
/// that token, so the front door passes only the one it chose.
pub async fn identify(app: &App, credential: Option<Credential<'_>>) -> Result<Identified, Error> {
    let now = app.now();
    let anonymous = Identified {
        caller: Caller::anonymous(),
        form_token: None,
    };
    let Some(credential) = credential else {
        return Ok(anonymous);
    };
    let (token, api_tokens_too) = match credential {
        Credential::Bearer(t) => (t, true),
        Credential::SessionCookie(t) => (t, false),
    };
    let hash = tokens::token_hash(token);
    if let Some((user, form_token)) = app.store.session_user(&hash, now).await? {
        return Ok(Identified {
            caller: Caller::by_session(user, hash),
            form_token: Some(form_token),
        });
    }
    if api_tokens_too
        && let Some(api_token) = app.store.find_api_token(&hash, now).await?
        && let Some(user) = app.store.get_user(api_token.user_id).await?
    {
        // A scope this version does not know grants nothing.
        let scopes = api_token
            .scopes
            .iter()
            .filter_map(|s| Scope::parse(s).ok())
            .collect();
        return Ok(Identified {
            caller: Caller::by_api_token(user, scopes),
            form_token: None,
        });
    }
    Ok(anonymous)
}

/// The caller that acts as user `user_id`, for the operator's commands
/// (the demo's seeding acts as each demo user in turn): only an
/// administrator may, and what the user may not do stays refused. An API
/// token may not: acting as another user would shed its scopes.
pub async fn act_as(app: &App, caller: &Caller, user_id: i64) -> Result<Caller, Error> {
    if caller.scopes.is_some() {
        return Err(Error::Forbidden(Text::new(
            "API 令牌不能代替其他用户操作",
            "an API token cannot act as another user",
        )));
    }
    let user = crate::accounts::user(app, caller, user_id).await?;
    Ok(Caller::trusted(user).with_request(caller.request_id.clone(), caller.ip.clone()))
}

/// Signs up (as [`crate::accounts::register`]) and starts a session for the new user at
/// once: the password was just hashed, so it is not checked again.
pub async fn sign_up(
    app: &App,
    caller: &Caller,
    form: RegistrationForm,
) -> Result<(Registered, StartedSession), Error> {
    let done = crate::accounts::register(app, caller, form).await?;
    let user = app.store.get_user(done.user_id).await?.ok_or_else(|| {
        Error::internal("signing up", "the user just registered cannot be read back")
    })?;
    let started = start_session(app, caller, user).await?;
    Ok((done, started))
}
