//! Deals over the JSON API: opening a deal on a listing, accepting an open
//! licence, the deal with its history and the caller's next steps, steps,
//! the contract PDF, royalty reports, payments and outcome entries. The
//! rules live in [`crate::operations::deals`]; this module also carries the
//! paths' part of the OpenAPI document.

use axum::extract::State;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use patentbridge_domain::deal::{DealEvent, FilingUrgency};
use patentbridge_storage::DealRecord;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{body, path_id};
use crate::auth::{ClientIp, CurrentActor};
use crate::dto::rfc3339;
use crate::openapi::API_PREFIX;
use crate::operations::deals::{
    self, AcceptanceNotice, DealView, OutcomeForm, RoyaltyReportForm, StepData,
};
use crate::{AppError, AppState};

pub const DEALS: &str = "/deals";
pub const OPEN_LICENCE: &str = "/deals/open-licence";
pub const DEAL: &str = "/deals/{id}";
pub const EVENTS: &str = "/deals/{id}/events";
pub const CONTRACT: &str = "/deals/{id}/contract.pdf";
pub const REPORTS: &str = "/deals/{id}/royalty-reports";
pub const PAYMENTS: &str = "/deals/{id}/payments";
pub const OUTCOMES: &str = "/deals/{id}/outcomes";

