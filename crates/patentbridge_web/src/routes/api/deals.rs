//! Deals over the JSON API: opening a deal on a listing, accepting an open
//! licence, the deal with its history and the caller's next steps, steps,
//! the contract PDF, royalty reports, payments and outcome entries. The
//! rules live in [`patentbridge_app::deals`]; this module also carries the
//! paths' part of the OpenAPI document.

use axum::extract::State;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use patentbridge_app::deals::{
    self, AcceptanceNotice, DealView, OutcomeForm, RoyaltyReportForm, StepData,
};
use patentbridge_app::{App, Error};
use patentbridge_domain::deal::{DealEvent, FilingUrgency, OfferForm, OfferTerms};
use patentbridge_storage::DealRecord;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{body, path_id};
use crate::ApiError;
use crate::auth::CurrentActor;
use crate::dto::rfc3339;

pub const DEALS: &str = "/deals";
pub const OPEN_LICENCE: &str = "/deals/open-licence";
pub const DEAL: &str = "/deals/{id}";
pub const EVENTS: &str = "/deals/{id}/events";
pub const CONTRACT: &str = "/deals/{id}/contract.pdf";
pub const REPORTS: &str = "/deals/{id}/royalty-reports";
pub const PAYMENTS: &str = "/deals/{id}/payments";
pub const OUTCOMES: &str = "/deals/{id}/outcomes";

pub fn routes() -> Router<App> {
    Router::new()
        .route(DEALS, get(list).post(open))
        .route(OPEN_LICENCE, post(accept_open_licence))
        .route(DEAL, get(get_one))
        .route(EVENTS, post(event))
        .route(CONTRACT, get(contract))
        .route(REPORTS, post(report))
        .route(PAYMENTS, post(payment))
        .route(OUTCOMES, post(outcome))
}

pub fn deal_json(d: &DealRecord) -> Value {
    json!({
        "id": d.id,
        "listing_id": d.listing_id,
        "listing_title": d.listing_title,
        "sme_id": d.sme_id,
        "sme": d.sme_name_zh,
        "owner_id": d.owner_id,
        "owner": d.owner_name_zh,
        "mode": d.mode.as_str(),
        "state": d.state.as_str(),
        "effective_on": d.effective_on.map(|x| x.to_string()),
        "record_number": d.record_number,
        "recorded_on": d.recorded_on.map(|x| x.to_string()),
        "pledgee_consent": d.pledgee_consent,
        "patents": d.patents.iter().map(|p| json!({
            "number": p.number, "title_zh": p.title_zh, "legal_status": p.legal_status,
        })).collect::<Vec<_>>(),
        "updated_at": rfc3339(d.updated_at),
    })
}

pub fn view_json(v: &DealView) -> Value {
    let mut out = deal_json(&v.deal);
    out["terms"] = json!(v.deal.terms.as_ref().map(TermsDto::from));
    out["side"] = json!(v.side.map(|s| s.as_str()));
    out["next"] = json!(v.next.iter().map(|e| e.as_str()).collect::<Vec<_>>());
    out["history"] = json!(
        v.steps
            .iter()
            .map(|s| json!({
                "event": s.event, "side": s.side, "from": s.from_state, "to": s.to_state,
                "message": s.message,
                "offer": s.offer.as_ref().map(TermsDto::from),
                "user": s.user_name, "at": rfc3339(s.at),
            }))
            .collect::<Vec<_>>()
    );
    out["documents"] = json!(v.documents.iter().map(|d| json!({
        "id": d.id, "template": d.template, "version": d.template_version, "sha256": d.sha256,
        "created_at": rfc3339(d.created_at),
    })).collect::<Vec<_>>());
    out["signatures"] = json!(v.signatures.iter().map(|s| json!({
        "document_id": s.document_id, "side": s.side, "organisation_id": s.organisation_id,
        "user": s.user_name, "sha256": s.sha256, "ip": s.ip, "signed_at": rfc3339(s.signed_at),
    })).collect::<Vec<_>>());
    out["obligations"] = json!(v.obligations.iter().map(|o| json!({
        "id": o.id, "due_on": o.due_on.to_string(), "amount_fen": o.amount_fen,
        "period_start": o.period_start.map(|x| x.to_string()), "period_end": o.period_end.map(|x| x.to_string()),
        "description_zh": o.description.zh(), "description_en": o.description.en(),
        "paid_fen": o.paid_fen, "paid_on": o.paid_on.map(|x| x.to_string()),
        "overdue": o.paid_on.is_none() && o.due_on < v.today,
    })).collect::<Vec<_>>());
    out["royalty_reports"] = json!(v.reports.iter().map(|r| json!({
        "id": r.id, "period_start": r.period_start.to_string(), "period_end": r.period_end.to_string(),
        "sales_fen": r.sales_fen, "base_fen": r.base_fen, "royalty_fen": r.royalty_fen,
    })).collect::<Vec<_>>());
    out["outcomes"] =
        json!(v.outcomes.iter().map(|o| json!({
        "id": o.id, "period": o.period, "product_name": o.product_name, "filing": o.filing,
        "filing_number": o.filing_number, "output_value_fen": o.output_value_fen,
        "revenue_fen": o.revenue_fen, "jobs": o.jobs,
    })).collect::<Vec<_>>());
    out["filing"] = match v.filing {
        None => Value::Null,
        Some(f) => {
            let (status, days) = match f.urgency {
                FilingUrgency::OnTime { days_left } => ("on_time", days_left),
                FilingUrgency::DueSoon { days_left } => ("due_soon", days_left),
                FilingUrgency::Overdue { days_late } => ("overdue", -days_late),
            };
            json!({"deadline": f.deadline.to_string(), "status": status, "days_left": days})
        }
    };
    out
}

