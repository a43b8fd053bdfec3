//! Organisations over the JSON API: reading one, its verification, and
//! invitations to join. The rules live in
//! [`crate::operations::organisations`].

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use patentbridge_domain::policy::Action;

use super::{body, path_id};
use crate::auth::CurrentActor;
use crate::dto::{
    AcceptInvitation, AcceptedDto, InvitationDto, InvitationRequest, OrganisationDto,
    VerificationDto, VerificationRequest,
};
use crate::operations::organisations;
use crate::{AppError, AppState};

/// `GET /api/v1/organisations/{id}`: the figures (revenue, staff) only for
/// its members, administrators and the IP bureau.
pub async fn get(
    caller: CurrentActor,
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<OrganisationDto>, AppError> {
    let org =
        organisations::load_for(&state, &caller, path_id(id)?, Action::ViewOrganisation).await?;
    let actor = &caller.actor;
    let figures = if actor.is_admin() || actor.is_ip_bureau() || actor.is_member_of(org.id) {
        Some(state.store.organisation_figures(org.id).await?)
    } else {
        None
    };
    Ok(Json(OrganisationDto::new(org, figures)))
}

/// `POST /api/v1/organisations/{id}/verification`
pub async fn verification(
    caller: CurrentActor,
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<VerificationRequest>, JsonRejection>,
) -> Result<Json<VerificationDto>, AppError> {
    let id = path_id(id)?;
    let event = organisations::parse_event(&body(form)?.event)?;
    let to = organisations::apply_verification(&state, &caller, id, event).await?;
    Ok(Json(VerificationDto {
        verification: to.as_str(),
    }))
}

/// `POST /api/v1/organisations/{id}/invitations`
pub async fn invite(
    caller: CurrentActor,
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    form: Result<Json<InvitationRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<InvitationDto>), AppError> {
    let id = path_id(id)?;
    let form = body(form)?;
    let made = organisations::invite(&state, &caller, id, &form.email, &form.role).await?;
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
    State(state): State<AppState>,
    form: Result<Json<AcceptInvitation>, JsonRejection>,
) -> Result<Json<AcceptedDto>, AppError> {
    caller.session_user()?;
    let form = body(form)?;
    let invitation = organisations::accept_invitation(&state, &caller, &form.token).await?;
    Ok(Json(AcceptedDto {
        organisation_id: invitation.organisation_id,
        role: invitation.role.as_str(),
    }))
}
