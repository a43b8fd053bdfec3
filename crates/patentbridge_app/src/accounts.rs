//! Accounts: signing up, changing and resetting passwords, API tokens and
//! unlocking a locked account.

use chrono::Datelike;
use patentbridge_domain::policy::{Action, Resource, Scope};
use patentbridge_domain::{
    FieldError, Login, MembershipRole, Password, PlatformRole, Registration, RegistrationForm,
    Username, VerificationEvent,
};
use patentbridge_storage::{
    ApiTokenRecord, AuditContext, NewAccount, NewApiToken, NewOrganisation, NewUser, Registered,
    StorageError, UserRecord,
};

use crate::password::{hash_password, verify_password};
use crate::{App, Caller, Error, tokens};

/// How long a password-reset link works.
pub const RESET_VALID_MINUTES: i64 = 60;
/// The longest name of an API token.
const TOKEN_NAME_MAX: usize = 60;

fn taken(field: &'static str, zh: &str, en: &str) -> Error {
    Error::field(field, zh, en)
}

/// A conflict on a unique field becomes an error on the form field that
/// holds it.
fn conflict_as_field(e: StorageError) -> Error {
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
    app: &App,
    caller: &Caller,
    form: RegistrationForm,
) -> Result<Registered, Error> {
    let registration = Registration::parse(&form, app.today().year()).map_err(Error::Invalid)?;
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
    let hash = app.passwords.hash(password).await?;
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
        request_id: caller.request_id.clone(),
    };
    let done = app
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
        request_id: caller.request_id.clone(),
    };
    let pending = patentbridge_domain::Verification::Unverified
        .transition(VerificationEvent::Submit)
        .expect("a new organisation can be submitted");
    app.store
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
fn login_of(user: &UserRecord) -> Login {
    user.email
        .as_deref()
        .or(user.phone.as_deref())
        .and_then(|l| Login::parse(l).ok())
        .unwrap_or_else(|| Login::parse("nobody@example.invalid").expect("a valid placeholder"))
}

fn confirm(new: &str, confirmation: &str) -> Result<(), Error> {
    if new == confirmation {
        Ok(())
    } else {
        Err(Error::field(
            "password_confirm",
            "两次输入的密码不一致",
            "the two passwords differ",
        ))
    }
}

/// Changes the signed-in user's password after checking the current one;
/// every session of the user ends, so they sign in again.
pub async fn change_password(
    app: &App,
    caller: &Caller,
    current: String,
    new: &str,
    confirmation: &str,
) -> Result<(), Error> {
    let user = caller.session_user()?;
    let new = Password::parse(new, &login_of(user)).map_err(|e| Error::Invalid(vec![e]))?;
    confirm(new.expose_secret(), confirmation)?;
    let stored = user.password_hash.clone();
    let (right, hash) = app
        .passwords
        .run(move || {
            let right = verify_password(&stored, &current);
            (right, right.then(|| hash_password(&new)))
        })
        .await?;
    let Some(hash) = hash.filter(|_| right) else {
        return Err(Error::field(
            "current_password",
            "当前密码不正确",
            "the current password is wrong",
        ));
    };
    app.store
        .set_password_hash(&caller.audit_context(), user.id, &hash)
        .await?;
    Ok(())
}