pub fn routes() -> Router<AppState> {
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
    out["terms"] = json!(v.terms);
    out["side"] = json!(v.side.map(|s| s.as_str()));
    out["next"] = json!(v.next.iter().map(|e| e.as_str()).collect::<Vec<_>>());
    out["history"] = json!(
        v.steps
            .iter()
            .map(|s| json!({
                "event": s.event, "side": s.side, "from": s.from_state, "to": s.to_state,
                "message": s.message,
                "offer": s.offer.as_deref().and_then(|o| serde_json::from_str::<Value>(o).ok()),
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
        "description_zh": o.description_zh, "description_en": o.description_en,
        "paid_fen": o.paid_fen, "paid_on": o.paid_on.map(|x| x.to_string()),
        "overdue": o.paid_on.is_none() && o.due_on < chrono::Utc::now().date_naive(),
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
    State(state): State<AppState>,
    caller: CurrentActor,
    req: Result<Json<OpenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let req = body(req)?;
    let id = deals::open(&state, &caller, req.listing_id, req.message.as_deref()).await?;
    let v = deals::view(&state, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(view_json(&v))))
}

#[derive(Debug, Deserialize)]
pub struct AcceptRequest {
    pub listing_id: i64,
    #[serde(flatten)]
    pub notice: AcceptanceNotice,
}

async fn accept_open_licence(
    State(state): State<AppState>,
    caller: CurrentActor,
    req: Result<Json<AcceptRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let req = body(req)?;
    let id = deals::accept_open_licence(&state, &caller, req.listing_id, &req.notice).await?;
    let v = deals::view(&state, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(view_json(&v))))
}

async fn list(
    State(state): State<AppState>,
    caller: CurrentActor,
) -> Result<Json<Value>, AppError> {
    let deals = deals::my_deals(&state, &caller).await?;
    Ok(Json(json!(deals.iter().map(deal_json).collect::<Vec<_>>())))
}

async fn get_one(
    State(state): State<AppState>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
) -> Result<Json<Value>, AppError> {
    let id = path_id(id)?;
    Ok(Json(view_json(&deals::view(&state, &caller, id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct EventRequest {
    pub event: String,
    #[serde(flatten)]
    pub data: StepData,
}

async fn event(
    State(state): State<AppState>,
    caller: CurrentActor,
    ClientIp(ip): ClientIp,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<EventRequest>, JsonRejection>,
) -> Result<Json<Value>, AppError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let event = DealEvent::parse(&req.event).map_err(|_| {
        AppError::field(
            "event",
            format!("未知的操作“{}”", req.event.trim()),
            format!(
                "unknown event {:?}: message, offer, accept_offer, sign, record, start_performance, complete, withdraw, reject, dispute, resolve or terminate",
                req.event.trim()
            ),
        )
    })?;
    deals::step(&state, &caller, id, event, &req.data, ip).await?;
    Ok(Json(view_json(&deals::view(&state, &caller, id).await?)))
}

async fn contract(
    State(state): State<AppState>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
) -> Result<Response, AppError> {
    let id = path_id(id)?;
    let (bytes, name, sha) = deals::contract_pdf(&state, &caller, id).await?;
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
    State(state): State<AppState>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<RoyaltyReportForm>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let report = deals::file_royalty_report(&state, &caller, id, &req).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": report}))))
}

#[derive(Debug, Deserialize)]
pub struct PaymentRequest {
    pub obligation_id: i64,
    pub paid_yuan: String,
}

async fn payment(
    State(state): State<AppState>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<PaymentRequest>, JsonRejection>,
) -> Result<Json<Value>, AppError> {
    let id = path_id(id)?;
    let req = body(req)?;
    deals::record_payment(&state, &caller, id, req.obligation_id, &req.paid_yuan).await?;
    Ok(Json(
        json!({"obligation_id": req.obligation_id, "paid": true}),
    ))
}

async fn outcome(
    State(state): State<AppState>,
    caller: CurrentActor,
    id: Result<axum::extract::Path<i64>, PathRejection>,
    req: Result<Json<OutcomeForm>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let outcome = deals::add_outcome(&state, &caller, id, &req).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": outcome}))))
}

pub fn openapi_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({"description": "Some fields are not valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}});
    let object = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"type": "object"}}}});
    let id = json!({"name": "id", "in": "path", "required": true, "description": "The deal's id", "schema": {"type": "integer"}});
    let obj_body = |props: Value, required: Value| json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": required, "properties": props}}}});
    let terms = json!({"type": "object", "description": "price_fen, payment (lump, royalty, pay_later, free), due_days, royalty_basis (net_sales, profit), royalty_bp, entry_fee_fen, free_months, report_every_months, term_months, territory, scope, equity_share_bp"});
    json!({
        format!("{API_PREFIX}{DEALS}"): {
            "get": {"operationId": "myDeals", "summary": "The deals of the caller's organisations, both sides", "x-summary-zh": "我的交易",
                "parameters": [], "security": bearer, "responses": {"200": object("Deals, newest first"), "401": error("Not signed in")}},
            "post": {"operationId": "openDeal", "summary": "Open a deal on a published listing (a member of a verified SME)", "x-summary-zh": "发起交易",
                "parameters": [], "security": bearer,
                "requestBody": obj_body(json!({"listing_id": {"type": "integer"}, "message": {"type": "string"}}), json!(["listing_id"])),
                "responses": {"201": object("The deal"), "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "404": error("No such listing"), "422": invalid}}
        },
        format!("{API_PREFIX}{OPEN_LICENCE}"): {
            "post": {"operationId": "acceptOpenLicence", "summary": "Accept a published open licence by written notice and payment: in force at once", "x-summary-zh": "开放许可实施通知",
                "parameters": [], "security": bearer,
                "requestBody": obj_body(json!({"listing_id": {"type": "integer"}, "payment_reference": {"type": "string"}, "paid_yuan": {"type": "string"}, "message": {"type": "string"}}), json!(["listing_id", "payment_reference"])),
                "responses": {"201": object("The deal, in force, with the notice's PDF and obligations"), "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "404": error("No such listing"), "422": invalid}}
        },
        format!("{API_PREFIX}{DEAL}"): {
            "get": {"operationId": "getDeal", "summary": "A deal: state, history, documents, signatures, obligations, reports, outcomes, the filing deadline and the caller's next allowed events", "x-summary-zh": "交易详情",
                "parameters": [id], "security": bearer, "responses": {"200": object("The deal"), "404": error("No such deal for the caller")}}
        },
        format!("{API_PREFIX}{EVENTS}"): {
            "post": {"operationId": "dealEvent", "summary": "Take a step: message, offer, accept_offer (drafts the contract PDF), sign (binds the signer to the PDF's SHA-256, with time and IP), record, start_performance, complete, withdraw, reject, dispute, resolve, terminate", "x-summary-zh": "交易操作",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"event": {"type": "string"}, "message": {"type": "string"}, "terms": terms, "record_number": {"type": "string"}, "recorded_on": {"type": "string", "format": "date"}, "pledgee_consent": {"type": "boolean"}, "sha256": {"type": "string"}}), json!(["event"])),
                "responses": {"200": object("The deal after the step"), "403": error("Not a party"), "404": error("No such deal"), "409": error("Not allowed now, with the reason"), "422": invalid}}
        },
        format!("{API_PREFIX}{CONTRACT}"): {
            "get": {"operationId": "dealContract", "summary": "The current contract as PDF; its SHA-256 in X-Contract-SHA256", "x-summary-zh": "合同下载",
                "parameters": [id], "security": bearer,
                "responses": {"200": {"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}, "404": error("No such deal or no contract yet")}}
        },
        format!("{API_PREFIX}{REPORTS}"): {
            "post": {"operationId": "royaltyReport", "summary": "The SME files a royalty report for a period; the royalty due is computed from the agreed rate", "x-summary-zh": "提成报告",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"obligation_id": {"type": "integer"}, "period_start": {"type": "string"}, "period_end": {"type": "string"}, "sales_yuan": {"type": "string"}, "profit_yuan": {"type": "string"}, "note": {"type": "string"}}), json!(["period_start", "period_end", "sales_yuan"])),
                "responses": {"201": object("The report's id"), "403": error("Not the SME of the deal"), "409": error("No royalty in this deal, or not in performance"), "422": invalid}}
        },
        format!("{API_PREFIX}{PAYMENTS}"): {
            "post": {"operationId": "recordPayment", "summary": "The SME records a payment of an obligation", "x-summary-zh": "登记付款",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"obligation_id": {"type": "integer"}, "paid_yuan": {"type": "string"}}), json!(["obligation_id", "paid_yuan"])),
                "responses": {"200": object("Recorded"), "403": error("Not the SME of the deal"), "409": error("Already paid"), "422": invalid}}
        },
        format!("{API_PREFIX}{OUTCOMES}"): {
            "post": {"operationId": "outcomeEntry", "summary": "The SME records implementation: product, patent-product filing (none, filed, recognised), output value, revenue, jobs, by period", "x-summary-zh": "实施成效",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"period": {"type": "string", "description": "2026 or 2026-Q4"}, "product_name": {"type": "string"}, "filing": {"type": "string"}, "filing_number": {"type": "string"}, "output_value_yuan": {"type": "string"}, "revenue_yuan": {"type": "string"}, "jobs": {"type": "string"}}), json!(["period", "product_name", "output_value_yuan", "revenue_yuan", "jobs"])),
                "responses": {"201": object("The entry's id"), "403": error("Not the SME of the deal"), "409": error("Not in performance"), "422": invalid}}
        },
    })
}
