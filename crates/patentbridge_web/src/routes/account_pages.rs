//! The account pages: sign-in, sign-up, sign-out, password reset, my
//! account, organisation pages, invitations, and the administrators' and
//! overseers' pages. Every form posts back with its CSRF token; every
//! change goes through [`crate::operations`], the same code the JSON API
//! uses. After a successful post the browser is sent on with 303 See Other
//! (post/redirect/get); a refused form is shown again with its errors.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{RegistrationForm, Verification};
use patentbridge_storage::OrganisationFilter;

use crate::auth::{over_https, session_cookie, sign_in_first};
use crate::csrf::{CSRF_FIELD, PageCaller};
use crate::error::{PageError, PageResultExt};
use crate::i18n::Ctx;
use crate::operations::{accounts, organisations, sessions};
use crate::search_params::encode;
use crate::views::forms::Errors;
use crate::views::{account, admin, organisation};
use crate::{AppError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/sign-out", post(sign_out))
        .route("/password-reset", get(reset_page).post(reset_request))
        .route(
            "/password-reset/{token}",
            get(reset_confirm_page).post(reset_confirm),
        )
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/my-organisation", get(my_organisation))
        .route("/organisations/{id}", get(organisation_page))
        .route("/organisations/{id}/verification", post(verification))
        .route("/organisations/{id}/invitations", post(invite))
        .route("/invitations/{token}", get(invitation_page).post(accept))
        .route("/admin/organisations", get(admin_organisations))
        .route("/admin/users", get(admin_users))
        .route("/admin/users/{id}/unlock", post(unlock))
        .route("/audit", get(audit_page))
}

/// The fields of a posted form, repeated names kept (checkboxes).
pub(crate) struct Fields(pub(crate) Vec<(String, String)>);

impl Fields {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
    pub(crate) fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub(crate) fn csrf(&self) -> &str {
        self.get(CSRF_FIELD)
    }
}

/// Messages a redirect may ask the next page to show, by key, so that no
/// text from the URL is ever put on a page.
fn notice_text(ctx: &Ctx, key: &str) -> Option<&'static str> {
    let (zh, en) = match key {
        "signed_up" => (
            "注册成功，已提交认证。平台管理员审核通过后，机构将显示“已认证”。",
            "Signed up and submitted for verification. Once an administrator approves, the organisation shows as verified.",
        ),
        "password_changed" => (
            "密码已修改，请用新密码登录。",
            "Password changed; sign in with the new one.",
        ),
        "password_reset" => (
            "密码已重置，请用新密码登录。",
            "Password reset; sign in with the new one.",
        ),
        "verification" => ("认证状态已更新。", "Verification updated."),
        "unlocked" => ("账户已解锁。", "Account unlocked."),
        "joined" => ("已加入机构。", "You joined the organisation."),
        "token_revoked" => ("令牌已撤销。", "Token revoked."),
        _ => return None,
    };
    Some(if ctx.lang.is_zh() { zh } else { en })
}

fn notice_of(ctx: &Ctx, query: &[(String, String)]) -> Option<&'static str> {
    query
        .iter()
        .find(|(k, _)| k == "notice")
        .and_then(|(_, v)| notice_text(ctx, v))
}

/// A `next` target that stays on this site.
pub(crate) fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

pub(crate) fn errors_of(ctx: &Ctx, e: &AppError) -> Errors {
    Errors(e.field_messages(ctx.lang))
}

/// A refused form shown again: field errors are 422 with the form, any
/// other error is the error page.
fn refused(
    ctx: &Ctx,
    e: AppError,
    render: impl FnOnce(Errors) -> maud::Markup,
) -> Result<Response, PageError> {
    match e {
        AppError::Invalid(_) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(errors_of(ctx, &e))).into_response())
        }
        other => Err(PageError::new(other, ctx)),
    }
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(cookie).expect("a valid cookie header"),
    );
    response
}