#[derive(Debug, Deserialize)]
pub struct OpenRequest {
    pub listing_id: i64,
    #[serde(default)]
    pub message: Option<String>,
}

async fn open(
    State(app): State<App>,
    caller: CurrentActor,
    req: Result<Json<OpenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let req = body(req)?;
    let id = deals::open(&app, &caller, req.listing_id, req.message.as_deref()).await?;
    let v = deals::view(&app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(view_json(&v))))
}

#[derive(Debug, Deserialize)]
pub struct AcceptRequest {
    pub listing_id: i64,
    /// The bank transfer's reference, as the payment record.
    pub payment_reference: String,
    /// What was paid now, in yuan (the fixed fee or the entry fee).
    #[serde(default)]
    pub paid_yuan: String,
    #[serde(default)]
    pub message: Option<String>,
}

async fn accept_open_licence(
    State(app): State<App>,
    caller: CurrentActor,
    req: Result<Json<AcceptRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let req = body(req)?;
    let notice = AcceptanceNotice {
        payment_reference: req.payment_reference,
        paid_yuan: req.paid_yuan,
        message: req.message,
    };
    let id = deals::accept_open_licence(&app, &caller, req.listing_id, &notice).await?;
    let v = deals::view(&app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(view_json(&v))))
}

async fn list(State(app): State<App>, caller: CurrentActor) -> Result<Json<Value>, ApiError> {
    let deals = deals::my_deals(&app, &caller).await?;
    Ok(Json(json!(deals.iter().map(deal_json).collect::<Vec<_>>())))
}

async fn get_one(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    Ok(Json(view_json(&deals::view(&app, &caller, id).await?)))
}

/// An offer's terms as the API reads and writes them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TermsDto {
    pub price_fen: Option<i64>,
    /// lump, royalty, pay_later or free.
    pub payment: String,
    #[serde(default)]
    pub due_days: Option<u16>,
    #[serde(default)]
    pub royalty_basis: Option<String>,
    #[serde(default)]
    pub royalty_bp: Option<u32>,
    #[serde(default)]
    pub entry_fee_fen: Option<i64>,
    #[serde(default)]
    pub free_months: Option<u16>,
    #[serde(default)]
    pub report_every_months: Option<u8>,
    #[serde(default)]
    pub term_months: Option<u16>,
    #[serde(default)]
    pub territory: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub equity_share_bp: Option<u32>,
}

impl From<&OfferTerms> for TermsDto {
    fn from(t: &OfferTerms) -> Self {
        let f = OfferForm::from_terms(t);
        TermsDto {
            price_fen: f.price_fen,
            payment: f.payment,
            due_days: f.due_days,
            royalty_basis: f.royalty_basis,
            royalty_bp: f.royalty_bp,
            entry_fee_fen: f.entry_fee_fen,
            free_months: f.free_months,
            report_every_months: f.report_every_months,
            term_months: f.term_months,
            territory: f.territory,
            scope: f.scope,
            equity_share_bp: f.equity_share_bp,
        }
    }
}

