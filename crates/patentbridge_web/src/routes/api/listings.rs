//! Listings over the JSON API: the public mall (`GET /listings` with the
//! mall's filters and `q`), one listing, writing drafts, state changes, the
//! review queue. The rules live in [`patentbridge_app::listings`].

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use patentbridge_app::{App, Error, listings};
use patentbridge_domain::listing::{ListingForm, ListingState, OpenLicencePayment, Price};
use patentbridge_domain::{Text, text};
use patentbridge_storage::{ListingRecord, ListingTransition};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{body, path_id};
use crate::ApiError;
use crate::auth::CurrentActor;
use crate::listing_params::MallParams;

fn coded(code: &str, label: Text) -> Value {
    json!({ "code": code, "zh": label.zh(), "en": label.en() })
}

/// A listing as the API shows it.
pub fn listing_json(l: &ListingRecord) -> Value {
    let s = &l.spec;
    let trl = s.trl.label();
    let price = match &s.price {
        Price::Fixed(f) => json!({ "model": "fixed", "amount_fen": f.value() }),
        Price::Negotiable { reference } => {
            json!({ "model": "negotiable", "reference_fen": reference.map(|f| f.value()) })
        }
        Price::ZeroPriceFirst => json!({ "model": "zero_price_first", "amount_fen": 0 }),
        Price::UseFirstPayLater {
            free_months,
            royalty,
        } => json!({
            "model": "use_first_pay_later",
            "free_months": free_months,
            "royalty": { "basis": royalty.basis.as_str(), "basis_points": royalty.basis_points },
        }),
    };
    let open = s.open_licence.as_ref().map(|t| {
        let (fee, royalty) = match t.payment {
            OpenLicencePayment::LumpSum(f) => (Some(f.value()), None),
            OpenLicencePayment::Royalty(r) => (None, Some(r)),
            OpenLicencePayment::EntryPlusRoyalty { entry, royalty } => {
                (Some(entry.value()), Some(royalty))
            }
        };
        let terms = t.payment.describe();
        json!({
            "payment": t.payment.code(),
            "fee_fen": fee,
            "royalty": royalty.map(|r| json!({ "basis": r.basis.as_str(), "basis_points": r.basis_points })),
            "term_years": t.term_years,
            "evaluation_report": t.evaluation_report,
            "terms_zh": terms.zh(),
            "terms_en": terms.en(),
        })
    });
    json!({
        "id": l.id,
        "title": s.title,
        "state": coded(l.state.as_str(), l.state.label()),
        "pause_reason": l.pause_reason.map(|r| coded(r.as_str(), r.label())),
        "mode": coded(s.mode.as_str(), s.mode.label()),
        "price": price,
        "open_licence": open,
        "problem": s.problem,
        "advantages": s.advantages,
        "trl": { "level": s.trl.level(), "zh": trl.zh(), "en": trl.en() },
        "scenarios": s.scenarios,
        "industry": coded(s.industry.as_str(), s.industry.label()),
        "ipc_class": l.ipc_class,
        "broker": { "name": s.broker.name, "phone": s.broker.phone },
        "owner": { "id": l.organisation_id, "name_zh": l.owner_name_zh, "name_en": l.owner_name_en, "district": l.district },
        "patents": l.patents.iter().map(|p| json!({
            "number": p.number,
            "title_zh": p.title_zh,
            "title_en": p.title_en,
            "patent_type": p.patent_type.as_str(),
            "legal_status": p.legal_status.as_str(),
        })).collect::<Vec<_>>(),
        "published_at": l.published_at.map(|t| t.to_rfc3339()),
        "updated_at": l.updated_at.to_rfc3339(),
    })
}

fn transition_json(t: &ListingTransition) -> Value {
    json!({
        "from": t.from_state,
        "to": t.to_state,
        "event": t.event,
        "reason": t.reason,
        "note": t.note,
        "by": t.user_name,
        "at": t.at.to_rfc3339(),
    })
}

/// `GET /api/v1/listings`: published listings with the mall's filters
/// (public); with `organisation=ID` a member sees that organisation's
/// listings in every state (narrowed by `state=`).
pub async fn list(
    caller: CurrentActor,
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let params = MallParams::parse(&pairs)?;
    let query = params.to_query();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    };
    let page = match get("organisation") {
        Some(org) => {
            let org: i64 = org.parse().map_err(|_| {
                Error::BadInput(text!(
                    "参数 organisation=“{org}”不是编号",
                    "parameter organisation={org:?} is not an id"
                ))
            })?;
            let states = match get("state") {
                Some(s) => vec![ListingState::parse(s).map_err(|_| {
                    Error::BadInput(text!(
                        "参数 state=“{s}”无效：可选 draft、under_review、published、paused、closed",
                        "parameter state={s:?} is not valid: expected draft, under_review, published, paused or closed"
                    ))
                })?],
                None => Vec::new(),
            };
            listings::organisation_listings(&app, &caller, org, states, query.clone()).await?
        }
        None => listings::mall(&app, query.clone()).await?,
    };
    let f = &page.facets;
    Ok(Json(json!({
        "total": page.total,
        "page": params.page,
        "per_page": query.limit,
        "listings": page.items.iter().map(listing_json).collect::<Vec<_>>(),
        "facets": {
            "mode": f.mode, "price_model": f.price_model, "price": f.price_band,
            "industry": f.industry, "ipc_section": f.ipc_section, "district": f.district,
            "owner": f.owner.iter().map(|(id, name, n)| json!({ "id": id, "name_zh": name, "count": n })).collect::<Vec<_>>(),
            "trl": f.trl,
        },
    })))
}

