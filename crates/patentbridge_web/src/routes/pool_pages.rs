//! The dormant-patent pool's pages: `/pool` (public), screening, intake
//! review, one entry's history and bulk upload. Every change goes through
//! [`patentbridge_app::pool`], the same code the JSON API uses; a post
//! carries the form token and answers with 303 See Other when it worked.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use patentbridge_domain::policy::Action;
use patentbridge_domain::pool::IntakeState;

use crate::csrf::PageCaller;
use crate::error::{PageError, PageResultExt, field_messages};
use crate::forms::{Fields, PageForm, PageUpload};
use crate::i18n::{Ctx, Text};
use crate::routes::account_pages::signed_in_or_redirect;
use crate::search_params::encode;
use crate::views::forms::Errors;
use crate::views::pool as view;
use patentbridge_app::organisations::resource_of;
use patentbridge_app::pool::{self, PER_PAGE, UploadResult};
use patentbridge_app::{App, Error};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/pool", get(summary))
        .route("/pool/screening", get(screening).post(propose))
        .route("/pool/intake", get(intake).post(intake_step))
        .route("/pool/entries/{id}", get(entry))
        .route("/pool/upload", get(upload_page).post(upload))
}

fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn all<'a>(f: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    f.iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn notice_text(ctx: &Ctx, q: &[(String, String)]) -> Option<Cow<'static, str>> {
    let text = match field(q, "notice") {
        "proposed" => Text::new(
            "已提议入池，等待院系审核。",
            "Proposed; awaiting the department.",
        ),
        "stepped" => Text::new("审核已记录。", "The step is recorded."),
        _ => return None,
    };
    Some(ctx.say(text))
}

async fn summary(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
) -> Result<maud::Markup, PageError> {
    let s = pool::summary(&app).await.page_err(&ctx)?;
    let member = page
        .caller
        .user
        .as_ref()
        .is_some_and(|u| u.memberships.iter().any(|m| m.org_kind.is_patent_source()));
    Ok(view::summary_page(&ctx, &s, member))
}

async fn render_screening(
    ctx: &Ctx,
    page: &PageCaller,
    app: &App,
    idle_years: Option<&str>,
    errors: Errors,
) -> Result<maud::Markup, PageError> {
    // A bad idle period shows the default screening with the error.
    let screening = match pool::screening(app, &page.caller, None, idle_years).await {
        Err(Error::Invalid(_)) => pool::screening(app, &page.caller, None, None).await,
        other => other,
    }
    .page_err(ctx)?;
    Ok(view::screening_page(ctx, &page.csrf, &screening, &errors))
}

async fn screening(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let years = field(&q, "idle_years");
    let errors = match pool::parse_idle_years(Some(years)) {
        Err(e) => Errors(field_messages(&e, ctx.lang)),
        Ok(_) => Errors::default(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = render_screening(&ctx, &page, &app, Some(years), errors).await?;
    Ok((status, body).into_response())
}

async fn propose(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, fields, .. } = form;
    let f = &fields.0;
    let numbers: Vec<String> = all(f, "patent").map(str::to_string).collect();
    let years = field(f, "idle_years");
    match pool::propose(&app, &page.caller, None, &numbers, Some(years)).await {
        Ok(_) => Ok(Redirect::to("/pool/intake?state=proposed&notice=proposed").into_response()),
        Err(e @ Error::Invalid(_)) => {
            let errors = Errors(field_messages(&e, ctx.lang));
            let body = render_screening(&ctx, &page, &app, Some(years), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn render_intake(
    ctx: &Ctx,
    page: &PageCaller,
    app: &App,
    q: &[(String, String)],
    errors: Errors,
) -> Result<maud::Markup, PageError> {
    let filter = pool::parse_state(Some(field(q, "state")))
        .page_err(ctx)?
        .unwrap_or(IntakeState::Proposed);
    let page_no = field(q, "page").parse::<i64>().unwrap_or(1).max(1);
    let (org, entries) = pool::entries(app, &page.caller, Some(filter), page_no)
        .await
        .page_err(ctx)?;
    let counts = pool::state_counts(app, &page.caller, org.id)
        .await
        .page_err(ctx)?;
    let can_approve = page
        .caller
        .require(Action::ApprovePoolIntake, &resource_of(&org))
        .is_ok();
    let has_more = entries.len() as i64 == PER_PAGE;
    Ok(view::intake_page(
        ctx,
        &page.csrf,
        &view::IntakeView {
            organisation: &org,
            state: filter,
            counts: &counts,
            entries: &entries,
            page: page_no,
            has_more,
            can_approve,
            notice: notice_text(ctx, q).as_deref(),
            errors,
        },
    ))
}

async fn intake(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    Ok(render_intake(&ctx, &page, &app, &q, Errors::default())
        .await?
        .into_response())
}

/// Takes one step on every ticked entry; the first refusal stops and is
/// shown (steps already taken stay taken, each being its own change).
async fn intake_step(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm { page, fields, .. } = form;
    let f = &fields.0;
    let back = vec![("state".to_string(), field(f, "state").to_string())];
    let result = async {
        let step = pool::parse_step(field(f, "step"))?;
        let ids: Vec<i64> = all(f, "entry").filter_map(|v| v.parse().ok()).collect();
        if ids.is_empty() {
            return Err(Error::field(
                "entry",
                "请至少选择一个条目",
                "choose at least one entry",
            ));
        }
        let note = Some(field(f, "note"));
        for id in ids {
            pool::step(&app, &page.caller, id, step, note).await?;
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/pool/intake?state={}&notice=stepped",
            encode(field(f, "state"))
        ))
        .into_response()),
        Err(e @ Error::Invalid(_)) => {
            let errors = Errors(field_messages(&e, ctx.lang));
            let body = render_intake(&ctx, &page, &app, &back, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn entry(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let (e, steps) = pool::entry(&app, &page.caller, id).await.page_err(&ctx)?;
    Ok(view::entry_page(&ctx, &e, &steps).into_response())
}

async fn upload_page(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    pool::acting_organisation(&app, &page.caller, None, Action::ManagePool)
        .await
        .page_err(&ctx)?;
    Ok(view::upload_page(&ctx, &page.csrf, &[], &Errors::default(), None).into_response())
}

async fn upload(
    ctx: Ctx,
    State(app): State<App>,
    upload: PageUpload,
) -> Result<Response, PageError> {
    let PageUpload {
        page,
        file_name: name,
        bytes,
        ..
    } = upload;
    match pool::upload(&app, &page.caller, &name, bytes).await {
        Ok(UploadResult::Proposed(n)) => {
            Ok(
                view::upload_page(&ctx, &page.csrf, &[], &Errors::default(), Some(n))
                    .into_response(),
            )
        }
        Ok(UploadResult::Refused(rows)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view::upload_page(&ctx, &page.csrf, &rows, &Errors::default(), None),
        )
            .into_response()),
        Err(e @ Error::Invalid(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view::upload_page(
                &ctx,
                &page.csrf,
                &[],
                &Errors(field_messages(&e, ctx.lang)),
                None,
            ),
        )
            .into_response()),
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}
