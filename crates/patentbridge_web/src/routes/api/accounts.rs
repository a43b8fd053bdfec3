//! Accounts over the JSON API: signing up, passwords, API tokens and user
//! management. Each handler reads the body and calls the operation in
//! [`crate::operations::accounts`], where the rules live.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use patentbridge_domain::policy::{Action, Resource};

use super::{body, path_id};
use crate::auth::{self, CurrentActor};
use crate::dto::{
    AdminUserDto, AdminUserPage, ApiTokenDto, CreatedTokenDto, PasswordChange, RegisteredDto,
    RegistrationRequest, ResetConfirm, ResetRequest, ResetRequested, TokenRequest,
};
use crate::operations::accounts;
use crate::{AppError, AppState};

/// Users in one page unless `limit` says otherwise.
pub const DEFAULT_USERS: i64 = 100;
/// The most users one page returns.
pub const MAX_USERS: i64 = 1000;

/// `POST /api/v1/registrations`
pub async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Json<RegistrationRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<RegisteredDto>), AppError> {
    let form = body(form)?;
    let done = accounts::register(&state, auth::request_id(&headers), form.into()).await?;
    let dto = RegisteredDto {
        organisation_id: done.organisation_id,
        user_id: done.user_id,
        verification: "pending",
    };
    Ok((StatusCode::CREATED, Json(dto)))
}

/// The operations report a new password's errors on `password`, the name
/// of the page's field; the API's field is `new_password`.
fn on_new_password(e: AppError) -> AppError {
    match e {
        AppError::Invalid(mut fields) => {
            for f in &mut fields {
                if f.field == "password" {
                    f.field = "new_password";
                }
            }
            AppError::Invalid(fields)
        }
        other => other,
    }
}

/// `PUT /api/v1/me/password`
pub async fn change_password(
    caller: CurrentActor,
    State(state): State<AppState>,
    form: Result<Json<PasswordChange>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    caller.session_user()?;
    let form = body(form)?;
    accounts::change_password(
        &state,
        &caller,
        form.current_password,
        &form.new_password,
        &form.password_confirm,
    )
    .await
    .map_err(on_new_password)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/password-resets`: the same 202 whether the login exists
/// or not; the link goes to the log, never into the answer.
pub async fn request_reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Json<ResetRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ResetRequested>), AppError> {
    let form = body(form)?;
    accounts::request_password_reset(&state, auth::request_id(&headers), &form.login).await?;
    let answer = ResetRequested {
        status: "sent if the account exists",
    };
    Ok((StatusCode::ACCEPTED, Json(answer)))
}

/// `POST /api/v1/password-resets/confirm`
pub async fn confirm_reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Json<ResetConfirm>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let form = body(form)?;
    accounts::reset_password(
        &state,
        auth::request_id(&headers),
        &form.token,
        &form.new_password,
        &form.password_confirm,
    )
    .await
    .map_err(on_new_password)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/tokens`: the caller's own tokens, without their secrets.
pub async fn list_tokens(
    caller: CurrentActor,
    State(state): State<AppState>,
) -> Result<Json<Vec<ApiTokenDto>>, AppError> {
    let user = caller.signed_in_user()?;
    let tokens = state.store.list_api_tokens(user.id).await?;
    Ok(Json(tokens.into_iter().map(ApiTokenDto::from).collect()))
}

/// `POST /api/v1/tokens`
pub async fn create_token(
    caller: CurrentActor,
    State(state): State<AppState>,
    form: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedTokenDto>), AppError> {
    caller.session_user()?;
    let form = body(form)?;
    let scopes = accounts::parse_scopes(form.scopes.iter().map(String::as_str))?;
    let created = accounts::create_api_token(&state, &caller, &form.name, scopes).await?;
    let dto = CreatedTokenDto {
        id: created.record.id,
        name: created.record.name,
        scopes: created.record.scopes,
        token: created.token,
        created_at: created
            .record
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    Ok((StatusCode::CREATED, Json(dto)))
}

/// `DELETE /api/v1/tokens/{id}`
pub async fn revoke_token(
    caller: CurrentActor,
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, AppError> {
    caller.session_user()?;
    accounts::revoke_api_token(&state, &caller, path_id(id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/users?limit&offset`
pub async fn list_users(
    caller: CurrentActor,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<AdminUserPage>, AppError> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    let mut limit = DEFAULT_USERS;
    let mut offset = 0;
    for (name, value) in &pairs {
        let n = || {
            value
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    AppError::BadRequest(format!("{name} must be a whole number, not {value:?}"))
                })
        };
        match name.as_str() {
            "limit" if !value.trim().is_empty() => limit = n()?.min(MAX_USERS),
            "offset" if !value.trim().is_empty() => offset = n()?,
            _ => {}
        }
    }
    let users = state.store.list_users(limit, offset).await?;
    Ok(Json(AdminUserPage {
        limit,
        offset,
        users: users.iter().map(AdminUserDto::from).collect(),
    }))
}

/// `POST /api/v1/admin/users/{id}/unlock`
pub async fn unlock_user(
    caller: CurrentActor,
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, AppError> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    accounts::unlock_user(&state, &caller, path_id(id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
