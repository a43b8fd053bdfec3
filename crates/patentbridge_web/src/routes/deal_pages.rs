//! The deal pages. Every change goes through [`patentbridge_app::deals`],
//! the same code the JSON API uses; forms carry their CSRF token; a refused
//! step shows the deal room again with the reason (422 or 409) and changes
//! nothing; a successful post is answered with 303 See Other.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use patentbridge_app::deals::{self, AcceptanceNotice, OutcomeForm, RoyaltyReportForm, StepData};
use patentbridge_app::{App, Error};
use patentbridge_domain::Fen;
use patentbridge_domain::deal::{DealEvent, OfferForm};

use crate::csrf::PageCaller;
use crate::error::{PageError, PageResultExt};
use crate::forms::{Fields, PageForm};
use crate::i18n::Ctx;
use crate::i18n::Text;
use crate::routes::account_pages::{errors_of, signed_in_or_redirect};
use crate::views::deal as view;
use crate::views::forms::Errors;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/deals", get(list))
        .route("/deals/{id}", get(room))
        .route("/deals/{id}/events", post(event))
        .route("/deals/{id}/royalty-reports", post(report))
        .route("/deals/{id}/payments", post(payment))
        .route("/deals/{id}/outcomes", post(outcome))
        .route("/mall/listings/{id}/deal", post(open))
        .route("/mall/listings/{id}/accept-open-licence", post(accept))
}

fn notice_text(ctx: &Ctx, q: &[(String, String)]) -> Option<Cow<'static, str>> {
    let key = q
        .iter()
        .find(|(k, _)| k == "notice")
        .map(|(_, v)| v.as_str())?;
    let text = match key {
        "opened" => Text::new(
            "交易已发起，权利人会收到通知。",
            "The deal is open; the owner has been told.",
        ),
        "accepted" => Text::new("开放许可已生效。", "The open licence is in force."),
        "done" => Text::new("已记录。", "Recorded."),
        _ => return None,
    };
    Some(ctx.say(text))
}

async fn list(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let deals = deals::my_deals(&app, &page.caller).await.page_err(&ctx)?;
    Ok(view::list(&ctx, &deals, notice_text(&ctx, &q).as_deref()).into_response())
}

async fn room(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let v = deals::view(&app, &page.caller, id).await.page_err(&ctx)?;
    Ok(view::room(
        &ctx,
        &page.csrf,
        &v,
        &Errors::default(),
        notice_text(&ctx, &q).as_deref(),
    )
    .into_response())
}

/// A refused step: the room again with the reason, status 422 or 409.
async fn refused(
    ctx: &Ctx,
    page: &PageCaller,
    app: &App,
    id: i64,
    e: Error,
) -> Result<Response, PageError> {
    let status = match &e {
        Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Conflict(_) => StatusCode::CONFLICT,
        _ => return Err(PageError::new(e, ctx)),
    };
    let errors = match &e {
        Error::Conflict(m) => Errors(vec![("deal", m.get(ctx.lang).to_string())]),
        _ => errors_of(ctx, &e),
    };
    let v = deals::view(app, &page.caller, id).await.page_err(ctx)?;
    Ok((status, view::room(ctx, &page.csrf, &v, &errors, None)).into_response())
}

fn cents(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    Fen::parse_yuan(raw).ok().map(Fen::value).or(Some(-1))
}

fn basis_points(raw: &str) -> Option<u32> {
    let raw = raw.trim().trim_end_matches(['%', '％']);
    if raw.is_empty() {
        return None;
    }
    // Two decimals of a percentage are basis points; reuse the yuan parser.
    Fen::parse_yuan(raw)
        .ok()
        .and_then(|f| u32::try_from(f.value()).ok())
        .or(Some(0))
}

fn terms_from(f: &Fields) -> OfferForm {
    let num = |name: &str| f.get(name).trim().parse().ok();
    OfferForm {
        price_fen: cents(f.get("price_yuan")),
        payment: f.get("payment").to_string(),
        due_days: Some(30),
        royalty_basis: Some(f.get("royalty_basis").to_string()).filter(|b| !b.is_empty()),
        royalty_bp: basis_points(f.get("royalty_percent")),
        entry_fee_fen: cents(f.get("entry_fee_yuan")),
        free_months: num("free_months"),
        report_every_months: Some(3),
        term_months: num("term_months"),
        territory: f.get("territory").trim().to_string(),
        scope: f.get("scope").trim().to_string(),
        equity_share_bp: basis_points(f.get("equity_percent")),
    }
}

