//! Assessments from the recruiter's side: send (with the candidate inline), list, read, resend, extend, revoke or
//! archive (`crate::recruiting` does the work).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::domain::page::{PageRequest, Start};
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery, ValidJson};
use crate::pagination::{Page, PageParams};
use crate::recruiting::assessments::{self, AssessmentDetail, AssessmentListItem, Extension};
use crate::recruiting::bulk::{self, BulkInvite, BulkOutcome};
use crate::recruiting::export;
use crate::recruiting::list_order::Sort;
use crate::recruiting::listing::{self, ListFilter, PageAsk};
use crate::recruiting::replay::{self, Replay};
use crate::recruiting::sending::{self, NewAssessment};
use crate::recruiting::similarity::{self, Similarity};
use crate::recruiting::understanding::{self, GradeBody, UnderstandingView};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assessments, create_assessment))
        .routes(routes!(export_assessments))
        .routes(routes!(bulk_invite))
        .routes(routes!(get_assessment, delete_assessment))
        .routes(routes!(resend_invitation))
        .routes(routes!(extend_assessment))
        .routes(routes!(get_replay))
        .routes(routes!(get_similarity))
        .routes(routes!(get_understanding))
        .routes(routes!(grade_understanding))
        .routes(routes!(reinvite_candidate))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AssessmentQuery {
    /// pending, in_progress, completed, expired or revoked. Without it (and without `include_archived`), every
    /// status but revoked: cancelled invitations leave the list.
    pub status: Option<String>,
    pub task_id: Option<i32>,
    pub candidate_id: Option<i32>,
    /// Case-insensitive search over the candidate's email and name.
    pub q: Option<String>,
    /// Every assessment, archived and cancelled ones too (default false).
    pub include_archived: Option<bool>,
    /// Only archived assessments (default false).
    pub archived_only: Option<bool>,
    /// true: only the assessments similarity puts in "needs review"; false: only the others.
    pub needs_review: Option<bool>,
    /// score, completed_at, status, candidate_name or created_at; a leading `-` for descending. Default
    /// `-created_at` (newest first). Ties are broken by id; empty values (no score yet) come last.
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Continue after the last row of a page (its `next_cursor`).
    pub cursor: Option<String>,
}

impl AssessmentQuery {
    fn filter(&self) -> ListFilter {
        ListFilter {
            status: self.status.clone(),
            task_id: self.task_id,
            candidate_id: self.candidate_id,
            q: self.q.clone(),
            include_archived: self.include_archived.unwrap_or(false),
            archived_only: self.archived_only.unwrap_or(false),
            needs_review: self.needs_review,
        }
    }
}

/// The organization's assessments, newest first unless `sort` says otherwise.
#[utoipa::path(get, path = "/assessments", tag = "assessments", params(AssessmentQuery),
    responses((status = 200, body = Page<AssessmentListItem>), (status = 422)), security(("bearer" = [])))]
async fn list_assessments(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<AssessmentQuery>,
) -> ApiResult<Json<Page<AssessmentListItem>>> {
    let params = PageParams {
        limit: query.limit,
        offset: query.offset,
        cursor: None,
    };
    let (limit, offset) = params.resolve()?;
    let sort = Sort::parse(query.sort.as_deref())?;
    let ask = PageAsk {
        limit,
        offset,
        cursor: query.cursor.clone(),
    };
    let found = listing::list(
        &state,
        current.organization_id(),
        &query.filter(),
        &sort,
        &ask,
    )
    .await?;
    let answered = PageRequest {
        limit,
        start: match ask.cursor.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(_) => Start::Offset(0),
            None => Start::Offset(offset),
        },
    };
    Ok(Json(Page::answer(found, &answered)))
}

/// The filtered list (same filters and `sort` as the list, no paging) as CSV, streamed page by page. Cells a
/// spreadsheet would run as a formula are prefixed with `'`.
#[utoipa::path(get, path = "/assessments/export.csv", tag = "assessments", params(AssessmentQuery),
    responses((status = 200, content_type = "text/csv", description = "The CSV"), (status = 422)),
    security(("bearer" = [])))]
async fn export_assessments(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<AssessmentQuery>,
) -> ApiResult<Response> {
    let sort = Sort::parse(query.sort.as_deref())?;
    let stream = export::csv(&state, current.organization_id(), &query.filter(), sort).await?;
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"tali-assessments.csv\""),
    );
    Ok(response)
}

/// Invite many candidates to one task from rows of a CSV (name, email, position). With `dry_run` the rows are only
/// checked (invalid rows, emails twice in the file, existing candidates); otherwise the valid rows are sent one
/// by one and each row answers with its own result.
#[utoipa::path(post, path = "/assessments/bulk", tag = "assessments", request_body = BulkInvite,
    responses((status = 200, body = BulkOutcome), (status = 404), (status = 422)), security(("bearer" = [])))]
async fn bulk_invite(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<BulkInvite>,
) -> ApiResult<Json<BulkOutcome>> {
    Ok(Json(
        bulk::invite(&state, current.organization_id(), current.user.id, body).await?,
    ))
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

/// The understanding check: the questions asked after submit, the candidate's answers and their grades.
#[utoipa::path(get, path = "/assessments/{id}/understanding", tag = "assessments",
    responses((status = 200, body = UnderstandingView), (status = 404)), security(("bearer" = [])))]
async fn get_understanding(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<UnderstandingView>> {
    Ok(Json(
        understanding::view(&state, current.organization_id(), id).await?,
    ))
}

/// Grade one answer of the understanding check by hand (without AI, or to correct the AI's grade); the report's
/// Understanding signal and the overall follow.
#[utoipa::path(post, path = "/assessments/{id}/understanding/grades", tag = "assessments",
    request_body = GradeBody,
    responses((status = 200, body = UnderstandingView), (status = 400), (status = 404), (status = 409),
        (status = 422)), security(("bearer" = [])))]
async fn grade_understanding(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<GradeBody>,
) -> ApiResult<Json<UnderstandingView>> {
    Ok(Json(
        understanding::grade(&state, current.organization_id(), id, body).await?,
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

/// Invite an expired candidate again: the link is extended by `days` from now and the invitation re-sent.
#[utoipa::path(post, path = "/assessments/{id}/reinvite", tag = "assessments", request_body = Extension,
    responses((status = 202, body = AssessmentListItem), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn reinvite_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<Extension>,
) -> ApiResult<(StatusCode, Json<AssessmentListItem>)> {
    let item = assessments::reinvite(&state, current.organization_id(), id, body).await?;
    Ok((StatusCode::ACCEPTED, Json(item)))
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
