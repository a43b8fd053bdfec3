//! Accounts: signing up, changing and resetting passwords, API tokens and
//! unlocking a locked account.

use chrono::{Datelike, Utc};
use patentbridge_domain::policy::{Action, Resource, Scope};
use patentbridge_domain::{
    FieldError, Login, Password, Registration, RegistrationForm, VerificationEvent,
};
use patentbridge_storage::{
    ApiTokenRecord, AuditContext, NewApiToken, NewOrganisation, NewUser, Registered, StorageError,
};

use super::blocking;
use crate::auth::{self, CurrentActor, password};
use crate::{AppError, AppState};

/// How long a password-reset link works.
pub const RESET_VALID_MINUTES: i64 = 60;
/// The longest name of an API token.
const TOKEN_NAME_MAX: usize = 60;

fn taken(field: &'static str, zh: &str, en: &str) -> AppError {
    AppError::field(field, zh, en)
}

/// A conflict on a unique field becomes an error on the form field that
/// holds it.
fn conflict_as_field(e: StorageError) -> AppError {
    match e {
        StorageError::Conflict { what: "e-mail" } => taken(
            "login",
            "该电子邮箱已注册",
            "this e-mail address is already registered",
        ),
        StorageError::Conflict { what: "phone" } => taken(
            "login",
            "该手机号码已注册",
            "this mobile number is already registered",
        ),
        StorageError::Conflict {
            what: "credit code",
        } => taken(
            "credit_code",
            "该统一社会信用代码已有机构注册",
            "an organisation with this credit code is already registered",
        ),
        other => other.into(),
    }
}

/// Signs up an organisation and its first user (its manager) and submits
/// the organisation for verification. Every field error is reported at
/// once; a refused sign-up stores nothing.
pub async fn register(
    state: &AppState,
    request_id: Option<String>,
    form: RegistrationForm,
) -> Result<Registered, AppError> {
    let registration = Registration::parse(&form, Utc::now().year()).map_err(AppError::Invalid)?;
    let Registration {
        kind,
        name_zh,
        name_en,
        credit_code,
        region,
        address,
        industry,
        figures,
        display_name,
        login,
        password,
    } = registration;
    let hash = blocking(move || password::hash_password(&password)).await;
    let org = NewOrganisation {
        kind,
        name_zh,
        name_en,
        credit_code: Some(credit_code),
        region: Some(region),
        address,
        industry,
    };
    let user = NewUser::with_login(&login, &display_name, &hash);
    let ctx = AuditContext {
        user_id: None,
        organisation_id: None,
        request_id: request_id.clone(),
    };
    let done = state
        .store
        .register_organisation(&ctx, &org, figures.as_ref(), &user)
        .await
        .map_err(conflict_as_field)?;
    // Submitting for verification is the user's first act; it is its own
    // step, so should it fail the account stands and the organisation page
    // offers to submit again.
    let as_user = AuditContext {
        user_id: Some(done.user_id),
        organisation_id: Some(done.organisation_id),
        request_id,
    };
    let pending = patentbridge_domain::Verification::Unverified
        .transition(VerificationEvent::Submit)
        .expect("a new organisation can be submitted");
    state
        .store
        .set_verification(
            &as_user,
            done.organisation_id,
            patentbridge_domain::Verification::Unverified,
            pending,
        )
        .await?;
    Ok(done)
}

/// The login a password is checked against (it must not equal it).
fn login_of(user: &patentbridge_storage::UserRecord) -> Login {
    user.email
        .as_deref()
        .or(user.phone.as_deref())
        .and_then(|l| Login::parse(l).ok())
        .unwrap_or_else(|| Login::parse("nobody@example.invalid").expect("a valid placeholder"))
}

fn confirm(new: &str, confirmation: &str) -> Result<(), AppError> {
    if new == confirmation {
        Ok(())
    } else {
        Err(AppError::field(
            "password_confirm",
            "两次输入的密码不一致",
            "the two passwords differ",
        ))
    }
}

/// Changes the signed-in user's password after checking the current one;
/// every session of the user ends, so they sign in again.
pub async fn change_password(
    state: &AppState,
    caller: &CurrentActor,
    current: String,
    new: &str,
    confirmation: &str,
) -> Result<(), AppError> {
    let user = caller.session_user()?;
    let new = Password::parse(new, &login_of(user)).map_err(|e| AppError::Invalid(vec![e]))?;
    confirm(new.expose_secret(), confirmation)?;
    let stored = user.password_hash.clone();
    let (right, hash) = blocking(move || {
        let right = password::verify_password(&stored, &current);
        (right, right.then(|| password::hash_password(&new)))
    })
    .await;
    let Some(hash) = hash.filter(|_| right) else {
        return Err(AppError::field(
            "current_password",
            "当前密码不正确",
            "the current password is wrong",
        ));
    };
    state
        .store
        .set_password_hash(&caller.audit_context(), user.id, &hash)
        .await?;
    Ok(())
}

/// Starts a password reset for `login`. With no mail server configured the
/// link is written to the log, where an operator passes it on. The answer
/// never says whether the login exists; the token is returned for the log
/// line's caller only.
pub async fn request_password_reset(
    state: &AppState,
    request_id: Option<String>,
    login: &str,
) -> Result<Option<String>, AppError> {
    let Ok(login) = Login::parse(login) else {
        return Err(AppError::Invalid(vec![FieldError::new(
            "login",
            "请填写电子邮箱或手机号码",
            "enter an e-mail address or a mobile number",
        )]));
    };
    let Some(user) = state.store.find_user_by_login(&login).await? else {
        tracing::info!(login = %login, "password reset asked for an unknown login");
        return Ok(None);
    };
    let token = auth::new_token();
    let ctx = AuditContext {
        user_id: None,
        organisation_id: None,
        request_id,
    };
    state
        .store
        .create_password_reset(
            &ctx,
            user.id,
            &auth::token_hash(&token),
            Utc::now() + chrono::Duration::minutes(RESET_VALID_MINUTES),
        )
        .await?;
    tracing::warn!(
        user_id = user.id,
        login = %login,
        reset_link = %format!("/password-reset/{token}"),
        "password reset link (no mail server configured: pass it to the user)"
    );
    Ok(Some(token))
}