// ---- Signing in and out ----------------------------------------------------

async fn sign_in_page(
    ctx: Ctx,
    page: PageCaller,
    Query(q): Query<Vec<(String, String)>>,
) -> maud::Markup {
    let next = q
        .iter()
        .find(|(k, _)| k == "next")
        .map_or("", |(_, v)| v.as_str());
    account::sign_in(&ctx, &page.csrf, "", next, None, notice_of(&ctx, &q))
}

async fn sign_in(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    let login = f.get("login").to_string();
    match sessions::sign_in(
        &state,
        page.caller.request_id.clone(),
        sessions::client_ip(&headers),
        &login,
        f.get("password").to_string(),
    )
    .await
    {
        Ok(started) => {
            let target = safe_next(f.get("next")).map_or_else(
                || {
                    if started.user.memberships.is_empty() {
                        "/account".to_string()
                    } else {
                        "/my-organisation".to_string()
                    }
                },
                str::to_string,
            );
            let cookie = session_cookie(
                &started.token,
                sessions::SESSION_HOURS * 3600,
                over_https(&headers),
            );
            Ok(with_cookie(Redirect::to(&target).into_response(), &cookie))
        }
        Err(e @ (AppError::Unauthorized(_) | AppError::Locked(_))) => {
            let status = e.status();
            let message = match &e {
                AppError::Locked(m) => m.clone(),
                _ => ctx
                    .tr("登录名或密码错误。", "Wrong login or password.")
                    .to_string(),
            };
            let body = account::sign_in(
                &ctx,
                &page.csrf,
                &login,
                f.get("next"),
                Some(&message),
                None,
            );
            Ok((status, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn sign_out(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    if let Some(hash) = page.caller.session_hash.as_deref() {
        state
            .store
            .delete_session(&page.caller.audit_context(), hash)
            .await
            .page_err(&ctx)?;
    }
    let cookie = session_cookie("", 0, over_https(&headers));
    Ok(with_cookie(Redirect::to("/").into_response(), &cookie))
}

// ---- Signing up ------------------------------------------------------------

fn registration_form(f: &Fields) -> RegistrationForm {
    RegistrationForm {
        kind: f.get("kind").to_string(),
        name_zh: f.get("name_zh").to_string(),
        name_en: f.get("name_en").to_string(),
        credit_code: f.get("credit_code").to_string(),
        region_code: f.get("region_code").to_string(),
        address: f.get("address").to_string(),
        industry: f.get("industry").to_string(),
        year: f.get("year").to_string(),
        revenue_yuan: f.get("revenue_yuan").to_string(),
        employees: f.get("employees").to_string(),
        display_name: f.get("display_name").to_string(),
        login: f.get("login").to_string(),
        password: f.get("password").to_string(),
        password_confirm: f.get("password_confirm").to_string(),
    }
}

async fn sign_up_page(ctx: Ctx, page: PageCaller) -> maud::Markup {
    let form = RegistrationForm {
        year: (chrono::Datelike::year(&chrono::Utc::now()) - 1).to_string(),
        ..RegistrationForm::default()
    };
    account::sign_up(&ctx, &page.csrf, &form, &Errors::default())
}

async fn sign_up(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    let form = registration_form(&f);
    match accounts::register(&state, page.caller.request_id.clone(), form.clone()).await {
        Ok(done) => {
            // Signed up is signed in: the password was just hashed, so the
            // session starts without checking it again.
            let user = state
                .store
                .get_user(done.user_id)
                .await
                .page_err(&ctx)?
                .ok_or_else(|| PageError::new(sign_in_first(), &ctx))?;
            let started = sessions::start_session(
                &state,
                page.caller.request_id.clone(),
                sessions::client_ip(&headers),
                user,
            )
            .await
            .page_err(&ctx)?;
            let cookie = session_cookie(
                &started.token,
                sessions::SESSION_HOURS * 3600,
                over_https(&headers),
            );
            let target = format!("/organisations/{}?notice=signed_up", done.organisation_id);
            Ok(with_cookie(Redirect::to(&target).into_response(), &cookie))
        }
        Err(e) => refused(&ctx, e, |errors| {
            account::sign_up(&ctx, &page.csrf, &form, &errors)
        }),
    }
}

// ---- Password reset --------------------------------------------------------

async fn reset_page(ctx: Ctx, page: PageCaller) -> maud::Markup {
    account::reset_request(&ctx, &page.csrf, "", false, &Errors::default())
}

async fn reset_request(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    let login = f.get("login");
    match accounts::request_password_reset(&state, page.caller.request_id.clone(), login).await {
        Ok(_) => Ok(
            account::reset_request(&ctx, &page.csrf, login, true, &Errors::default())
                .into_response(),
        ),
        Err(e) => refused(&ctx, e, |errors| {
            account::reset_request(&ctx, &page.csrf, login, false, &errors)
        }),
    }
}

async fn reset_confirm_page(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<maud::Markup, PageError> {
    accounts::check_reset_token(&state, &token)
        .await
        .page_err(&ctx)?;
    Ok(account::reset_confirm(
        &ctx,
        &page.csrf,
        &token,
        &Errors::default(),
    ))
}

async fn reset_confirm(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    match accounts::reset_password(
        &state,
        page.caller.request_id.clone(),
        &token,
        f.get("password"),
        f.get("password_confirm"),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/sign-in?notice=password_reset").into_response()),
        Err(e) => refused(&ctx, e, |errors| {
            account::reset_confirm(&ctx, &page.csrf, &token, &errors)
        }),
    }
}

// ---- My account ------------------------------------------------------------

#[derive(Default)]
struct AccountExtras<'a> {
    new_token: Option<&'a str>,
    password_errors: Errors,
    token_errors: Errors,
    notice: Option<&'a str>,
}

async fn render_account(
    ctx: &Ctx,
    page: &PageCaller,
    state: &AppState,
    extras: AccountExtras<'_>,
) -> Result<maud::Markup, PageError> {
    let user = page.caller.signed_in_user().page_err(ctx)?;
    let tokens = state.store.list_api_tokens(user.id).await.page_err(ctx)?;
    let mut organisations = Vec::new();
    for m in &user.memberships {
        if let Some(o) = state.store.get_organisation(m.org_id).await.page_err(ctx)? {
            organisations.push((o.id, o.name_zh, o.kind));
        }
    }
    Ok(account::account(
        ctx,
        &page.csrf,
        &account::AccountView {
            user,
            organisations,
            tokens: &tokens,
            new_token: extras.new_token,
            password_errors: extras.password_errors,
            token_errors: extras.token_errors,
            notice: extras.notice,
        },
    ))
}

pub(crate) fn signed_in_or_redirect(ctx: &Ctx, page: &PageCaller) -> Option<Response> {
    page.caller.user.is_none().then(|| {
        let here = match &ctx.query {
            Some(q) => format!("{}?{q}", ctx.path),
            None => ctx.path.clone(),
        };
        Redirect::to(&format!("/sign-in?next={}", encode(&here))).into_response()
    })
}

async fn account_page(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let extras = AccountExtras {
        notice: notice_of(&ctx, &q),
        ..AccountExtras::default()
    };
    Ok(render_account(&ctx, &page, &state, extras)
        .await?
        .into_response())
}

async fn change_password(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    match accounts::change_password(
        &state,
        &page.caller,
        f.get("current_password").to_string(),
        f.get("password"),
        f.get("password_confirm"),
    )
    .await
    {
        Ok(()) => {
            // Every session ended with the change, this one too.
            let cookie = session_cookie("", 0, over_https(&headers));
            Ok(with_cookie(
                Redirect::to("/sign-in?notice=password_changed").into_response(),
                &cookie,
            ))
        }
        Err(e @ AppError::Invalid(_)) => {
            let extras = AccountExtras {
                password_errors: errors_of(&ctx, &e),
                ..AccountExtras::default()
            };
            let body = render_account(&ctx, &page, &state, extras).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn create_token(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    let created = match accounts::parse_scopes(f.all("scopes")) {
        Ok(scopes) => accounts::create_api_token(&state, &page.caller, f.get("name"), scopes).await,
        Err(e) => Err(e),
    };
    match created {
        Ok(created) => {
            let extras = AccountExtras {
                new_token: Some(&created.token),
                ..AccountExtras::default()
            };
            let body = render_account(&ctx, &page, &state, extras).await?;
            // The page holds a secret: no caching anywhere.
            Ok(([(header::CACHE_CONTROL, "no-store")], body).into_response())
        }
        Err(e @ AppError::Invalid(_)) => {
            let extras = AccountExtras {
                token_errors: errors_of(&ctx, &e),
                ..AccountExtras::default()
            };
            let body = render_account(&ctx, &page, &state, extras).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn revoke_token(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    accounts::revoke_api_token(&state, &page.caller, id)
        .await
        .page_err(&ctx)?;
    Ok(Redirect::to("/account?notice=token_revoked#tokens").into_response())
}

// ---- Organisations ---------------------------------------------------------

async fn my_organisation(ctx: Ctx, page: PageCaller) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let user = page.caller.signed_in_user().page_err(&ctx)?;
    match user.memberships.first() {
        Some(m) => Ok(Redirect::to(&format!("/organisations/{}", m.org_id)).into_response()),
        None => Ok(Redirect::to("/account").into_response()),
    }
}

#[derive(Default)]
struct OrgExtras<'a> {
    new_invitation: Option<&'a str>,
    invite_errors: Errors,
    notice: Option<&'a str>,
}

async fn render_organisation(
    ctx: &Ctx,
    page: &PageCaller,
    state: &AppState,
    id: i64,
    extras: OrgExtras<'_>,
) -> Result<maud::Markup, PageError> {
    let caller = &page.caller;
    let org = organisations::load_for(state, caller, id, Action::ViewOrganisation)
        .await
        .page_err(ctx)?;
    let resource = organisations::resource_of(&org);
    let actor = &caller.actor;
    let insider = actor.is_member_of(id) || actor.is_admin() || actor.is_ip_bureau();
    let can_manage =
        caller.require(Action::EditOrganisation, &resource).is_ok() && actor.is_manager_of(id);
    let can_verify = caller
        .require(Action::VerifyOrganisation, &resource)
        .is_ok();
    // Figures (revenue, staff) are the organisation's own business.
    let figures = if insider || actor.is_officer_of(org.region) {
        state.store.organisation_figures(id).await.page_err(ctx)?
    } else {
        Vec::new()
    };
    let members = if insider {
        Some(state.store.organisation_members(id).await.page_err(ctx)?)
    } else {
        None
    };
    let invitations = if can_manage || actor.is_admin() {
        Some(state.store.list_invitations(id).await.page_err(ctx)?)
    } else {
        None
    };
    Ok(organisation::page(
        ctx,
        &page.csrf,
        &organisation::OrganisationView {
            org: &org,
            figures: &figures,
            members: members.as_deref(),
            invitations: invitations.as_deref(),
            can_manage,
            can_verify,
            new_invitation: extras.new_invitation,
            invite_errors: extras.invite_errors,
            notice: extras.notice,
        },
    ))
}

async fn organisation_page(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<maud::Markup, PageError> {
    let extras = OrgExtras {
        notice: notice_of(&ctx, &q),
        ..OrgExtras::default()
    };
    render_organisation(&ctx, &page, &state, id, extras).await
}

async fn verification(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    let event = organisations::parse_event(f.get("event")).page_err(&ctx)?;
    organisations::apply_verification(&state, &page.caller, id, event)
        .await
        .page_err(&ctx)?;
    let target = if f.get("back") == "queue" {
        "/admin/organisations?notice=verification".to_string()
    } else {
        format!("/organisations/{id}?notice=verification")
    };
    Ok(Redirect::to(&target).into_response())
}

async fn invite(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    match organisations::invite(&state, &page.caller, id, f.get("email"), f.get("role")).await {
        Ok(created) => {
            let link = format!("/invitations/{}", created.token);
            let extras = OrgExtras {
                new_invitation: Some(&link),
                ..OrgExtras::default()
            };
            let body = render_organisation(&ctx, &page, &state, id, extras).await?;
            Ok(([(header::CACHE_CONTROL, "no-store")], body).into_response())
        }
        Err(e @ AppError::Invalid(_)) => {
            let extras = OrgExtras {
                invite_errors: errors_of(&ctx, &e),
                ..OrgExtras::default()
            };
            let body = render_organisation(&ctx, &page, &state, id, extras).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn invitation_page(ctx: Ctx, page: PageCaller, Path(token): Path<String>) -> maud::Markup {
    organisation::invitation(&ctx, &page.csrf, &token, page.caller.user.is_some())
}

async fn accept(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    let invitation = organisations::accept_invitation(&state, &page.caller, &token)
        .await
        .page_err(&ctx)?;
    Ok(Redirect::to(&format!(
        "/organisations/{}?notice=joined",
        invitation.organisation_id
    ))
    .into_response())
}

// ---- Oversight -------------------------------------------------------------

fn signed_in_first(ctx: &Ctx, page: &PageCaller) -> Result<(), PageError> {
    if page.caller.user.is_none() {
        return Err(PageError::new(sign_in_first(), ctx));
    }
    Ok(())
}

async fn admin_organisations(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    page.caller
        .require(Action::ManageUsers, &Resource::Platform)
        .page_err(&ctx)?;
    let wanted = q
        .iter()
        .find(|(k, _)| k == "state")
        .map_or("pending", |(_, v)| v.as_str());
    let filter_state = match wanted {
        "all" => None,
        other => Some(Verification::parse(other).unwrap_or(Verification::Pending)),
    };
    let orgs = state
        .store
        .list_organisations(&OrganisationFilter {
            verification: filter_state,
            limit: 500,
            ..OrganisationFilter::default()
        })
        .await
        .page_err(&ctx)?;
    Ok(
        admin::organisations(&ctx, &page.csrf, filter_state, &orgs, notice_of(&ctx, &q))
            .into_response(),
    )
}

async fn admin_users(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    page.caller
        .require(Action::ManageUsers, &Resource::Platform)
        .page_err(&ctx)?;
    let users = state.store.list_users(1000, 0).await.page_err(&ctx)?;
    Ok(admin::users(&ctx, &page.csrf, &users, notice_of(&ctx, &q)).into_response())
}

async fn unlock(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields(f);
    page.check(f.csrf()).page_err(&ctx)?;
    signed_in_first(&ctx, &page)?;
    accounts::unlock_user(&state, &page.caller, id)
        .await
        .page_err(&ctx)?;
    Ok(Redirect::to("/admin/users?notice=unlocked").into_response())
}

async fn audit_page(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let visible: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "format" && k != "lang")
        .cloned()
        .collect();
    let mut query = super::api::audit::parse_query(&visible).page_err(&ctx)?;
    query.filter.limit = 50;
    super::api::audit::scope_filter(&page.caller, Action::ViewAuditLog, &mut query.filter)
        .page_err(&ctx)?;
    let entries = state
        .store
        .audit_entries(&query.filter)
        .await
        .page_err(&ctx)?;
    Ok(admin::audit(
        &ctx,
        &entries,
        &visible,
        query.filter.offset,
        query.filter.limit,
    )
    .into_response())
}
