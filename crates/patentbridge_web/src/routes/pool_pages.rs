//! The dormant-patent pool's pages: `/pool` (public), screening, intake
//! review, one entry's history and bulk upload. Every change goes through
//! [`crate::operations::pool`], the same code the JSON API uses; a post
//! carries the form token and answers with 303 See Other when it worked.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use patentbridge_domain::policy::Action;
use patentbridge_domain::pool::IntakeState;

use crate::csrf::{CSRF_FIELD, PageCaller};
use crate::error::{PageError, PageResultExt};
use crate::i18n::Ctx;
use crate::operations::organisations::resource_of;
use crate::operations::pool::{self, PER_PAGE, UploadResult};
use crate::routes::account_pages::signed_in_or_redirect;
use crate::search_params::encode;
use crate::views::forms::Errors;
use crate::views::pool as view;
use crate::{AppError, AppState};

pub fn routes() -> Router<AppState> {
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

fn notice_text(ctx: &Ctx, q: &[(String, String)]) -> Option<&'static str> {
    let (zh, en) = match field(q, "notice") {
        "proposed" => (
            "已提议入池，等待院系审核。",
            "Proposed; awaiting the department.",
        ),
        "stepped" => ("审核已记录。", "The step is recorded."),
        _ => return None,
    };
    Some(if ctx.lang.is_zh() { zh } else { en })
}

async fn summary(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
) -> Result<maud::Markup, PageError> {
    let s = state.store.pool_summary().await.page_err(&ctx)?;
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
    state: &AppState,
    idle_years: Option<&str>,
    errors: Errors,
) -> Result<maud::Markup, PageError> {
    // A bad idle period shows the default screening with the error.
    let screening = match pool::screening(state, &page.caller, idle_years).await {
        Err(AppError::Invalid(_)) => pool::screening(state, &page.caller, None).await,
        other => other,
    }
    .page_err(ctx)?;
    Ok(view::screening_page(ctx, &page.csrf, &screening, &errors))
}

async fn screening(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let years = field(&q, "idle_years");
    let errors = match pool::parse_idle_years(Some(years)) {
        Err(e) => Errors(e.field_messages(ctx.lang)),
        Ok(_) => Errors::default(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = render_screening(&ctx, &page, &state, Some(years), errors).await?;
    Ok((status, body).into_response())
}

async fn propose(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    page.check(field(&f, CSRF_FIELD)).page_err(&ctx)?;
    let numbers: Vec<String> = all(&f, "patent").map(str::to_string).collect();
    let years = field(&f, "idle_years");
    match pool::propose(&state, &page.caller, &numbers, Some(years)).await {
        Ok(_) => Ok(Redirect::to("/pool/intake?state=proposed&notice=proposed").into_response()),
        Err(e @ AppError::Invalid(_)) => {
            let errors = Errors(e.field_messages(ctx.lang));
            let body = render_screening(&ctx, &page, &state, Some(years), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn render_intake(
    ctx: &Ctx,
    page: &PageCaller,
    state: &AppState,
    q: &[(String, String)],
    errors: Errors,
) -> Result<maud::Markup, PageError> {
    let filter = pool::parse_state(Some(field(q, "state")))
        .page_err(ctx)?
        .unwrap_or(IntakeState::Proposed);
    let page_no = field(q, "page").parse::<i64>().unwrap_or(1).max(1);
    let (org, entries) = pool::entries(state, &page.caller, Some(filter), page_no)
        .await
        .page_err(ctx)?;
    let counts = state.store.pool_state_counts(org.id).await.page_err(ctx)?;
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
            notice: notice_text(ctx, q),
            errors,
        },
    ))
}

async fn intake(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    Ok(render_intake(&ctx, &page, &state, &q, Errors::default())
        .await?
        .into_response())
}

/// Takes one step on every ticked entry; the first refusal stops and is
/// shown (steps already taken stay taken, each being its own change).
async fn intake_step(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    page.check(field(&f, CSRF_FIELD)).page_err(&ctx)?;
    let back = vec![("state".to_string(), field(&f, "state").to_string())];
    let result = async {
        let step = pool::parse_step(field(&f, "step"))?;
        let ids: Vec<i64> = all(&f, "entry").filter_map(|v| v.parse().ok()).collect();
        if ids.is_empty() {
            return Err(AppError::field(
                "entry",
                "请至少选择一个条目",
                "choose at least one entry",
            ));
        }
        let note = Some(field(&f, "note"));
        for id in ids {
            pool::step(&state, &page.caller, id, step, note).await?;
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/pool/intake?state={}&notice=stepped",
            encode(field(&f, "state"))
        ))
        .into_response()),
        Err(e @ AppError::Invalid(_)) => {
            let errors = Errors(e.field_messages(ctx.lang));
            let body = render_intake(&ctx, &page, &state, &back, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn entry(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let (e, steps) = pool::entry(&state, &page.caller, id).await.page_err(&ctx)?;
    Ok(view::entry_page(&ctx, &e, &steps).into_response())
}

async fn upload_page(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    pool::acting_organisation(&state, &page.caller, Action::ManagePool)
        .await
        .page_err(&ctx)?;
    Ok(view::upload_page(&ctx, &page.csrf, &[], &Errors::default(), None).into_response())
}

async fn upload(
    ctx: Ctx,
    page: PageCaller,
    State(state): State<AppState>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))
        .page_err(&ctx)?
    {
        match part.name() {
            Some(CSRF_FIELD) => {
                csrf = part
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))
                    .page_err(&ctx)?;
            }
            Some("file") => {
                let name = part.file_name().unwrap_or("upload.csv").to_string();
                let bytes = part
                    .bytes()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))
                    .page_err(&ctx)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    page.check(&csrf).page_err(&ctx)?;
    let (name, bytes) = file.unwrap_or_default();
    match pool::upload(&state, &page.caller, &name, bytes).await {
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
        Err(e @ AppError::Invalid(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view::upload_page(
                &ctx,
                &page.csrf,
                &[],
                &Errors(e.field_messages(ctx.lang)),
                None,
            ),
        )
            .into_response()),
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}
