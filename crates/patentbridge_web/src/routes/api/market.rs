//! The mall's buyer side over the JSON API: inquiries, favourites,
//! packages and notifications. The rules live in
//! [`patentbridge_app::market`]; the wire shapes are defined here.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use patentbridge_domain::package::{PackageForm, PackagePricing};
use patentbridge_storage::{ListingRecord, Notification, PackageRecord};
use serde::{Deserialize, Serialize};

use super::{body, path_id};
use crate::ApiError;
use crate::auth::CurrentActor;
use crate::dto::rfc3339;
use patentbridge_app::App;
use patentbridge_app::market;

pub const INQUIRIES: &str = "/listings/{id}/inquiries";
pub const FAVOURITES: &str = "/favourites";
pub const FAVOURITE: &str = "/favourites/{id}";
pub const PACKAGES: &str = "/packages";
pub const PACKAGE: &str = "/packages/{id}";
pub const NOTIFICATIONS: &str = "/notifications";

/// The market's routes, merged into the API router.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route(INQUIRIES, post(inquire))
        .route(FAVOURITES, get(favourites))
        .route(FAVOURITE, put(add_favourite).delete(remove_favourite))
        .route(PACKAGES, get(packages).post(create_package))
        .route(PACKAGE, get(package))
        .route(NOTIFICATIONS, get(notifications))
}

