//! Organisations over the JSON API: reading one, its verification, and
//! invitations to join. The rules live in
//! [`patentbridge_app::organisations`].

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::{body, path_id};
use crate::auth::CurrentActor;
use crate::dto::{
    AcceptInvitation, AcceptedDto, InvitationDto, InvitationRequest, OrganisationDto,
    VerificationDto, VerificationRequest,
};
use patentbridge_app::{App, organisations};

use crate::ApiError;

/// `GET /api/v1/organisations/{id}`: the figures (revenue, staff) only for
/// its members, administrators, the IP bureau and the district's officers.
pub async fn get(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<OrganisationDto>, ApiError> {
    let p = organisations::profile(&app, &caller, path_id(id)?).await?;
    let figures = p.sees_figures.then_some(p.figures);
    Ok(Json(OrganisationDto::new(p.org, figures)))
}

/// `POST /api/v1/organisations/{id}/verification`
pub async fn verification(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<VerificationRequest>, JsonRejection>,
) -> Result<Json<VerificationDto>, ApiError> {
    let id = path_id(id)?;
    let event = organisations::parse_event(&body(form)?.event)?;
    let to = organisations::apply_verification(&app, &caller, id, event).await?;
    Ok(Json(VerificationDto {
        verification: to.as_str(),
    }))
}

/// `POST /api/v1/organisations/{id}/invitations`
pub async fn invite(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<InvitationRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<InvitationDto>), ApiError> {
    let id = path_id(id)?;
    let form = body(form)?;
    let made = organisations::invite(&app, &caller, id, &form.email, &form.role).await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationDto {
            id: made.id,
            token: made.token,
        }),
    ))
}

/// `POST /api/v1/invitations/accept`
pub async fn accept(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<AcceptInvitation>, JsonRejection>,
) -> Result<Json<AcceptedDto>, ApiError> {
    caller.session_user()?;
    let form = body(form)?;
    let invitation = organisations::accept_invitation(&app, &caller, &form.token).await?;
    Ok(Json(AcceptedDto {
        organisation_id: invitation.organisation_id,
        role: invitation.role.as_str(),
    }))
}
