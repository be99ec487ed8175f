//! The Workable ATS connection of the caller's organization, and posting results to it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::domain::roles::Role;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::workable::connection::{self, ConnectRequest, ConnectionOut};
use crate::workable::posting::{self, PostQueued};
use crate::workable::settings::{self, Options, SettingsIn};
use crate::workable::triggers::{self, ActivityItem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status, disconnect))
        .routes(routes!(authorize_url))
        .routes(routes!(connect))
        .routes(routes!(options))
        .routes(routes!(save_settings))
        .routes(routes!(activity))
        .routes(routes!(post_to_workable))
}

#[derive(Serialize, ToSchema)]
struct AuthorizeUrl {
    url: String,
}

/// The organization's Workable connection (never its tokens).
#[utoipa::path(get, path = "/organizations/workable", tag = "workable",
    responses((status = 200, body = ConnectionOut)), security(("bearer" = [])))]
async fn status(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<ConnectionOut>> {
    Ok(Json(
        connection::status(&state, current.organization_id()).await?,
    ))
}

/// The Workable OAuth URL to send the recruiter to; its `state` works once, for this user, for 10 minutes.
#[utoipa::path(get, path = "/organizations/workable/authorize-url", tag = "workable",
    responses((status = 200, body = AuthorizeUrl), (status = 503, description = "Workable OAuth is not configured")),
    security(("bearer" = [])))]
async fn authorize_url(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<AuthorizeUrl>> {
    current.require(Role::Owner, "manage integrations")?;
    let url = connection::authorize_url(&state, &current.user).await?;
    Ok(Json(AuthorizeUrl { url }))
}

/// Connect with an account token (`{subdomain, access_token}`, checked with a call to Workable) or finish OAuth
/// (`{code, state}`). 422 with Workable's message when it refuses.
#[utoipa::path(post, path = "/organizations/workable/connect", tag = "workable", request_body = ConnectRequest,
    responses((status = 200, body = ConnectionOut), (status = 422)), security(("bearer" = [])))]
async fn connect(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<ConnectRequest>,
) -> ApiResult<Json<ConnectionOut>> {
    current.require(Role::Owner, "manage integrations")?;
    Ok(Json(
        connection::connect(&state, &current.user, body).await?,
    ))
}

/// Disconnect: the webhook is removed at Workable and the tokens are forgotten.
#[utoipa::path(delete, path = "/organizations/workable", tag = "workable",
    responses((status = 204)), security(("bearer" = [])))]
async fn disconnect(State(state): State<AppState>, current: CurrentUser) -> ApiResult<StatusCode> {
    current.require(Role::Owner, "manage integrations")?;
    connection::disconnect(&state, current.organization_id()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account's members, jobs and stages, live from Workable.
#[utoipa::path(get, path = "/organizations/workable/options", tag = "workable",
    responses((status = 200, body = Options), (status = 409, description = "Workable is not connected")),
    security(("bearer" = [])))]
async fn options(State(state): State<AppState>, current: CurrentUser) -> ApiResult<Json<Options>> {
    current.require(Role::Owner, "manage integrations")?;
    Ok(Json(
        settings::options(&state, current.organization_id()).await?,
    ))
}

/// The acting member, automatic posting, and the stage map (which job and stage invite to which task; 422 names
/// each refused row, e.g. `triggers[1].stage_slug`).
#[utoipa::path(put, path = "/organizations/workable/settings", tag = "workable", request_body = SettingsIn,
    responses((status = 200, body = ConnectionOut), (status = 409), (status = 422)), security(("bearer" = [])))]
async fn save_settings(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<SettingsIn>,
) -> ApiResult<Json<ConnectionOut>> {
    current.require(Role::Owner, "manage integrations")?;
    Ok(Json(
        settings::save(&state, current.organization_id(), body).await?,
    ))
}

/// What the stage trigger did, newest first: candidates invited, and why others could not be.
#[utoipa::path(get, path = "/organizations/workable/activity", tag = "workable", params(PageParams),
    responses((status = 200, body = Page<ActivityItem>), (status = 422)), security(("bearer" = [])))]
async fn activity(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<ActivityItem>>> {
    let page = query.request()?;
    let found = triggers::activity(&state, current.organization_id(), &page).await?;
    Ok(Json(Page::answer(found, &page)))
}

/// Queue the post of a completed assessment's results to the candidate in Workable (also a retry after a
/// failure); the detail's `posted_to_workable`/`workable_post_error` tell how it went.
#[utoipa::path(post, path = "/assessments/{id}/post-to-workable", tag = "workable",
    responses((status = 202, body = PostQueued), (status = 404),
        (status = 409, description = "Not connected, not completed, or already posted")),
    security(("bearer" = [])))]
async fn post_to_workable(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<(StatusCode, Json<PostQueued>)> {
    let queued = posting::request(&state, current.organization_id(), id).await?;
    Ok((StatusCode::ACCEPTED, Json(queued)))
}
