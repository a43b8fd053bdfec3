//! Demands and matching over the JSON API: SMEs post needs, read their
//! ranked and explained matches and rate them; owners read the needs and
//! companies their listing answers; brokers follow the pipeline and match
//! a CSV of collected needs. The rules live in
//! [`patentbridge_app::demands`]; this module also carries the paths'
//! part of the OpenAPI document.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use patentbridge_domain::demand::DemandForm;
use patentbridge_storage::{DemandRecord, MatchRecord, MatchTarget};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{body, path_id};
use crate::ApiError;
use crate::auth::CurrentActor;
use crate::dto::rfc3339;
use patentbridge_app::App;
use patentbridge_app::Error;
use patentbridge_app::demands::{self, AnalysedRow, MatchView};
use patentbridge_app::matching::Ranked;
use patentbridge_domain::demand::MatchReason;
use patentbridge_domain::text;

pub const DEMANDS: &str = "/demands";
pub const DEMAND: &str = "/demands/{id}";
pub const DEMAND_TRANSITIONS: &str = "/demands/{id}/transitions";
pub const DEMAND_MATCHES: &str = "/demands/{id}/matches";
pub const LISTING_MATCHES: &str = "/listings/{id}/matches";
pub const MATCH_FEEDBACK: &str = "/matches/{id}/feedback";
pub const PIPELINE: &str = "/matches/pipeline";
pub const ANALYSE: &str = "/demands/analyse";

pub fn routes() -> Router<App> {
    Router::new()
        .route(DEMANDS, get(list).post(create))
        .route(ANALYSE, post(analyse))
        .route(DEMAND, get(get_one).put(update))
        .route(DEMAND_TRANSITIONS, post(transition))
        .route(DEMAND_MATCHES, get(matches))
        .route(LISTING_MATCHES, get(listing_matches))
        .route(MATCH_FEEDBACK, post(feedback))
        .route(PIPELINE, get(pipeline))
}

/// A demand as JSON clients write it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DemandRequest {
    pub organisation_id: Option<i64>,
    pub title: String,
    pub problem: String,
    pub product: String,
    pub industry: String,
    /// Classification codes, as a list or one comma-separated string.
    pub ipc: Vec<String>,
    /// In yuan, as a number or a string.
    pub budget_min_yuan: Option<Value>,
    pub budget_max_yuan: Option<Value>,
    pub modes: Vec<String>,
    pub deadline: String,
    pub district: String,
    /// Publish at once (matching starts) instead of keeping a draft.
    pub publish: bool,
}

