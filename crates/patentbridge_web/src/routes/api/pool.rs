//! The dormant-patent pool over the JSON API: the public summary, the
//! acting organisation's candidates and entries, proposals and intake
//! steps. The rules live in [`patentbridge_app::pool`]; this module also
//! carries the paths' part of the OpenAPI document.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use patentbridge_storage::{PoolEntryRecord, PoolSummary};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{body, path_id};
use crate::ApiError;
use crate::auth::CurrentActor;
use patentbridge_app::App;
use patentbridge_app::pool::{self, Screened};

pub const SUMMARY: &str = "/pool";
pub const CANDIDATES: &str = "/pool/candidates";
pub const ENTRIES: &str = "/pool/entries";
pub const STEPS: &str = "/pool/entries/{id}/steps";

pub fn routes() -> Router<App> {
    Router::new()
        .route(SUMMARY, get(summary))
        .route(CANDIDATES, get(candidates))
        .route(ENTRIES, get(entries).post(propose))
        .route(STEPS, post(step))
}

/// The summary as JSON (also used by the page's tests).
pub fn summary_json(s: &PoolSummary) -> Value {
    json!({
        "pooled": s.pooled,
        "target": s.target,
        "in_review": s.in_review,
        "by_owner": s.by_owner.iter().map(|o| json!({
            "organisation_id": o.organisation_id, "name_zh": o.name_zh, "name_en": o.name_en, "count": o.count,
        })).collect::<Vec<_>>(),
        "by_industry": s.by_industry.iter().map(|(code, n)| json!({"industry": code, "count": n})).collect::<Vec<_>>(),
    })
}

fn screened_json(s: &Screened) -> Value {
    json!({
        "number": s.patent.number,
        "title_zh": s.patent.title_zh,
        "title_en": s.patent.title_en,
        "legal_status": s.patent.legal_status.as_str(),
        "grant_date": s.patent.grant_date.map(|d| d.to_string()),
        "industry": s.industry.as_str(),
        "dormant": s.verdict.dormant,
        "last_activity": s.verdict.last_activity.map(|d| d.to_string()),
        "reasons": reasons_json(&s.verdict.reasons),
    })
}

fn entry_json(e: &PoolEntryRecord) -> Value {
    json!({
        "id": e.id,
        "number": e.number,
        "title_zh": e.title_zh,
        "title_en": e.title_en,
        "organisation_id": e.organisation_id,
        "state": e.state.as_str(),
        "source": e.source,
        "industry": e.industry,
        "reasons": reasons_json(&e.reasons),
        "created_at": e.created_at.to_rfc3339(),
        "updated_at": e.updated_at.to_rfc3339(),
    })
}

fn reasons_json(reasons: &[patentbridge_domain::pool::Reason]) -> Vec<Value> {
    reasons
        .iter()
        .map(|r| json!({"holds": r.holds, "zh": r.text.zh(), "en": r.text.en()}))
        .collect()
}

/// `GET /api/v1/pool`
async fn summary(State(app): State<App>) -> Result<Json<Value>, ApiError> {
    Ok(Json(summary_json(&pool::summary(&app).await?)))
}

#[derive(Debug, Deserialize)]
struct CandidatesQuery {
    idle_years: Option<String>,
}

/// `GET /api/v1/pool/candidates?idle_years=N`
async fn candidates(
    caller: CurrentActor,
    State(app): State<App>,
    Query(q): Query<CandidatesQuery>,
) -> Result<Json<Value>, ApiError> {
    let s = pool::screening(&app, &caller, None, q.idle_years.as_deref()).await?;
    Ok(Json(json!({
        "organisation_id": s.organisation.id,
        "idle_years": s.idle_years,
        "as_of": s.today.to_string(),
        "candidates": s.dormant.iter().map(screened_json).collect::<Vec<_>>(),
        "others": s.others.iter().map(screened_json).collect::<Vec<_>>(),
    })))
}

#[derive(Debug, Deserialize)]
struct EntriesQuery {
    state: Option<String>,
    page: Option<i64>,
}

/// `GET /api/v1/pool/entries?state=`
async fn entries(
    caller: CurrentActor,
    State(app): State<App>,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<Value>, ApiError> {
    let filter = pool::parse_state(q.state.as_deref())?;
    let (org, list) = pool::entries(&app, &caller, filter, q.page.unwrap_or(1)).await?;
    Ok(Json(json!({
        "organisation_id": org.id,
        "entries": list.iter().map(entry_json).collect::<Vec<_>>(),
    })))
}

#[derive(Debug, Deserialize)]
struct ProposeRequest {
    patents: Vec<String>,
    idle_years: Option<u32>,
}

/// `POST /api/v1/pool/entries`
async fn propose(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<ProposeRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let form = body(form)?;
    let years = form.idle_years.map(|n| n.to_string());
    let ids = pool::propose(&app, &caller, None, &form.patents, years.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "ids": ids }))))
}

#[derive(Debug, Deserialize)]
struct StepRequest {
    step: String,
    note: Option<String>,
}

/// `POST /api/v1/pool/entries/{id}/steps`
async fn step(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<StepRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let form = body(form)?;
    let step = pool::parse_step(&form.step)?;
    let to = pool::step(&app, &caller, id, step, form.note.as_deref()).await?;
    Ok(Json(json!({ "id": id, "state": to.as_str() })))
}