/// `GET /api/v1/listings/{id}`: a published listing (public), or any state
/// for the owner's members and reviewers, with its history for them.
pub async fn get(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let listing = listings::load_visible(&app, &caller, id).await?;
    let mut out = listing_json(&listing);
    if let Some(history) = listings::history(&app, &caller, &listing).await? {
        out["history"] = history.iter().map(transition_json).collect();
        out["review_note"] = json!(listing.review_note);
    }
    Ok(Json(out))
}

/// The listing form as JSON: the page's field names; `patents` may be a
/// list or one string.
#[derive(Debug, Deserialize)]
pub struct ListingRequest {
    pub organisation: Option<i64>,
    pub title: Option<String>,
    pub patents: Option<Value>,
    pub mode: Option<String>,
    pub price_model: Option<String>,
    pub price_yuan: Option<Value>,
    pub free_months: Option<Value>,
    pub royalty_percent: Option<Value>,
    pub royalty_basis: Option<String>,
    pub open_payment: Option<String>,
    pub open_fee_yuan: Option<Value>,
    pub open_royalty_percent: Option<Value>,
    pub open_royalty_basis: Option<String>,
    pub open_term_years: Option<Value>,
    pub evaluation_report: Option<String>,
    pub problem: Option<String>,
    pub advantages: Option<String>,
    pub trl: Option<Value>,
    pub scenarios: Option<String>,
    pub industry: Option<String>,
    pub broker_name: Option<String>,
    pub broker_phone: Option<String>,
}

/// A JSON number or string as the form's text.
fn text(v: &Option<Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| text(&Some(i.clone())))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}

impl ListingRequest {
    fn form(&self) -> ListingForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        ListingForm {
            title: s(&self.title),
            patents: text(&self.patents),
            mode: s(&self.mode),
            price_model: s(&self.price_model),
            price_yuan: text(&self.price_yuan),
            free_months: text(&self.free_months),
            royalty_percent: text(&self.royalty_percent),
            royalty_basis: s(&self.royalty_basis),
            open_payment: s(&self.open_payment),
            open_fee_yuan: text(&self.open_fee_yuan),
            open_royalty_percent: text(&self.open_royalty_percent),
            open_royalty_basis: s(&self.open_royalty_basis),
            open_term_years: text(&self.open_term_years),
            evaluation_report: s(&self.evaluation_report),
            problem: s(&self.problem),
            advantages: s(&self.advantages),
            trl: text(&self.trl),
            scenarios: s(&self.scenarios),
            industry: s(&self.industry),
            broker_name: s(&self.broker_name),
            broker_phone: s(&self.broker_phone),
        }
    }
}

/// `POST /api/v1/listings`: a new draft (201).
pub async fn create(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<ListingRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let form = body(form)?;
    let id = listings::create(&app, &caller, form.organisation, &form.form()).await?;
    let listing = listings::load_visible(&app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(listing_json(&listing))))
}

/// `PUT /api/v1/listings/{id}`: replaces a draft.
pub async fn update(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<ListingRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let form = body(form)?;
    listings::update(&app, &caller, id, &form.form()).await?;
    let listing = listings::load_visible(&app, &caller, id).await?;
    Ok(Json(listing_json(&listing)))
}

#[derive(Debug, Deserialize)]
pub struct TransitionRequest {
    pub event: String,
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/listings/{id}/transitions` `{"event", "note"}`.
pub async fn transition(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<TransitionRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let form = body(form)?;
    let event = listings::parse_event(&form.event)?;
    listings::apply(&app, &caller, id, event, &form.note).await?;
    let listing = listings::load_visible(&app, &caller, id).await?;
    Ok(Json(listing_json(&listing)))
}

/// `GET /api/v1/review/listings`: listings waiting for review (centres).
pub async fn review_queue(
    caller: CurrentActor,
    State(app): State<App>,
) -> Result<Json<Value>, ApiError> {
    let items = listings::review_queue(&app, &caller).await?;
    Ok(Json(json!({
        "listings": items.iter().map(listing_json).collect::<Vec<_>>(),
    })))
}