impl From<TermsDto> for OfferForm {
    fn from(t: TermsDto) -> Self {
        OfferForm {
            price_fen: t.price_fen,
            payment: t.payment,
            due_days: t.due_days,
            royalty_basis: t.royalty_basis,
            royalty_bp: t.royalty_bp,
            entry_fee_fen: t.entry_fee_fen,
            free_months: t.free_months,
            report_every_months: t.report_every_months,
            term_months: t.term_months,
            territory: t.territory,
            scope: t.scope,
            equity_share_bp: t.equity_share_bp,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct EventRequest {
    pub event: String,
    #[serde(default)]
    pub message: Option<String>,
    /// An offer's terms.
    #[serde(default)]
    pub terms: Option<TermsDto>,
    /// For `record`: the registration or filing number and its date.
    #[serde(default)]
    pub record_number: Option<String>,
    #[serde(default)]
    pub recorded_on: Option<String>,
    /// For `sign` on a pledged patent: the pledgee's written consent is held.
    #[serde(default)]
    pub pledgee_consent: Option<bool>,
    /// For `sign`: the SHA-256 the signer saw; must be the current document's.
    #[serde(default)]
    pub sha256: Option<String>,
}

async fn event(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<EventRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let event = DealEvent::parse(&req.event).map_err(|_| {
        Error::field(
            "event",
            format!("未知的操作“{}”", req.event.trim()),
            format!(
                "unknown event {:?}: message, offer, accept_offer, sign, record, start_performance, complete, withdraw, reject, dispute, resolve or terminate",
                req.event.trim()
            ),
        )
    })?;
    let data = StepData {
        message: req.message,
        terms: req.terms.map(OfferForm::from),
        record_number: req.record_number,
        recorded_on: req.recorded_on,
        pledgee_consent: req.pledgee_consent,
        sha256: req.sha256,
    };
    deals::step(&app, &caller, id, event, &data).await?;
    Ok(Json(view_json(&deals::view(&app, &caller, id).await?)))
}

async fn contract(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let (bytes, name, sha) = deals::contract_pdf(&app, &caller, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::HeaderName::from_static("x-contract-sha256"), sha),
        ],
        bytes,
    )
        .into_response())
}

async fn report(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<ReportRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let form = RoyaltyReportForm {
        obligation_id: req.obligation_id,
        period_start: req.period_start,
        period_end: req.period_end,
        sales_yuan: req.sales_yuan,
        profit_yuan: req.profit_yuan,
        note: req.note,
    };
    let report = deals::file_royalty_report(&app, &caller, id, &form).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": report}))))
}

/// A royalty report as the API reads it.
#[derive(Debug, Deserialize)]
pub struct ReportRequest {
    #[serde(default)]
    pub obligation_id: Option<i64>,
    pub period_start: String,
    pub period_end: String,
    /// Net sales in the period, in yuan.
    pub sales_yuan: String,
    /// Profit in the period, in yuan, when the royalty is a share of profit.
    #[serde(default)]
    pub profit_yuan: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// An outcome entry as the API reads it.
#[derive(Debug, Deserialize)]
pub struct OutcomeRequest {
    pub period: String,
    pub product_name: String,
    /// none, filed or recognised.
    #[serde(default)]
    pub filing: String,
    #[serde(default)]
    pub filing_number: Option<String>,
    pub output_value_yuan: String,
    pub revenue_yuan: String,
    pub jobs: String,
}

#[derive(Debug, Deserialize)]
pub struct PaymentRequest {
    pub obligation_id: i64,
    pub paid_yuan: String,
}

async fn payment(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<PaymentRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    deals::record_payment(&app, &caller, id, req.obligation_id, &req.paid_yuan).await?;
    Ok(Json(
        json!({"obligation_id": req.obligation_id, "paid": true}),
    ))
}

async fn outcome(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<OutcomeRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let form = OutcomeForm {
        period: req.period,
        product_name: req.product_name,
        filing: req.filing,
        filing_number: req.filing_number,
        output_value_yuan: req.output_value_yuan,
        revenue_yuan: req.revenue_yuan,
        jobs: req.jobs,
    };
    let outcome = deals::add_outcome(&app, &caller, id, &form).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": outcome}))))
}