fn reset_link_dead() -> AppError {
    AppError::NotFound(
        "this password-reset link is unknown, used or expired; ask for a new one \
         (重置链接无效、已使用或已过期，请重新申请)"
            .to_string(),
    )
}

/// Whether a reset token can still be used (for the page that asks for the
/// new password).
pub async fn check_reset_token(state: &AppState, token: &str) -> Result<(), AppError> {
    match state
        .store
        .password_reset_user(&auth::token_hash(token), Utc::now())
        .await?
    {
        Some(_) => Ok(()),
        None => Err(reset_link_dead()),
    }
}

/// Sets a new password with a reset token; the token is spent only if the
/// password is accepted.
pub async fn reset_password(
    state: &AppState,
    request_id: Option<String>,
    token: &str,
    new: &str,
    confirmation: &str,
) -> Result<i64, AppError> {
    let hash_of_token = auth::token_hash(token);
    let now = Utc::now();
    let Some(user) = state.store.password_reset_user(&hash_of_token, now).await? else {
        return Err(reset_link_dead());
    };
    let new = Password::parse(new, &login_of(&user)).map_err(|e| AppError::Invalid(vec![e]))?;
    confirm(new.expose_secret(), confirmation)?;
    let hash = blocking(move || password::hash_password(&new)).await;
    let ctx = AuditContext {
        user_id: Some(user.id),
        organisation_id: None,
        request_id,
    };
    state
        .store
        .reset_password(&ctx, &hash_of_token, now, &hash)
        .await?
        .ok_or_else(reset_link_dead)
}

/// A new API token: the token itself is in `token` and shown only now.
#[derive(Debug)]
pub struct CreatedToken {
    pub token: String,
    pub record: ApiTokenRecord,
}

/// Parses the scopes a client asked for; none at all is a mistake.
pub fn parse_scopes<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Vec<Scope>, AppError> {
    let mut scopes = Vec::new();
    for s in raw {
        let scope = Scope::parse(s).map_err(|_| {
            AppError::field(
                "scopes",
                format!("未知的权限范围“{s}”（可选 read、write、audit、admin）"),
                format!("unknown scope {s:?} (read, write, audit or admin)"),
            )
        })?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(AppError::field(
            "scopes",
            "请至少选择一个权限范围",
            "choose at least one scope",
        ));
    }
    scopes.sort();
    Ok(scopes)
}

/// Creates an API token for the signed-in user (by a session, never by
/// another token). Scopes beyond the user's roles would grant nothing, so
/// `audit` and `admin` are refused to users who lack them.
pub async fn create_api_token(
    state: &AppState,
    caller: &CurrentActor,
    name: &str,
    scopes: Vec<Scope>,
) -> Result<CreatedToken, AppError> {
    let user = caller.session_user()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > TOKEN_NAME_MAX {
        return Err(AppError::field(
            "name",
            format!("请填写 1–{TOKEN_NAME_MAX} 个字符的名称"),
            format!("give the token a name of 1 to {TOKEN_NAME_MAX} characters"),
        ));
    }
    let actor = &caller.actor;
    let oversees = actor.is_admin() || actor.is_ip_bureau() || actor.is_district_officer();
    if scopes.contains(&Scope::Audit) && !oversees {
        return Err(AppError::field(
            "scopes",
            "只有管理员、知识产权局和区级管理人员可申请审计权限",
            "only administrators, the IP bureau and district officers may hold the audit scope",
        ));
    }
    if scopes.contains(&Scope::Admin) && !actor.is_admin() {
        return Err(AppError::field(
            "scopes",
            "只有管理员可申请管理权限",
            "only administrators may hold the admin scope",
        ));
    }
    let token = auth::new_token();
    let new = NewApiToken {
        user_id: user.id,
        name: name.to_string(),
        token_hash: auth::token_hash(&token),
        scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
    };
    let id = state
        .store
        .create_api_token(&caller.audit_context(), &new)
        .await?;
    let record = state
        .store
        .list_api_tokens(user.id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| AppError::NotFound("the new token vanished".to_string()))?;
    Ok(CreatedToken { token, record })
}

/// Revokes one of the signed-in user's tokens.
pub async fn revoke_api_token(
    state: &AppState,
    caller: &CurrentActor,
    token_id: i64,
) -> Result<(), AppError> {
    let user = caller.session_user()?;
    if state
        .store
        .revoke_api_token(&caller.audit_context(), user.id, token_id)
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "no active API token {token_id}"
        )))
    }
}

/// Lifts the sign-in lock of a user (administrators).
pub async fn unlock_user(
    state: &AppState,
    caller: &CurrentActor,
    user_id: i64,
) -> Result<(), AppError> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    if state.store.get_user(user_id).await?.is_none() {
        return Err(AppError::NotFound(format!("no user {user_id}")));
    }
    if state
        .store
        .unlock_user(&caller.audit_context(), user_id)
        .await?
    {
        Ok(())
    } else {
        Err(AppError::BadRequest(format!(
            "user {user_id} is not locked"
        )))
    }
}
