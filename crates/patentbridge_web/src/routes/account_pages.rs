//! The account pages: sign-in, sign-up, sign-out, password reset, my
//! account, organisation pages, invitations, and the administrators' and
//! overseers' pages. Every form posts back with its CSRF token; every
//! change goes through [`patentbridge_app`], the same code the JSON API
//! uses. After a successful post the browser is sent on with 303 See Other
//! (post/redirect/get); a refused form is shown again with its errors.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use patentbridge_app::{App, Error, accounts, audit, organisations, sessions};
use patentbridge_domain::{RegistrationForm, Verification};

use crate::auth::{over_https, session_cookie};
use crate::csrf::PageCaller;
use crate::error::{PageError, PageResultExt, field_messages};
use crate::forms::{Fields, FromFields, PageForm};
use crate::i18n::Ctx;
use crate::i18n::Text;
use crate::search_params::encode;
use crate::views::forms::Errors;
use crate::views::{account, admin, organisation};

pub fn routes() -> Router<App> {
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

/// Messages a redirect may ask the next page to show, by key, so that no
/// text from the URL is ever put on a page.
fn notice_text(ctx: &Ctx, key: &str) -> Option<Cow<'static, str>> {
    let text = match key {
        "signed_up" => Text::new(
            "注册成功，已提交认证。平台管理员审核通过后，机构将显示“已认证”。",
            "Signed up and submitted for verification. Once an administrator approves, the organisation shows as verified.",
        ),
        "password_changed" => Text::new(
            "密码已修改，请用新密码登录。",
            "Password changed; sign in with the new one.",
        ),
        "password_reset" => Text::new(
            "密码已重置，请用新密码登录。",
            "Password reset; sign in with the new one.",
        ),
        "verification" => Text::new("认证状态已更新。", "Verification updated."),
        "unlocked" => Text::new("账户已解锁。", "Account unlocked."),
        "joined" => Text::new("已加入机构。", "You joined the organisation."),
        "token_revoked" => Text::new("令牌已撤销。", "Token revoked."),
        _ => return None,
    };
    Some(ctx.say(text))
}

fn notice_of(ctx: &Ctx, query: &[(String, String)]) -> Option<Cow<'static, str>> {
    query
        .iter()
        .find(|(k, _)| k == "notice")
        .and_then(|(_, v)| notice_text(ctx, v))
}

/// A `next` target that stays on this site.
pub(crate) fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

pub(crate) fn errors_of(ctx: &Ctx, e: &Error) -> Errors {
    Errors(field_messages(e, ctx.lang))
}

