//! Candidates of an organization (`crate::recruiting::candidates` does the work).

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
use crate::recruiting::candidates::{
    self, CandidateChanges, CandidateDetail, CandidateOut, NewCandidate,
};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_candidates, create_candidate))
        .routes(routes!(get_candidate, update_candidate, delete_candidate))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CandidateQuery {
    /// Case-insensitive search over email and name.
    pub q: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Continue after the last row of a page (its `next_cursor`).
    pub cursor: Option<String>,
}

/// The organization's candidates, newest first, optionally searched.
#[utoipa::path(get, path = "/candidates", tag = "candidates", params(CandidateQuery),
    responses((status = 200, body = Page<CandidateOut>)), security(("bearer" = [])))]
async fn list_candidates(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<CandidateQuery>,
) -> ApiResult<Json<Page<CandidateOut>>> {
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
        cursor: query.cursor,
    }
    .request()?;
    let found = candidates::list(
        &state.db,
        current.organization_id(),
        query.q.as_deref(),
        &page,
    )
    .await?;
    Ok(Json(Page::answer(found, &page)))
}

/// Add a candidate.
#[utoipa::path(post, path = "/candidates", tag = "candidates", request_body = NewCandidate,
    responses((status = 201, body = CandidateOut), (status = 409), (status = 422)), security(("bearer" = [])))]
async fn create_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<NewCandidate>,
) -> ApiResult<(StatusCode, Json<CandidateOut>)> {
    let created = candidates::create(&state.db, current.organization_id(), body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A candidate with their assessments.
#[utoipa::path(get, path = "/candidates/{id}", tag = "candidates",
    responses((status = 200, body = CandidateDetail), (status = 404)), security(("bearer" = [])))]
async fn get_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<CandidateDetail>> {
    Ok(Json(
        candidates::detail(&state, current.organization_id(), id).await?,
    ))
}

/// Change a candidate's details.
#[utoipa::path(patch, path = "/candidates/{id}", tag = "candidates", request_body = CandidateChanges,
    responses((status = 200, body = CandidateOut), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn update_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<CandidateChanges>,
) -> ApiResult<Json<CandidateOut>> {
    Ok(Json(
        candidates::update(&state, current.organization_id(), id, body).await?,
    ))
}

/// Remove a candidate from lists and search; their assessments stay in the organization's history.
#[utoipa::path(delete, path = "/candidates/{id}", tag = "candidates",
    responses((status = 204), (status = 404)), security(("bearer" = [])))]
async fn delete_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    candidates::delete(&state, current.organization_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
