//! The mall's buyer pages: "want this" and favourites posted from a
//! listing's page, the favourites and compare pages, packages, and the
//! inbox. Every change goes through [`patentbridge_app::market`], the same
//! code the JSON API uses; forms carry their CSRF token and a successful
//! post is answered with 303 See Other.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use patentbridge_domain::package::PackageForm;

use crate::csrf::PageCaller;
use crate::error::{PageError, PageResultExt};
use crate::forms::{Fields, PageForm};
use crate::i18n::Ctx;
use crate::i18n::Text;
use crate::routes::account_pages::{errors_of, safe_next, signed_in_or_redirect};
use crate::search_params::encode;
use crate::views::forms::Errors;
use crate::views::market as view;
use patentbridge_app::market;
use patentbridge_app::{App, Error};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/mall/listings/{id}/want", post(want))
        .route("/mall/listings/{id}/favourite", post(favourite))
        .route("/mall/listings/{id}/unfavourite", post(unfavourite))
        .route("/mall/compare", get(compare))
        .route("/favourites", get(favourites))
        .route("/packages", get(packages).post(create_package))
        .route("/packages/new", get(new_package))
        .route("/packages/{id}", get(package))
        .route("/packages/{id}/publish", post(publish_package))
        .route("/packages/{id}/close", post(close_package))
        .route("/inbox", get(inbox))
        .route("/inbox/read", post(mark_read))
}

/// Messages a redirect may ask a page to show, by key.
fn notice_text(ctx: &Ctx, q: &[(String, String)]) -> Option<Cow<'static, str>> {
    let key = q
        .iter()
        .find(|(k, _)| k == "notice")
        .map(|(_, v)| v.as_str())?;
    let text = match key {
        "package_created" => Text::new("专利包已保存为草稿。", "The package is saved as a draft."),
        "package_published" => Text::new("专利包已发布。", "The package is published."),
        "package_closed" => Text::new("专利包已关闭。", "The package is closed."),
        "read" => Text::new("已全部标为已读。", "All marked read."),
        _ => return None,
    };
    Some(ctx.say(text))
}

/// Anonymous posters are sent to sign in and come back to `back`.
fn sign_in_redirect(page: &PageCaller, back: &str) -> Option<Response> {
    page.caller
        .user
        .is_none()
        .then(|| Redirect::to(&format!("/sign-in?next={}", encode(back))).into_response())
}