/// A refused form shown again: field errors are 422 with the form, any
/// other error is the error page.
fn refused(
    ctx: &Ctx,
    e: Error,
    render: impl FnOnce(Errors) -> maud::Markup,
) -> Result<Response, PageError> {
    match e {
        Error::Invalid(_) => {
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
    account::sign_in(
        &ctx,
        &page.csrf,
        "",
        next,
        None,
        notice_of(&ctx, &q).as_deref(),
    )
}

async fn sign_in(
    ctx: Ctx,
    State(app): State<App>,
    headers: HeaderMap,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let login = f.get("login").to_string();
    match sessions::sign_in(&app, &page.caller, &login, f.get("password").to_string()).await {
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
        Err(e @ (Error::Unauthenticated(_) | Error::Locked(_))) => {
            let status = crate::error::status(&e);
            let message = match &e {
                Error::Locked(m) => m.get(ctx.lang).to_string(),
                _ => ctx
                    .say(Text::new("登录名或密码错误。", "Wrong login or password."))
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
    State(app): State<App>,
    headers: HeaderMap,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, .. } = form;
    if page.caller.session.is_some() {
        match sessions::sign_out(&app, &page.caller).await {
            // A session that already ended signs out all the same.
            Ok(()) | Err(Error::Unauthenticated(_)) => {}
            Err(e) => return Err(PageError::new(e, &ctx)),
        }
    }
    let cookie = session_cookie("", 0, over_https(&headers));
    Ok(with_cookie(Redirect::to("/").into_response(), &cookie))
}

// ---- Signing up ------------------------------------------------------------

impl FromFields for RegistrationForm {
    fn from_fields(f: &Fields) -> RegistrationForm {
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
    State(app): State<App>,
    headers: HeaderMap,
    form: PageForm<RegistrationForm>,
) -> Result<Response, PageError> {
    let PageForm { page, input, .. } = form;
    // Signed up is signed in.
    match sessions::sign_up(&app, &page.caller, input.clone()).await {
        Ok((done, started)) => {
            let cookie = session_cookie(
                &started.token,
                sessions::SESSION_HOURS * 3600,
                over_https(&headers),
            );
            let target = format!("/organisations/{}?notice=signed_up", done.organisation_id);
            Ok(with_cookie(Redirect::to(&target).into_response(), &cookie))
        }
        Err(e) => refused(&ctx, e, |errors| {
            account::sign_up(&ctx, &page.csrf, &input, &errors)
        }),
    }
}

// ---- Password reset --------------------------------------------------------

async fn reset_page(ctx: Ctx, page: PageCaller) -> maud::Markup {
    account::reset_request(&ctx, &page.csrf, "", false, &Errors::default())
}

async fn reset_request(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let login = f.get("login");
    match accounts::request_password_reset(&app, &page.caller, login).await {
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
    State(app): State<App>,
    Path(token): Path<String>,
) -> Result<maud::Markup, PageError> {
    accounts::check_reset_token(&app, &token)
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
    State(app): State<App>,
    Path(token): Path<String>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    match accounts::reset_password(
        &app,
        &page.caller,
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
    app: &App,
    extras: AccountExtras<'_>,
) -> Result<maud::Markup, PageError> {
    let user = page.caller.signed_in_user().page_err(ctx)?;
    let tokens = accounts::api_tokens(app, &page.caller)
        .await
        .page_err(ctx)?;
    let organisations = organisations::my_organisations(app, &page.caller)
        .await
        .page_err(ctx)?
        .into_iter()
        .map(|o| (o.id, o.name_zh, o.kind))
        .collect();
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
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let notice = notice_of(&ctx, &q);
    let extras = AccountExtras {
        notice: notice.as_deref(),
        ..AccountExtras::default()
    };
    Ok(render_account(&ctx, &page, &app, extras)
        .await?
        .into_response())
}

async fn change_password(
    ctx: Ctx,
    State(app): State<App>,
    headers: HeaderMap,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    match accounts::change_password(
        &app,
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
        Err(e @ Error::Invalid(_)) => {
            let extras = AccountExtras {
                password_errors: errors_of(&ctx, &e),
                ..AccountExtras::default()
            };
            let body = render_account(&ctx, &page, &app, extras).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn create_token(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let created = match accounts::parse_scopes(f.all("scopes")) {
        Ok(scopes) => accounts::create_api_token(&app, &page.caller, f.get("name"), scopes).await,
        Err(e) => Err(e),
    };
    match created {
        Ok(created) => {
            let extras = AccountExtras {
                new_token: Some(&created.token),
                ..AccountExtras::default()
            };
            let body = render_account(&ctx, &page, &app, extras).await?;
            // The page holds a secret: no caching anywhere.
            Ok(([(header::CACHE_CONTROL, "no-store")], body).into_response())
        }
        Err(e @ Error::Invalid(_)) => {
            let extras = AccountExtras {
                token_errors: errors_of(&ctx, &e),
                ..AccountExtras::default()
            };
            let body = render_account(&ctx, &page, &app, extras).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn revoke_token(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, .. } = form;
    accounts::revoke_api_token(&app, &page.caller, id)
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
    app: &App,
    id: i64,
    extras: OrgExtras<'_>,
) -> Result<maud::Markup, PageError> {
    let p = organisations::profile(app, &page.caller, id)
        .await
        .page_err(ctx)?;
    Ok(organisation::page(
        ctx,
        &page.csrf,
        &organisation::OrganisationView {
            org: &p.org,
            figures: &p.figures,
            members: p.members.as_deref(),
            invitations: p.invitations.as_deref(),
            can_manage: p.can_manage,
            can_verify: p.can_verify,
            new_invitation: extras.new_invitation,
            invite_errors: extras.invite_errors,
            notice: extras.notice,
        },
    ))
}

async fn organisation_page(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<maud::Markup, PageError> {
    let notice = notice_of(&ctx, &q);
    let extras = OrgExtras {
        notice: notice.as_deref(),
        ..OrgExtras::default()
    };
    render_organisation(&ctx, &page, &app, id, extras).await
}

async fn verification(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let event = organisations::parse_event(f.get("event")).page_err(&ctx)?;
    organisations::apply_verification(&app, &page.caller, id, event)
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
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    match organisations::invite(&app, &page.caller, id, f.get("email"), f.get("role")).await {
        Ok(created) => {
            let link = format!("/invitations/{}", created.token);
            let extras = OrgExtras {
                new_invitation: Some(&link),
                ..OrgExtras::default()
            };
            let body = render_organisation(&ctx, &page, &app, id, extras).await?;
            Ok(([(header::CACHE_CONTROL, "no-store")], body).into_response())
        }
        Err(e @ Error::Invalid(_)) => {
            let extras = OrgExtras {
                invite_errors: errors_of(&ctx, &e),
                ..OrgExtras::default()
            };
            let body = render_organisation(&ctx, &page, &app, id, extras).await?;
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
    State(app): State<App>,
    Path(token): Path<String>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, .. } = form;
    let invitation = organisations::accept_invitation(&app, &page.caller, &token)
        .await
        .page_err(&ctx)?;
    Ok(Redirect::to(&format!(
        "/organisations/{}?notice=joined",
        invitation.organisation_id
    ))
    .into_response())
}

// ---- Oversight -------------------------------------------------------------

async fn admin_organisations(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let wanted = q
        .iter()
        .find(|(k, _)| k == "state")
        .map_or("pending", |(_, v)| v.as_str());
    let filter_state = match wanted {
        "all" => None,
        other => Some(Verification::parse(other).unwrap_or(Verification::Pending)),
    };
    let orgs = organisations::verification_queue(&app, &page.caller, filter_state)
        .await
        .page_err(&ctx)?;
    Ok(admin::organisations(
        &ctx,
        &page.csrf,
        filter_state,
        &orgs,
        notice_of(&ctx, &q).as_deref(),
    )
    .into_response())
}

async fn admin_users(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let users = accounts::users(&app, &page.caller, accounts::MAX_USERS, 0)
        .await
        .page_err(&ctx)?;
    Ok(admin::users(&ctx, &page.csrf, &users, notice_of(&ctx, &q).as_deref()).into_response())
}

async fn unlock(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, .. } = form;
    accounts::unlock_user(&app, &page.caller, id)
        .await
        .page_err(&ctx)?;
    Ok(Redirect::to("/admin/users?notice=unlocked").into_response())
}

async fn audit_page(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
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
    let (offset, limit) = (query.filter.offset, query.filter.limit);
    let entries = audit::entries(&app, &page.caller, query.filter, false)
        .await
        .page_err(&ctx)?;
    Ok(admin::audit(&ctx, &entries, &visible, offset, limit).into_response())
}