/// Starts a password reset for `login`. With no mail server configured the
/// link is written to the log, where an operator passes it on. The answer
/// never says whether the login exists; the token is returned for the log
/// line's caller only.
pub async fn request_password_reset(
    app: &App,
    caller: &Caller,
    login: &str,
) -> Result<Option<String>, Error> {
    let Ok(login) = Login::parse(login) else {
        return Err(Error::Invalid(vec![FieldError::new(
            "login",
            "请填写电子邮箱或手机号码",
            "enter an e-mail address or a mobile number",
        )]));
    };
    let Some(user) = app.store.find_user_by_login(&login).await? else {
        tracing::info!(login = %login, "password reset asked for an unknown login");
        return Ok(None);
    };
    let token = tokens::new_token();
    app.store
        .create_password_reset(
            &caller.audit_context(),
            user.id,
            &tokens::token_hash(&token),
            app.now() + chrono::Duration::minutes(RESET_VALID_MINUTES),
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

fn reset_link_dead() -> Error {
    Error::not_found(
        "重置链接无效、已使用或已过期，请重新申请",
        "this password-reset link is unknown, used or expired; ask for a new one",
    )
}

/// Whether a reset token can still be used (for the page that asks for the
/// new password).
pub async fn check_reset_token(app: &App, token: &str) -> Result<(), Error> {
    match app
        .store
        .password_reset_user(&tokens::token_hash(token), app.now())
        .await?
    {
        Some(_) => Ok(()),
        None => Err(reset_link_dead()),
    }
}

/// Sets a new password with a reset token; the token is spent only if the
/// password is accepted.
pub async fn reset_password(
    app: &App,
    caller: &Caller,
    token: &str,
    new: &str,
    confirmation: &str,
) -> Result<i64, Error> {
    let hash_of_token = tokens::token_hash(token);
    let now = app.now();
    let Some(user) = app.store.password_reset_user(&hash_of_token, now).await? else {
        return Err(reset_link_dead());
    };
    let new = Password::parse(new, &login_of(&user)).map_err(|e| Error::Invalid(vec![e]))?;
    confirm(new.expose_secret(), confirmation)?;
    let hash = app.passwords.hash(new).await?;
    let ctx = AuditContext {
        user_id: Some(user.id),
        organisation_id: None,
        request_id: caller.request_id.clone(),
    };
    app.store
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
pub fn parse_scopes<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Vec<Scope>, Error> {
    let mut scopes = Vec::new();
    for s in raw {
        let scope = Scope::parse(s).map_err(|_| {
            Error::field(
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
        return Err(Error::field(
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
    app: &App,
    caller: &Caller,
    name: &str,
    scopes: Vec<Scope>,
) -> Result<CreatedToken, Error> {
    let user = caller.session_user()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > TOKEN_NAME_MAX {
        return Err(Error::field(
            "name",
            format!("请填写 1–{TOKEN_NAME_MAX} 个字符的名称"),
            format!("give the token a name of 1 to {TOKEN_NAME_MAX} characters"),
        ));
    }
    let actor = &caller.actor;
    let oversees = actor.is_admin() || actor.is_ip_bureau() || actor.is_district_officer();
    if scopes.contains(&Scope::Audit) && !oversees {
        return Err(Error::field(
            "scopes",
            "只有管理员、知识产权局和区级管理人员可申请审计权限",
            "only administrators, the IP bureau and district officers may hold the audit scope",
        ));
    }
    if scopes.contains(&Scope::Admin) && !actor.is_admin() {
        return Err(Error::field(
            "scopes",
            "只有管理员可申请管理权限",
            "only administrators may hold the admin scope",
        ));
    }
    let token = tokens::new_token();
    let new = NewApiToken {
        user_id: user.id,
        name: name.to_string(),
        token_hash: tokens::token_hash(&token),
        scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
    };
    let id = app
        .store
        .create_api_token(&caller.audit_context(), &new)
        .await?;
    let record = app
        .store
        .list_api_tokens(user.id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::internal("creating an API token", "the new token vanished"))?;
    Ok(CreatedToken { token, record })
}

/// Revokes one of the signed-in user's tokens.
pub async fn revoke_api_token(app: &App, caller: &Caller, token_id: i64) -> Result<(), Error> {
    let user = caller.session_user()?;
    if app
        .store
        .revoke_api_token(&caller.audit_context(), user.id, token_id)
        .await?
    {
        Ok(())
    } else {
        Err(Error::not_found(
            format!("没有有效的 API 令牌 {token_id}"),
            format!("no active API token {token_id}"),
        ))
    }
}

/// Lifts the sign-in lock of a user (administrators).
pub async fn unlock_user(app: &App, caller: &Caller, user_id: i64) -> Result<(), Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    if app.store.get_user(user_id).await?.is_none() {
        return Err(Error::not_found(
            format!("没有用户 {user_id}"),
            format!("no user {user_id}"),
        ));
    }
    if app
        .store
        .unlock_user(&caller.audit_context(), user_id)
        .await?
    {
        Ok(())
    } else {
        // 400, as the API has always answered and its document says.
        Err(Error::bad_input(
            format!("用户 {user_id} 未被锁定"),
            format!("user {user_id} is not locked"),
        ))
    }
}

/// The signed-in user's API tokens, without their secrets.
pub async fn api_tokens(app: &App, caller: &Caller) -> Result<Vec<ApiTokenRecord>, Error> {
    let user = caller.signed_in_user()?;
    Ok(app.store.list_api_tokens(user.id).await?)
}

/// The most users one page of user management shows.
pub const MAX_USERS: i64 = 1000;

/// Users for the administrators' user management, a page at a time.
pub async fn users(
    app: &App,
    caller: &Caller,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserRecord>, Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    Ok(app
        .store
        .list_users(limit.clamp(0, MAX_USERS), offset.max(0))
        .await?)
}

/// A user an administrator creates directly: the login, a user name, the
/// display name, the first password, and what they hold.
#[derive(Debug, Clone)]
pub struct NewAccountForm {
    pub login: Login,
    pub username: Option<Username>,
    pub display_name: String,
    pub password: Password,
    pub memberships: Vec<(i64, MembershipRole)>,
    pub platform_roles: Vec<PlatformRole>,
}

/// Creates an account with its memberships and roles as one change
/// (administrators); returns the stored user.
pub async fn create_account(
    app: &App,
    caller: &Caller,
    form: NewAccountForm,
) -> Result<UserRecord, Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    for &(organisation, _) in &form.memberships {
        if app.store.get_organisation(organisation).await?.is_none() {
            return Err(Error::field(
                "memberships",
                format!("没有机构 {organisation}"),
                format!("no organisation {organisation}"),
            ));
        }
    }
    let hash = app.passwords.hash(form.password).await?;
    let account = NewAccount {
        user: NewUser::with_login(&form.login, &form.display_name, &hash),
        username: form.username,
        memberships: form.memberships,
        platform_roles: form.platform_roles,
    };
    let id = app
        .store
        .create_account(&caller.audit_context(), &account)
        .await
        .map_err(|e| match e {
            StorageError::Conflict { what: "user name" } => {
                Error::field("username", "该用户名已被占用", "this user name is taken")
            }
            other => conflict_as_field(other),
        })?;
    app.store
        .get_user(id)
        .await?
        .ok_or_else(|| Error::internal("creating an account", "the new user cannot be read back"))
}

/// A user by id, for administrators.
pub async fn user(app: &App, caller: &Caller, id: i64) -> Result<UserRecord, Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    app.store
        .get_user(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("没有用户 {id}"), format!("no user {id}")))
}

/// A user by login (e-mail, mobile number or user name), for administrators.
pub async fn user_by_login(
    app: &App,
    caller: &Caller,
    login: &Login,
) -> Result<Option<UserRecord>, Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    Ok(app.store.find_user_by_login(login).await?)
}

/// Makes a user a member of an organisation with a role, or changes the
/// role (administrators, through user management).
pub async fn set_membership(
    app: &App,
    caller: &Caller,
    user_id: i64,
    organisation_id: i64,
    role: MembershipRole,
) -> Result<(), Error> {
    user(app, caller, user_id).await?;
    crate::organisations::load_for(app, caller, organisation_id, Action::ViewOrganisation).await?;
    Ok(app
        .store
        .add_membership(
            &caller.audit_for(organisation_id),
            user_id,
            organisation_id,
            role,
        )
        .await?)
}