/// `POST /mall/listings/{id}/want`: an SME member's inquiry.
async fn want(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let back = format!("/mall/listings/{id}");
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = sign_in_redirect(&page, &back) {
        return Ok(r);
    }
    match market::send_inquiry(&app, &page.caller, id, f.get("message")).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}?notice=inquiry_sent")).into_response()),
        Err(e @ Error::Invalid(_)) => {
            let messages: Vec<String> = errors_of(&ctx, &e).0.into_iter().map(|(_, m)| m).collect();
            let body = view::refused(
                &ctx,
                &ctx.say(Text::new("未能提交意向", "The inquiry was not sent")),
                &messages,
                &back,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn set_favourite(
    ctx: Ctx,
    app: App,
    id: i64,
    form: PageForm<Fields>,
    on: bool,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let back =
        safe_next(f.get("next")).map_or_else(|| format!("/mall/listings/{id}"), str::to_string);
    if let Some(r) = sign_in_redirect(&page, &back) {
        return Ok(r);
    }
    if on {
        market::add_favourite(&app, &page.caller, id)
            .await
            .page_err(&ctx)?;
    } else {
        market::remove_favourite(&app, &page.caller, id)
            .await
            .page_err(&ctx)?;
    }
    Ok(Redirect::to(&back).into_response())
}

async fn favourite(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    set_favourite(ctx, app, id, form, true).await
}

async fn unfavourite(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    set_favourite(ctx, app, id, form, false).await
}

async fn favourites(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let list = market::favourites(&app, &page.caller)
        .await
        .page_err(&ctx)?;
    Ok(view::favourites(&ctx, &page.csrf, &list).into_response())
}

/// `GET /mall/compare?ids=1,2,3` (or `ids` repeated, as the checkbox form
/// sends it).
async fn compare(
    ctx: Ctx,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let raw: Vec<&str> = q
        .iter()
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| v.as_str())
        .collect();
    let found = match market::parse_compare_ids(&raw.join(",")) {
        Ok(ids) => market::compare(&app, &ids).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(listings) => Ok(view::compare(&ctx, &listings).into_response()),
        Err(e @ Error::Invalid(_)) => {
            let messages: Vec<String> = errors_of(&ctx, &e).0.into_iter().map(|(_, m)| m).collect();
            let body = view::refused(
                &ctx,
                &ctx.say(Text::new("挂牌对比", "Compare listings")),
                &messages,
                "/favourites",
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

// ---- Packages -----------------------------------------------------------------

async fn packages(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
) -> Result<maud::Markup, PageError> {
    let list = market::published_packages(&app).await.page_err(&ctx)?;
    let may_create = !market::curatable(&app, &page.caller)
        .await
        .page_err(&ctx)?
        .is_empty();
    Ok(view::packages(&ctx, &list, may_create))
}

async fn render_form(
    ctx: &Ctx,
    page: &PageCaller,
    app: &App,
    form: &PackageForm,
    errors: Errors,
    q: &str,
    chosen: Option<i64>,
) -> Result<maud::Markup, PageError> {
    let organisations = market::curatable(app, &page.caller).await.page_err(ctx)?;
    if organisations.is_empty() {
        // The policy's answer for the caller's own organisation: 403.
        market::curator_org(app, &page.caller, None)
            .await
            .page_err(ctx)?;
    }
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    let found = market::find_published(app, words).await.page_err(ctx)?;
    Ok(view::package_form(
        ctx,
        &page.csrf,
        &view::PackageFormView {
            form,
            errors,
            organisations: &organisations,
            chosen_organisation: chosen,
            found: &found,
            q,
        },
    ))
}

async fn new_package(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let words = q
        .iter()
        .find(|(k, _)| k == "q")
        .map_or("", |(_, v)| v.as_str());
    let form = PackageForm {
        pricing: "bundle".into(),
        ..PackageForm::default()
    };
    Ok(
        render_form(&ctx, &page, &app, &form, Errors::default(), words, None)
            .await?
            .into_response(),
    )
}

/// The form as posted: ticked listings first, then the typed ids; per-item
/// prices from `price_{id}` fields when the page had them, else the typed list.
fn package_form_of(f: &Fields) -> PackageForm {
    let mut ids: Vec<String> = f.all("listing").map(str::to_string).collect();
    ids.extend(
        f.get("listing_ids")
            .split([',', '，', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    );
    let typed_prices = f.get("item_prices").trim();
    let item_prices = if typed_prices.is_empty() {
        ids.iter()
            .map_while(|id| {
                let p = f.get(&format!("price_{id}")).trim();
                (!p.is_empty()).then(|| p.to_string())
            })
            .collect::<Vec<_>>()
            .join(",")
    } else {
        typed_prices.to_string()
    };
    PackageForm {
        title: f.get("title").to_string(),
        theme: f.get("theme").to_string(),
        industry: f.get("industry").to_string(),
        description: f.get("description").to_string(),
        pricing: f.get("pricing").to_string(),
        bundle_price_yuan: f.get("bundle_price").to_string(),
        listing_ids: ids.join(", "),
        item_prices_yuan: item_prices,
    }
}

async fn create_package(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = sign_in_redirect(&page, "/packages/new") {
        return Ok(r);
    }
    let form = package_form_of(&f);
    let chosen = f.get("organisation_id").trim().parse::<i64>().ok();
    match market::create_package(&app, &page.caller, chosen, &form).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/packages/{id}?notice=package_created")).into_response())
        }
        Err(e @ Error::Invalid(_)) => {
            let body =
                render_form(&ctx, &page, &app, &form, errors_of(&ctx, &e), "", chosen).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn package(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<maud::Markup, PageError> {
    let (p, curator) = market::package_for(&app, &page.caller, id)
        .await
        .page_err(&ctx)?;
    Ok(view::package(
        &ctx,
        &page.csrf,
        &p,
        curator,
        notice_text(&ctx, &q).as_deref(),
    ))
}

async fn move_package(
    ctx: Ctx,
    app: App,
    id: i64,
    form: PageForm<Fields>,
    publish: bool,
) -> Result<Response, PageError> {
    let page = form.page;
    if let Some(r) = sign_in_redirect(&page, &format!("/packages/{id}")) {
        return Ok(r);
    }
    market::move_package(&app, &page.caller, id, publish)
        .await
        .page_err(&ctx)?;
    let notice = if publish {
        "package_published"
    } else {
        "package_closed"
    };
    Ok(Redirect::to(&format!("/packages/{id}?notice={notice}")).into_response())
}

async fn publish_package(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    move_package(ctx, app, id, form, true).await
}

async fn close_package(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    move_package(ctx, app, id, form, false).await
}

// ---- Inbox --------------------------------------------------------------------

async fn inbox(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let inbox = market::inbox(&app, &page.caller).await.page_err(&ctx)?;
    Ok(view::inbox(&ctx, &page.csrf, &inbox, notice_text(&ctx, &q).as_deref()).into_response())
}

async fn mark_read(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, .. } = form;
    if let Some(r) = sign_in_redirect(&page, "/inbox") {
        return Ok(r);
    }
    market::mark_read(&app, &page.caller).await.page_err(&ctx)?;
    Ok(Redirect::to("/inbox?notice=read").into_response())
}
