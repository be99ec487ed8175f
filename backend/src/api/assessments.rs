//! Assessments from the recruiter's side: send (with the candidate inline), list, read, resend, extend, revoke or
//! archive (`crate::recruiting` does the work).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery, ValidJson};
use crate::pagination::{Page, PageParams};
use crate::recruiting::assessments::{
    self, AssessmentDetail, AssessmentListItem, Extension, ListFilter,
};
use crate::recruiting::replay::{self, Replay};
use crate::recruiting::sending::{self, NewAssessment};
use crate::recruiting::similarity::{self, Similarity};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assessments, create_assessment))
        .routes(routes!(get_assessment, delete_assessment))
        .routes(routes!(resend_invitation))
        .routes(routes!(extend_assessment))
        .routes(routes!(get_replay))
        .routes(routes!(get_similarity))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AssessmentQuery {
    /// pending, in_progress, completed, expired or revoked.
    pub status: Option<String>,
    pub task_id: Option<i32>,
    pub candidate_id: Option<i32>,
    /// Case-insensitive search over the candidate's email and name.
    pub q: Option<String>,
    /// Include archived assessments (default false).
    pub include_archived: Option<bool>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Continue after the last row of a page (its `next_cursor`).
    pub cursor: Option<String>,
}

/// The organization's assessments, newest first.
#[utoipa::path(get, path = "/assessments", tag = "assessments", params(AssessmentQuery),
    responses((status = 200, body = Page<AssessmentListItem>)), security(("bearer" = [])))]
async fn list_assessments(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<AssessmentQuery>,
) -> ApiResult<Json<Page<AssessmentListItem>>> {
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
        cursor: query.cursor,
    }
    .request()?;
    let filter = ListFilter {
        status: query.status,
        task_id: query.task_id,
        candidate_id: query.candidate_id,
        q: query.q,
        include_archived: query.include_archived.unwrap_or(false),
    };
    let found = assessments::list(&state, current.organization_id(), &filter, &page).await?;
    Ok(Json(Page::answer(found, &page)))
}

/// Create an assessment and queue the invitation email. The candidate is created or updated inline when
/// given by email.
#[utoipa::path(post, path = "/assessments", tag = "assessments", request_body = NewAssessment,
    responses((status = 201, body = AssessmentListItem), (status = 402), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn create_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<NewAssessment>,
) -> ApiResult<(StatusCode, Json<AssessmentListItem>)> {
    let sent = sending::send(&state, current.organization_id(), current.user.id, body).await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

/// One assessment with its candidate, task and every piece of evidence.
#[utoipa::path(get, path = "/assessments/{id}", tag = "assessments",
    responses((status = 200, body = AssessmentDetail), (status = 404)), security(("bearer" = [])))]
async fn get_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<AssessmentDetail>> {
    Ok(Json(
        assessments::detail(&state, current.organization_id(), id).await?,
    ))
}

/// The session as a replay: every code state (line diffs from the previous one), the markers and the chat, on
/// the session's clock.
#[utoipa::path(get, path = "/assessments/{id}/replay", tag = "assessments",
    responses((status = 200, body = Replay), (status = 404)), security(("bearer" = [])))]
async fn get_replay(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<Replay>> {
    Ok(Json(
        replay::replay(&state, current.organization_id(), id).await?,
    ))
}

/// The final code's matches with the task's other submissions in the organization, its reference solution and
/// the AI replies the candidate received, best first, with the regions to show side by side.
#[utoipa::path(get, path = "/assessments/{id}/similarity", tag = "assessments",
    responses((status = 200, body = Similarity), (status = 404)), security(("bearer" = [])))]
async fn get_similarity(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<Similarity>> {
    Ok(Json(
        similarity::similarity(&state, current.organization_id(), id).await?,
    ))
}

/// Send the invitation again (pending assessments only).
#[utoipa::path(post, path = "/assessments/{id}/resend", tag = "assessments",
    responses((status = 202, body = AssessmentListItem), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn resend_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<(StatusCode, Json<AssessmentListItem>)> {
    let item = assessments::resend(&state, current.organization_id(), id).await?;
    Ok((StatusCode::ACCEPTED, Json(item)))
}

/// Give a pending (or expired) assessment more time before its link expires.
#[utoipa::path(post, path = "/assessments/{id}/extend", tag = "assessments", request_body = Extension,
    responses((status = 200, body = AssessmentListItem), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn extend_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<Extension>,
) -> ApiResult<Json<AssessmentListItem>> {
    Ok(Json(
        assessments::extend(&state, current.organization_id(), id, body).await?,
    ))
}

/// Revoke a pending assessment (its link stops working) or archive a finished one (kept, hidden from lists).
#[utoipa::path(delete, path = "/assessments/{id}", tag = "assessments",
    responses((status = 204), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn delete_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    assessments::remove(&state, current.organization_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