#[derive(Debug, Deserialize)]
pub struct InquiryRequest {
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct CreatedDto {
    pub id: i64,
}

/// A listing as the buyer's lists show it.
#[derive(Debug, Serialize)]
pub struct ListingSummaryDto {
    pub id: i64,
    pub title: String,
    pub owner_id: i64,
    pub owner: String,
    pub mode: &'static str,
    pub price_model: &'static str,
    /// The fixed or reference price in fen, if any.
    pub price_fen: Option<i64>,
    pub state: &'static str,
    pub industry: &'static str,
    pub patents: Vec<String>,
}

impl From<&ListingRecord> for ListingSummaryDto {
    fn from(l: &ListingRecord) -> Self {
        ListingSummaryDto {
            id: l.id,
            title: l.spec.title.clone(),
            owner_id: l.organisation_id,
            owner: l.owner_name_zh.clone(),
            mode: l.spec.mode.as_str(),
            price_model: l.spec.price.kind().as_str(),
            price_fen: l.spec.price.amount().map(|f| f.value()),
            state: l.state.as_str(),
            industry: l.spec.industry.as_str(),
            patents: l.patents.iter().map(|p| p.number.clone()).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PackageItemDto {
    pub listing_id: i64,
    pub title: String,
    pub owner_id: i64,
    pub owner: String,
    pub mode: &'static str,
    pub listing_state: &'static str,
    pub price_fen: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct PackageDto {
    pub id: i64,
    pub organisation_id: i64,
    pub curator: String,
    pub title: String,
    pub theme: String,
    pub industry: String,
    pub description: String,
    /// `bundle` or `per_item`.
    pub pricing: &'static str,
    pub bundle_price_fen: Option<i64>,
    pub state: &'static str,
    pub created_at: String,
    pub items: Vec<PackageItemDto>,
}

impl From<PackageRecord> for PackageDto {
    fn from(p: PackageRecord) -> Self {
        PackageDto {
            id: p.id,
            organisation_id: p.organisation_id,
            curator: p.curator_name_zh,
            title: p.title,
            theme: p.theme,
            industry: p.industry,
            description: p.description,
            pricing: p.pricing.as_str(),
            bundle_price_fen: match p.pricing {
                PackagePricing::Bundle(f) => Some(f.value()),
                PackagePricing::PerItem => None,
            },
            state: p.state.as_str(),
            created_at: rfc3339(p.created_at),
            items: p
                .items
                .into_iter()
                .map(|i| PackageItemDto {
                    listing_id: i.listing_id,
                    title: i.title,
                    owner_id: i.owner_id,
                    owner: i.owner_name_zh,
                    mode: i.mode.as_str(),
                    listing_state: i.state.as_str(),
                    price_fen: i.price.map(|f| f.value()),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PackageItemRequest {
    pub listing_id: i64,
    /// Per-item pricing: the price in yuan, e.g. `"80000"`.
    #[serde(default)]
    pub price_yuan: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PackageRequest {
    /// The curating organisation; defaults to the caller's first operation
    /// centre or patent source.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub description: String,
    /// `bundle` or `per_item`.
    #[serde(default)]
    pub pricing: String,
    #[serde(default)]
    pub bundle_price_yuan: Option<String>,
    #[serde(default)]
    pub items: Vec<PackageItemRequest>,
}

impl PackageRequest {
    fn form(&self) -> PackageForm {
        PackageForm {
            title: self.title.clone(),
            theme: self.theme.clone(),
            industry: self.industry.clone(),
            description: self.description.clone(),
            pricing: self.pricing.clone(),
            bundle_price_yuan: self.bundle_price_yuan.clone().unwrap_or_default(),
            listing_ids: self
                .items
                .iter()
                .map(|i| i.listing_id.to_string())
                .collect::<Vec<_>>()
                .join(","),
            // A missing price leaves its item (and the ones after) without
            // one, which the form refuses.
            item_prices_yuan: self
                .items
                .iter()
                .map_while(|i| i.price_yuan.as_deref().map(str::trim))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct NotificationDto {
    pub id: i64,
    pub kind: String,
    pub subject_zh: String,
    pub subject_en: String,
    pub link: Option<String>,
    pub created_at: String,
    pub read: bool,
}

impl From<Notification> for NotificationDto {
    fn from(n: Notification) -> Self {
        NotificationDto {
            id: n.id,
            kind: n.kind,
            subject_zh: n.subject_zh,
            subject_en: n.subject_en,
            link: n.link,
            created_at: rfc3339(n.created_at),
            read: n.read_at.is_some(),
        }
    }
}

/// `POST /api/v1/listings/{id}/inquiries`
async fn inquire(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<InquiryRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedDto>), ApiError> {
    let id = path_id(id)?;
    let form = body(form)?;
    let created = market::send_inquiry(&app, &caller, id, &form.message).await?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id: created })))
}

/// `GET /api/v1/favourites`
async fn favourites(
    caller: CurrentActor,
    State(app): State<App>,
) -> Result<Json<Vec<ListingSummaryDto>>, ApiError> {
    let listings = market::favourites(&app, &caller).await?;
    Ok(Json(listings.iter().map(ListingSummaryDto::from).collect()))
}

/// `PUT /api/v1/favourites/{id}`
async fn add_favourite(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    market::add_favourite(&app, &caller, path_id(id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/favourites/{id}`
async fn remove_favourite(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    market::remove_favourite(&app, &caller, path_id(id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/packages`
async fn packages(State(app): State<App>) -> Result<Json<Vec<PackageDto>>, ApiError> {
    let list = market::published_packages(&app).await?;
    Ok(Json(list.into_iter().map(PackageDto::from).collect()))
}

/// `GET /api/v1/packages/{id}`
async fn package(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<PackageDto>, ApiError> {
    let (p, _) = market::package_for(&app, &caller, path_id(id)?).await?;
    Ok(Json(p.into()))
}

/// `POST /api/v1/packages`
async fn create_package(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<PackageRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedDto>), ApiError> {
    let form = body(form)?;
    let id = market::create_package(&app, &caller, form.organisation_id, &form.form()).await?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id })))
}

/// `GET /api/v1/notifications`
async fn notifications(
    caller: CurrentActor,
    State(app): State<App>,
) -> Result<Json<Vec<NotificationDto>>, ApiError> {
    let inbox = market::inbox(&app, &caller).await?;
    Ok(Json(
        inbox
            .notifications
            .into_iter()
            .map(NotificationDto::from)
            .collect(),
    ))
}
