//! Candidates of an organization (`crate::recruiting::candidates` does the work).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::domain::roles::Role;
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery, ValidJson};
use crate::pagination::{Page, PageParams};
use crate::recruiting::candidates::{
    self, CandidateChanges, CandidateDetail, CandidateOut, NewCandidate,
};
use crate::recruiting::privacy::erase::{self, EraseRequest, ErasureOut};
use crate::recruiting::privacy::export::{self, CandidateExport};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_candidates, create_candidate))
        .routes(routes!(get_candidate, update_candidate, delete_candidate))
        .routes(routes!(export_candidate))
        .routes(routes!(erase_candidate))
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

/// Everything held about a candidate as a JSON archive (download): details, assessments with code, snapshots,
/// evidence and chat, and the emails sent to them. Owners and admins.
#[utoipa::path(get, path = "/candidates/{id}/export", tag = "candidates",
    responses((status = 200, body = CandidateExport), (status = 404)), security(("bearer" = [])))]
async fn export_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<impl IntoResponse> {
    current.require(Role::Admin, "export a candidate's data")?;
    let archive = export::export(&state, current.organization_id(), id).await?;
    let disposition = format!("attachment; filename=\"tali-candidate-{id}.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(archive)))
}

/// Erase a candidate's personal data (code, snapshots, chat, events, emails, name and email); the scores stay,
/// anonymised, for the analytics. `confirm` must be the candidate's email. Owners and admins; 409 while one of
/// their assessments is pending or in progress.
#[utoipa::path(post, path = "/candidates/{id}/erase", tag = "candidates", request_body = EraseRequest,
    responses((status = 200, body = ErasureOut), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
async fn erase_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<EraseRequest>,
) -> ApiResult<Json<ErasureOut>> {
    current.require(Role::Admin, "erase a candidate's data")?;
    Ok(Json(
        erase::erase_on_request(&state, current.organization_id(), id, current.user.id, body)
            .await?,
    ))
}
