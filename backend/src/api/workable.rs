//! The Workable ATS connection. This server has no Workable client yet; the endpoints exist so the web app
//! can show that state plainly instead of failing.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::organizations;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiPath;
use crate::recruiting::assessments;
use crate::state::AppState;

const NOT_AVAILABLE: &str = "The Workable integration is not available on this server yet.";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(authorize_url))
        .routes(routes!(connect))
        .routes(routes!(post_to_workable))
}

/// The Workable OAuth URL to send the recruiter to.
#[utoipa::path(get, path = "/organizations/workable/authorize-url", tag = "workable",
    responses((status = 503, description = "Workable is not available")), security(("bearer" = [])))]
async fn authorize_url(_current: CurrentUser) -> ApiResult<Json<()>> {
    Err(ApiError::unavailable(NOT_AVAILABLE))
}

/// Exchange the OAuth code for tokens.
#[utoipa::path(post, path = "/organizations/workable/connect", tag = "workable",
    responses((status = 503, description = "Workable is not available")), security(("bearer" = [])))]
async fn connect(_current: CurrentUser) -> ApiResult<Json<()>> {
    Err(ApiError::unavailable(NOT_AVAILABLE))
}

/// Post a completed assessment's results to the candidate in Workable.
#[utoipa::path(post, path = "/assessments/{id}/post-to-workable", tag = "workable",
    responses((status = 404), (status = 409, description = "Workable is not connected")), security(("bearer" = [])))]
async fn post_to_workable(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<()>> {
    assessments::find_own(&state.db, current.organization_id(), id).await?;
    let org = organizations::load(&state.db, current.organization_id()).await?;
    if !org.workable_connected {
        return Err(ApiError::Conflict(
            "Connect Workable in Settings before posting results".into(),
        ));
    }
    Err(ApiError::unavailable(NOT_AVAILABLE))
}
