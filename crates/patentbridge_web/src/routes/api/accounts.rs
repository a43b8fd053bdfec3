//! Accounts over the JSON API: signing up, passwords, API tokens and user
//! management. Each handler reads the body and calls the operation in
//! [`patentbridge_app::accounts`], where the rules live.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use patentbridge_app::{App, Error, accounts};
use patentbridge_domain::text;

use super::{body, path_id};
use crate::ApiError;
use crate::auth::CurrentActor;
use crate::dto::{
    AdminUserDto, AdminUserPage, ApiTokenDto, CreatedTokenDto, PasswordChange, RegisteredDto,
    RegistrationRequest, ResetConfirm, ResetRequest, ResetRequested, TokenRequest,
};

/// Users in one page unless `limit` says otherwise.
pub const DEFAULT_USERS: i64 = 100;

/// `POST /api/v1/registrations`
pub async fn register(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<RegistrationRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<RegisteredDto>), ApiError> {
    let form = body(form)?;
    let done = accounts::register(&app, &caller, form.into()).await?;
    let dto = RegisteredDto {
        organisation_id: done.organisation_id,
        user_id: done.user_id,
        verification: "pending",
    };
    Ok((StatusCode::CREATED, Json(dto)))
}

/// The operations report a new password's errors on `password`, the name
/// of the page's field; the API's field is `new_password`.
fn on_new_password(e: Error) -> Error {
    match e {
        Error::Invalid(mut fields) => {
            for f in &mut fields {
                if f.field == "password" {
                    f.field = "new_password";
                }
            }
            Error::Invalid(fields)
        }
        other => other,
    }
}

/// `PUT /api/v1/me/password`
pub async fn change_password(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<PasswordChange>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    caller.session_user()?;
    let form = body(form)?;
    accounts::change_password(
        &app,
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
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<ResetRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ResetRequested>), ApiError> {
    let form = body(form)?;
    accounts::request_password_reset(&app, &caller, &form.login).await?;
    let answer = ResetRequested {
        status: "sent if the account exists",
    };
    Ok((StatusCode::ACCEPTED, Json(answer)))
}

/// `POST /api/v1/password-resets/confirm`
pub async fn confirm_reset(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<ResetConfirm>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let form = body(form)?;
    accounts::reset_password(
        &app,
        &caller,
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
    State(app): State<App>,
) -> Result<Json<Vec<ApiTokenDto>>, ApiError> {
    let tokens = accounts::api_tokens(&app, &caller).await?;
    Ok(Json(tokens.into_iter().map(ApiTokenDto::from).collect()))
}

/// `POST /api/v1/tokens`
pub async fn create_token(
    caller: CurrentActor,
    State(app): State<App>,
    form: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedTokenDto>), ApiError> {
    caller.session_user()?;
    let form = body(form)?;
    let scopes = accounts::parse_scopes(form.scopes.iter().map(String::as_str))?;
    let created = accounts::create_api_token(&app, &caller, &form.name, scopes).await?;
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
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    caller.session_user()?;
    accounts::revoke_api_token(&app, &caller, path_id(id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/users?limit&offset`
pub async fn list_users(
    caller: CurrentActor,
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<AdminUserPage>, ApiError> {
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
                    Error::BadInput(text!(
                        "{name} 应为非负整数，而不是“{value}”",
                        "{name} must be a whole number, not {value:?}"
                    ))
                })
        };
        match name.as_str() {
            "limit" if !value.trim().is_empty() => limit = n()?.min(accounts::MAX_USERS),
            "offset" if !value.trim().is_empty() => offset = n()?,
            _ => {}
        }
    }
    let users = accounts::users(&app, &caller, limit, offset).await?;
    Ok(Json(AdminUserPage {
        limit,
        offset,
        users: users.iter().map(AdminUserDto::from).collect(),
    }))
}

/// `POST /api/v1/admin/users/{id}/unlock`
pub async fn unlock_user(
    caller: CurrentActor,
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    accounts::unlock_user(&app, &caller, path_id(id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
