//! Signing in and out of the JSON API, and who the caller is:
//! `POST /api/v1/session`, `DELETE /api/v1/session` and `GET /api/v1/me`.
//!
//! The rules (same answer for any wrong login, the lock after ten wrong
//! passwords) live in [`patentbridge_app::sessions`].

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use patentbridge_app::{App, sessions};

use crate::ApiError;
use crate::auth::{CurrentActor, over_https, session_cookie};
use crate::dto::{SessionDto, UserDto};

#[derive(Debug, Deserialize)]
pub struct SignIn {
    pub login: String,
    pub password: String,
}

/// `POST /api/v1/session`
pub async fn sign_in(
    caller: CurrentActor,
    State(app): State<App>,
    headers: HeaderMap,
    form: Result<Json<SignIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    let form = super::body(form)?;
    let started = sessions::sign_in(&app, &caller, &form.login, form.password).await?;
    let cookie = session_cookie(
        &started.token,
        sessions::SESSION_HOURS * 3600,
        over_https(&headers),
    );
    let body = SessionDto {
        token: started.token,
        expires_at: started
            .expires_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        user: UserDto::from(&started.user),
    };
    let mut response = Json(body).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("a hex token makes a valid header"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `DELETE /api/v1/session`
pub async fn sign_out(
    caller: CurrentActor,
    headers: HeaderMap,
    State(app): State<App>,
) -> Result<Response, ApiError> {
    sessions::sign_out(&app, &caller).await?;
    let cookie = session_cookie("", 0, over_https(&headers));
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).expect("a valid header"),
        )],
    )
        .into_response())
}

/// `GET /api/v1/me`
pub async fn me(caller: CurrentActor) -> Result<Json<UserDto>, ApiError> {
    Ok(Json(UserDto::from(caller.signed_in_user()?)))
}