async fn event(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let event = match DealEvent::parse(f.get("event")) {
        Ok(e) => e,
        Err(_) => {
            return Err(PageError::new(
                Error::BadInput(Text::new("未知的交易操作", "unknown deal event")),
                &ctx,
            ));
        }
    };
    let opt = |name: &str| Some(f.get(name).to_string()).filter(|v| !v.trim().is_empty());
    let data = StepData {
        message: opt("message"),
        terms: (event == DealEvent::Offer).then(|| terms_from(&f)),
        record_number: opt("record_number"),
        recorded_on: opt("recorded_on"),
        pledgee_consent: (event == DealEvent::Sign).then(|| f.get("pledgee_consent") == "true"),
        sha256: opt("sha256"),
    };
    match deals::step(&app, &page.caller, id, event, &data).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/deals/{id}?notice=done&step={}", event.as_str()))
                .into_response(),
        ),
        Err(e) => refused(&ctx, &page, &app, id, e).await,
    }
}

async fn report(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let form = RoyaltyReportForm {
        obligation_id: f.get("obligation_id").trim().parse().ok(),
        period_start: f.get("period_start").to_string(),
        period_end: f.get("period_end").to_string(),
        sales_yuan: f.get("sales_yuan").to_string(),
        profit_yuan: f.get("profit_yuan").to_string(),
        note: Some(f.get("note").to_string()).filter(|n| !n.trim().is_empty()),
    };
    match deals::file_royalty_report(&app, &page.caller, id, &form).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/deals/{id}?notice=done&step=report#obligations"))
                .into_response(),
        ),
        Err(e) => refused(&ctx, &page, &app, id, e).await,
    }
}

async fn payment(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let obligation = f.get("obligation_id").trim().parse().unwrap_or(0);
    match deals::record_payment(&app, &page.caller, id, obligation, f.get("paid_yuan")).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/deals/{id}?notice=done&step=payment#obligations"))
                .into_response(),
        ),
        Err(e) => refused(&ctx, &page, &app, id, e).await,
    }
}

async fn outcome(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let form = OutcomeForm {
        period: f.get("period").to_string(),
        product_name: f.get("product_name").to_string(),
        filing: f.get("filing").to_string(),
        filing_number: Some(f.get("filing_number").to_string()).filter(|n| !n.trim().is_empty()),
        output_value_yuan: f.get("output_value_yuan").to_string(),
        revenue_yuan: f.get("revenue_yuan").to_string(),
        jobs: f.get("jobs").to_string(),
    };
    match deals::add_outcome(&app, &page.caller, id, &form).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/deals/{id}?notice=done&step=outcome#outcomes")).into_response(),
        ),
        Err(e) => refused(&ctx, &page, &app, id, e).await,
    }
}

/// A refusal on the mall's page: the reasons, and the way back.
fn mall_refusal(ctx: &Ctx, listing: i64, e: Error) -> Result<Response, PageError> {
    match e {
        e @ Error::Invalid(_) => {
            let messages: Vec<String> = errors_of(ctx, &e).0.into_iter().map(|(_, m)| m).collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::views::market::refused(
                    ctx,
                    &ctx.say(Text::new("未能提交", "Not sent")),
                    &messages,
                    &format!("/mall/listings/{listing}"),
                ),
            )
                .into_response())
        }
        e => Err(PageError::new(e, ctx)),
    }
}

async fn open(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    match deals::open(&app, &page.caller, id, Some(f.get("message"))).await {
        Ok(deal) => Ok(Redirect::to(&format!("/deals/{deal}?notice=opened")).into_response()),
        Err(e) => mall_refusal(&ctx, id, e),
    }
}

async fn accept(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let notice = AcceptanceNotice {
        payment_reference: f.get("payment_reference").to_string(),
        paid_yuan: f.get("paid_yuan").to_string(),
        message: None,
    };
    match deals::accept_open_licence(&app, &page.caller, id, &notice).await {
        Ok(deal) => Ok(Redirect::to(&format!("/deals/{deal}?notice=accepted")).into_response()),
        Err(e) => mall_refusal(&ctx, id, e),
    }
}