fn yuan_text(v: &Option<Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

impl DemandRequest {
    fn form(&self) -> DemandForm {
        DemandForm {
            title: self.title.clone(),
            problem: self.problem.clone(),
            product: self.product.clone(),
            industry: self.industry.clone(),
            ipc: self.ipc.join(","),
            budget_min_yuan: yuan_text(&self.budget_min_yuan),
            budget_max_yuan: yuan_text(&self.budget_max_yuan),
            modes: self.modes.clone(),
            deadline: self.deadline.clone(),
            district: self.district.clone(),
        }
    }
}

pub fn demand_json(d: &DemandRecord) -> Value {
    let s = &d.spec;
    json!({
        "id": d.id,
        "organisation_id": d.organisation_id,
        "organisation": d.organisation_name_zh,
        "title": s.title,
        "problem": s.problem,
        "product": s.product,
        "industry": s.industry.as_str(),
        "ipc": s.ipc.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "budget_min_fen": s.budget.min.map(|f| f.value()),
        "budget_max_fen": s.budget.max.map(|f| f.value()),
        "modes": s.modes.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
        "deadline": s.deadline.map(|d| d.to_string()),
        "district": s.district.map(|r| r.value().to_string()),
        "state": d.state.as_str(),
        "created_at": rfc3339(d.created_at),
        "updated_at": rfc3339(d.updated_at),
        "published_at": d.published_at.map(rfc3339),
    })
}

/// A match's reasons as the API shows them: the kind, both languages,
/// whether it speaks for the match, and the shared words of a `terms` line.
fn reasons_json(reasons: &[MatchReason]) -> Value {
    reasons
        .iter()
        .map(|r| {
            let mut v = json!({
                "kind": r.kind.as_str(),
                "zh": r.text.zh(),
                "en": r.text.en(),
                "favourable": r.favourable,
            });
            if !r.terms.is_empty() {
                v["terms"] = json!(r.terms);
            }
            v
        })
        .collect()
}

fn target_json(target: MatchTarget) -> (&'static str, Value, Value) {
    match target {
        MatchTarget::Listing(id) => ("listing", json!(id), Value::Null),
        MatchTarget::Patent(id) => ("patent", Value::Null, json!(id)),
    }
}

fn round(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

fn match_view_json(rank: usize, m: &MatchView) -> Value {
    let (kind, listing_id, patent_id) = target_json(m.target);
    json!({
        "rank": rank,
        "match_id": m.match_id,
        "kind": kind,
        "listing_id": listing_id,
        "patent_id": patent_id,
        "patent_number": m.patent_number,
        "title": m.title,
        "owner": m.owner_name_zh,
        "mode": m.listing.as_ref().map(|l| l.spec.mode.as_str()),
        "price_model": m.listing.as_ref().map(|l| l.spec.price.kind().as_str()),
        "price_fen": m.listing.as_ref().and_then(|l| l.spec.price.amount()).map(|f| f.value()),
        "score": round(m.score),
        "reasons": reasons_json(&m.reasons),
        "seeker_feedback": m.seeker_feedback.map(|r| r.as_str()),
        "owner_feedback": m.owner_feedback.map(|r| r.as_str()),
    })
}

fn match_record_json(m: &MatchRecord) -> Value {
    let (kind, listing_id, patent_id) = target_json(m.target);
    json!({
        "match_id": m.id,
        "demand_id": m.demand_id,
        "demand_title": m.demand_title,
        "demand_state": m.demand_state,
        "seeker": m.seeker_name_zh,
        "kind": kind,
        "listing_id": listing_id,
        "patent_id": patent_id,
        "title": m.target_title,
        "owner": m.owner_name_zh,
        "industry": m.industry,
        "score": round(m.score),
        "pushed": m.pushed_at.is_some(),
        "seeker_feedback": m.seeker_feedback.map(|r| r.as_str()),
        "owner_feedback": m.owner_feedback.map(|r| r.as_str()),
        "updated_at": rfc3339(m.updated_at),
    })
}

fn ranked_json(r: &Ranked) -> Value {
    let (kind, listing_id, patent_id) = target_json(r.target);
    json!({
        "kind": kind, "listing_id": listing_id, "patent_id": patent_id,
        "title": r.title, "score": round(r.score), "reasons": reasons_json(&r.reasons),
    })
}

async fn list(State(app): State<App>, caller: CurrentActor) -> Result<Json<Value>, ApiError> {
    let demands = demands::my_demands(&app, &caller).await?;
    Ok(Json(json!(
        demands.iter().map(demand_json).collect::<Vec<_>>()
    )))
}

async fn create(
    State(app): State<App>,
    caller: CurrentActor,
    req: Result<Json<DemandRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let req = body(req)?;
    let id = demands::create(&app, &caller, req.organisation_id, &req.form(), req.publish).await?;
    let d = demands::load_visible_demand(&app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(demand_json(&d))))
}

async fn get_one(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let (d, history) = demands::transitions(&app, &caller, id).await?;
    let mut v = demand_json(&d);
    v["history"] = json!(
        history
            .iter()
            .map(|t| json!({
                "from": t.from_state, "to": t.to_state, "event": t.event, "note": t.note,
                "user": t.user_name, "at": rfc3339(t.at),
            }))
            .collect::<Vec<_>>()
    );
    Ok(Json(v))
}

async fn update(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<Path<i64>, PathRejection>,
    req: Result<Json<DemandRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    demands::update(&app, &caller, id, &req.form()).await?;
    let d = demands::load_visible_demand(&app, &caller, id).await?;
    Ok(Json(demand_json(&d)))
}

#[derive(Debug, Deserialize)]
pub struct TransitionRequest {
    pub event: String,
    #[serde(default)]
    pub note: Option<String>,
}

async fn transition(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<Path<i64>, PathRejection>,
    req: Result<Json<TransitionRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let event = demands::parse_event(&req.event)?;
    let to = demands::apply_event(&app, &caller, id, event, req.note.as_deref()).await?;
    Ok(Json(json!({"id": id, "state": to.as_str()})))
}

async fn matches(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let view = demands::demand_view(&app, &caller, id).await?;
    if !view.is_seeker && !demands::may_analyse(&caller) {
        return Err(Error::NotFound(text!("没有需求 {id}", "no demand {id}")).into());
    }
    Ok(Json(json!({
        "demand_id": id,
        "state": view.demand.state.as_str(),
        "items": view.matches.iter().enumerate().map(|(i, m)| match_view_json(i + 1, m)).collect::<Vec<_>>(),
    })))
}

async fn listing_matches(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let m = demands::listing_matches(&app, &caller, id).await?;
    Ok(Json(json!({
        "listing_id": id,
        "items": m.needs.iter().enumerate().map(|(i, n)| json!({
            "rank": i + 1,
            "match_id": n.match_id,
            "kind": "demand",
            "demand_id": n.demand_id,
            "title": n.demand_title,
            "seeker": n.seeker_name_zh,
            "score": round(n.score),
            "reasons": reasons_json(&n.reasons),
            "owner_feedback": n.owner_feedback.map(|r| r.as_str()),
        })).collect::<Vec<_>>(),
        "companies": m.companies.iter().map(|c| json!({
            "organisation_id": c.organisation_id, "name_zh": c.name_zh, "name_en": c.name_en,
            "because_zh": c.because.zh(), "because_en": c.because.en(),
        })).collect::<Vec<_>>(),
        "scenarios": {
            "industries": m.industries.iter().map(|(code, name)| json!({"industry": code, "zh": name.zh(), "en": name.en()})).collect::<Vec<_>>(),
            "product_types": m.product_types.iter().map(|t| json!({"zh": t.zh(), "en": t.en()})).collect::<Vec<_>>(),
        },
    })))
}

#[derive(Debug, Deserialize)]
pub struct FeedbackRequest {
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

async fn feedback(
    State(app): State<App>,
    caller: CurrentActor,
    id: Result<Path<i64>, PathRejection>,
    req: Result<Json<FeedbackRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let req = body(req)?;
    let reason = demands::parse_reason(&req.reason)?;
    let side = demands::rate(&app, &caller, id, reason, req.note.as_deref()).await?;
    Ok(Json(
        json!({"match_id": id, "side": side.as_str(), "reason": reason.as_str()}),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct PipelineParams {
    pub industry: Option<String>,
}

async fn pipeline(
    State(app): State<App>,
    caller: CurrentActor,
    Query(params): Query<PipelineParams>,
) -> Result<Json<Value>, ApiError> {
    let p = demands::pipeline(&app, &caller, params.industry.as_deref()).await?;
    Ok(Json(json!({
        "industry": p.industry.map(|i| i.as_str()),
        "matches": p.matches.iter().map(match_record_json).collect::<Vec<_>>(),
        "feedback": p.feedback.iter().map(|f| json!({
            "side": f.side.as_str(), "reason": f.reason.as_str(), "count": f.count,
        })).collect::<Vec<_>>(),
    })))
}

pub fn analysed_json(rows: &[AnalysedRow]) -> Value {
    json!(rows.iter().map(|r| match &r.result {
        Ok(ranked) => json!({
            "line": r.line, "enterprise": r.enterprise, "title": r.title,
            "matches": ranked.iter().map(ranked_json).collect::<Vec<_>>(),
        }),
        Err(errors) => json!({
            "line": r.line, "enterprise": r.enterprise, "title": r.title,
            "errors": errors.iter().map(|e| json!({"field": e.field, "zh": e.message.zh(), "en": e.message.en()})).collect::<Vec<_>>(),
        }),
    }).collect::<Vec<_>>())
}

/// The body is the CSV itself (`text/csv`, UTF-8).
async fn analyse(
    State(app): State<App>,
    caller: CurrentActor,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let rows = demands::analyse_csv(&app, &caller, &bytes).await?;
    Ok(Json(json!({"rows": analysed_json(&rows)})))
}
