//! Assessments from the recruiter's side: create (with the candidate inline), list, read, resend, extend,
//! revoke or archive. Every query is scoped by the caller's organization.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use garde::Validate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    FromQueryResult, IntoActiveModel, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::auth::normalize_email;
use super::candidates::{self, CandidateOut};
use super::pagination::{Page, PageParams};
use super::tasks::TaskOut;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::{assessment, candidate, organization, task};
use crate::domain::status::{self, Status};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery, ValidJson};
use crate::invitations;
use crate::lenient;
use crate::recruiting::reference_view::{self, Breakdown, PromptLine, ResultLine};
use crate::recruiting::tasks;

/// How long a candidate link stays valid.
pub const LINK_VALID_DAYS: i64 = 7;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assessments, create_assessment))
        .routes(routes!(get_assessment, delete_assessment))
        .routes(routes!(resend_invitation))
        .routes(routes!(extend_assessment))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentListItem {
    pub id: i32,
    pub token: String,
    pub status: String,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub candidate_email: String,
    pub task_id: i32,
    pub task_name: String,
    pub duration_minutes: i32,
    pub score: Option<f64>,
    pub tests_passed: Option<i32>,
    pub tests_total: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub archived: bool,
    pub candidate_link: String,
}

/// The columns a list shows, with the candidate's and the task's names joined in. The evidence columns (test
/// results, score report, timeline, snapshots, final code) stay out: a completed assessment carries kilobytes of
/// them that no list displays.
#[derive(Debug, FromQueryResult)]
struct ListRow {
    id: i32,
    token: String,
    status: String,
    candidate_id: i32,
    task_id: i32,
    duration_minutes: i32,
    score: Option<f64>,
    tests_passed: Option<i32>,
    tests_total: Option<i32>,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
    candidate_name: String,
    candidate_email: String,
    task_name: String,
}

impl ListRow {
    fn into_item(self, state: &AppState, now: DateTime<Utc>) -> AssessmentListItem {
        AssessmentListItem {
            status: status::derive(&self.status, self.expires_at, now)
                .as_str()
                .to_string(),
            candidate_link: state.settings.candidate_link(&self.token),
            id: self.id,
            token: self.token,
            candidate_id: self.candidate_id,
            candidate_name: self.candidate_name,
            candidate_email: self.candidate_email,
            task_id: self.task_id,
            task_name: self.task_name,
            duration_minutes: self.duration_minutes,
            score: self.score,
            tests_passed: self.tests_passed,
            tests_total: self.tests_total,
            created_at: self.created_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
            expires_at: self.expires_at,
            archived: self.archived_at.is_some(),
        }
    }
}

/// The organization's assessments, to be narrowed further by the caller.
pub fn of_organization(organization_id: i32) -> Select<assessment::Entity> {
    assessment::Entity::find().filter(assessment::Column::OrganizationId.eq(organization_id))
}

/// Runs `select` (already scoped to one organization, filtered and ordered) as one joined query of list items.
pub async fn list_items(
    state: &AppState,
    select: Select<assessment::Entity>,
) -> ApiResult<Vec<AssessmentListItem>> {
    use assessment::Column as A;
    let rows = select
        .select_only()
        .columns([
            A::Id,
            A::Token,
            A::Status,
            A::CandidateId,
            A::TaskId,
            A::DurationMinutes,
            A::Score,
            A::TestsPassed,
            A::TestsTotal,
            A::CreatedAt,
            A::StartedAt,
            A::CompletedAt,
            A::ExpiresAt,
            A::ArchivedAt,
        ])
        .column_as(candidate::Column::FullName, "candidate_name")
        .column_as(candidate::Column::Email, "candidate_email")
        .column_as(task::Column::Name, "task_name")
        .join(
            JoinType::InnerJoin,
            assessment::Entity::belongs_to(candidate::Entity)
                .from(A::CandidateId)
                .to(candidate::Column::Id)
                .into(),
        )
        .join(
            JoinType::InnerJoin,
            assessment::Entity::belongs_to(task::Entity)
                .from(A::TaskId)
                .to(task::Column::Id)
                .into(),
        )
        .into_model::<ListRow>()
        .all(&state.db)
        .await?;
    let now = Utc::now();
    Ok(rows.into_iter().map(|r| r.into_item(state, now)).collect())
}

/// One of the organization's assessments as a list item.
pub async fn list_item(
    state: &AppState,
    organization_id: i32,
    id: i32,
) -> ApiResult<AssessmentListItem> {
    let select = of_organization(organization_id).filter(assessment::Column::Id.eq(id));
    list_items(state, select)
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("Assessment"))
}

pub async fn find_own(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> ApiResult<assessment::Model> {
    assessment::Entity::find_by_id(id)
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Assessment"))
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
}

/// The organization's assessments, newest first.
#[utoipa::path(get, path = "/assessments", tag = "assessments", params(AssessmentQuery),
    responses((status = 200, body = Page<AssessmentListItem>)), security(("bearer" = [])))]
async fn list_assessments(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<AssessmentQuery>,
) -> ApiResult<Json<Page<AssessmentListItem>>> {
    let (limit, offset) = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .resolve()?;
    let org = current.organization_id();
    let wanted_status = match &query.status {
        Some(raw) => Some(Status::parse(raw).ok_or_else(|| {
            ApiError::field(
                "status",
                format!("must be one of: {}", Status::ALL_NAMES.join(", ")),
            )
        })?),
        None => None,
    };
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let include_archived = query.include_archived.unwrap_or(false);
    let mut select = of_organization(org);
    if let Some(wanted) = wanted_status {
        select = select.filter(status::condition(wanted, Utc::now()));
    }
    if let Some(task_id) = query.task_id {
        select = select.filter(assessment::Column::TaskId.eq(task_id));
    }
    if let Some(candidate_id) = query.candidate_id {
        select = select.filter(assessment::Column::CandidateId.eq(candidate_id));
    }
    if let Some(q) = q {
        let matching = candidate::Entity::find()
            .select_only()
            .column(candidate::Column::Id)
            .filter(candidate::Column::OrganizationId.eq(org))
            .filter(candidates::matches_text(q))
            .into_query();
        select = select.filter(assessment::Column::CandidateId.in_subquery(matching));
    }
    if !include_archived {
        select = select.filter(assessment::Column::ArchivedAt.is_null());
    }
    // Everything that narrows the count, in a form that tells any two different filters apart.
    let filter = serde_json::json!([
        wanted_status.map(Status::as_str),
        query.task_id,
        query.candidate_id,
        q,
        include_archived
    ])
    .to_string();
    let total = state
        .list_totals
        .get_or_count(org, filter, || select.clone().count(&state.db))
        .await?;
    let page = select
        .order_by_desc(assessment::Column::CreatedAt)
        .order_by_desc(assessment::Column::Id)
        .limit(limit)
        .offset(offset);
    Ok(Json(Page {
        items: list_items(&state, page).await?,
        total,
        limit,
        offset,
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateAssessment {
    #[serde(deserialize_with = "lenient::number")]
    #[garde(skip)]
    pub task_id: i32,
    /// An existing candidate; or give `candidate_email` and `candidate_name`.
    #[serde(default, deserialize_with = "lenient::optional_number")]
    #[garde(skip)]
    pub candidate_id: Option<i32>,
    #[garde(inner(email, length(max = 320)))]
    pub candidate_email: Option<String>,
    #[garde(inner(length(chars, max = 200)))]
    pub candidate_name: Option<String>,
    #[garde(inner(length(chars, max = 200)))]
    pub position: Option<String>,
    /// Defaults to the task's duration.
    #[serde(default, deserialize_with = "lenient::optional_number")]
    #[garde(inner(range(min = 5, max = 180)))]
    pub duration_minutes: Option<i32>,
}

/// Create an assessment and queue the invitation email. The candidate is created or updated inline when
/// given by email.
#[utoipa::path(post, path = "/assessments", tag = "assessments", request_body = CreateAssessment,
    responses((status = 201, body = AssessmentListItem), (status = 402), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn create_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<CreateAssessment>,
) -> ApiResult<(StatusCode, Json<AssessmentListItem>)> {
    let org_id = current.organization_id();
    let task = tasks::find_visible(&state.db, org_id, body.task_id).await?;
    if !task.is_active {
        return Err(ApiError::field("task_id", "this task is archived"));
    }
    let txn = state.db.begin().await?;
    let candidate = resolve_candidate(&txn, org_id, &body).await?;
    // Claiming a unit of the plan with a conditional update keeps concurrent creates within the limit.
    let claimed = organization::Entity::update_many()
        .col_expr(
            organization::Column::AssessmentsUsed,
            Expr::col(organization::Column::AssessmentsUsed).add(1),
        )
        .filter(organization::Column::Id.eq(org_id))
        .filter(
            Condition::any()
                .add(organization::Column::AssessmentsLimit.is_null())
                .add(
                    Expr::col(organization::Column::AssessmentsUsed)
                        .lt(Expr::col(organization::Column::AssessmentsLimit)),
                ),
        )
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(ApiError::PaymentRequired(
            "Your plan's assessment limit is reached. Add credits or upgrade in Settings → Billing.".into(),
        ));
    }
    let now = Utc::now();
    let created = assessment::ActiveModel {
        organization_id: Set(org_id),
        candidate_id: Set(candidate.id),
        task_id: Set(task.id),
        created_by: Set(Some(current.user.id)),
        token: Set(uuid::Uuid::new_v4().to_string()),
        status: Set(Status::Pending.as_str().into()),
        duration_minutes: Set(body.duration_minutes.unwrap_or(task.duration_minutes)),
        expires_at: Set(now + Duration::days(LINK_VALID_DAYS)),
        posted_to_workable: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    invitations::queue(
        &txn,
        &state.settings,
        &created,
        &candidate,
        &task,
        "initial",
    )
    .await?;
    txn.commit().await?;
    state.list_totals.changed(org_id);
    tracing::info!(
        assessment_id = created.id,
        organization_id = org_id,
        "assessment created"
    );
    let item = list_item(&state, org_id, created.id).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// The candidate named by id, or found (and refreshed) or created by email.
async fn resolve_candidate(
    db: &impl ConnectionTrait,
    organization_id: i32,
    body: &CreateAssessment,
) -> ApiResult<candidate::Model> {
    if let Some(id) = body.candidate_id {
        return candidates::find_own(db, organization_id, id).await;
    }
    let email = body
        .candidate_email
        .as_deref()
        .map(normalize_email)
        .ok_or_else(|| {
            ApiError::field("candidate_email", "give candidate_id or candidate_email")
        })?;
    let name = candidates::clean(body.candidate_name.clone());
    let position = candidates::clean(body.position.clone());
    match candidates::find_by_email(db, organization_id, &email).await? {
        Some(existing) => {
            if name.is_none() && position.is_none() {
                return Ok(existing);
            }
            let mut row = existing.into_active_model();
            if let Some(name) = name {
                row.full_name = Set(name);
            }
            if position.is_some() {
                row.position = Set(position);
            }
            row.updated_at = Set(Utc::now());
            Ok(row.update(db).await?)
        }
        None => {
            let name = name.ok_or_else(|| {
                ApiError::field("candidate_name", "is required for a new candidate")
            })?;
            candidates::insert(db, organization_id, email, name, position).await
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentDetail {
    #[serde(flatten)]
    pub summary: AssessmentListItem,
    pub candidate: CandidateOut,
    pub task: TaskOut,
    pub deadline_at: Option<DateTime<Utc>>,
    pub code_quality_score: Option<f64>,
    pub time_efficiency_score: Option<f64>,
    pub ai_usage_score: Option<f64>,
    pub test_results: Option<Value>,
    pub ai_prompts: Value,
    pub timeline: Value,
    pub final_code: Option<String>,
    pub score_report: Option<Value>,
    pub posted_to_workable: bool,
    pub posted_to_workable_at: Option<DateTime<Utc>>,
    /// The reference client's Results tab.
    pub results: Vec<ResultLine>,
    /// The reference client's AI Usage tab.
    pub prompts_list: Vec<PromptLine>,
    /// The reference client's score card.
    pub breakdown: Breakdown,
}

/// One assessment with its candidate, task and every piece of evidence.
#[utoipa::path(get, path = "/assessments/{id}", tag = "assessments",
    responses((status = 200, body = AssessmentDetail), (status = 404)), security(("bearer" = [])))]
async fn get_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<AssessmentDetail>> {
    Ok(Json(detail(&state, current.organization_id(), id).await?))
}

/// The organization's assessment with everything the detail page and the PDF report show.
pub async fn detail(
    state: &AppState,
    organization_id: i32,
    id: i32,
) -> ApiResult<AssessmentDetail> {
    let found = find_own(&state.db, organization_id, id).await?;
    let candidate = candidate::Entity::find_by_id(found.candidate_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("Candidate"))?;
    let task = task::Entity::find_by_id(found.task_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("Task"))?;
    let summary = list_item(state, organization_id, id).await?;
    let exchanges = crate::session::exchanges(&found);
    Ok(AssessmentDetail {
        results: reference_view::results(&found),
        prompts_list: reference_view::prompts_list(&exchanges),
        breakdown: reference_view::breakdown(&found, &task),
        summary,
        candidate: CandidateOut::new(candidate, 0),
        task: task.into(),
        deadline_at: found.deadline_at,
        code_quality_score: found.code_quality_score,
        time_efficiency_score: found.time_efficiency_score,
        ai_usage_score: found.ai_usage_score,
        test_results: found.test_results,
        ai_prompts: found.ai_prompts.unwrap_or_else(|| Value::Array(Vec::new())),
        timeline: reference_view::timeline(found.timeline.as_ref(), &exchanges),
        final_code: found.final_code,
        score_report: found.score_report,
        posted_to_workable: found.posted_to_workable,
        posted_to_workable_at: found.posted_to_workable_at,
    })
}

/// Send the invitation again (pending assessments only).
#[utoipa::path(post, path = "/assessments/{id}/resend", tag = "assessments",
    responses((status = 202, body = AssessmentListItem), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn resend_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<(StatusCode, Json<AssessmentListItem>)> {
    let found = find_own(&state.db, current.organization_id(), id).await?;
    let now = Utc::now();
    match status::effective(&found, now) {
        Status::Pending => {}
        Status::Expired => {
            return Err(ApiError::Conflict(
                "The link has expired; extend the assessment first".into(),
            ));
        }
        other => {
            return Err(ApiError::Conflict(format!(
                "Only a pending assessment's invitation can be re-sent (this one is {})",
                other.as_str()
            )));
        }
    }
    let candidate =
        candidates::find_own(&state.db, current.organization_id(), found.candidate_id).await?;
    let task = task::Entity::find_by_id(found.task_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("Task"))?;
    let attempt = format!("resend-{}", now.timestamp_millis());
    invitations::queue(
        &state.db,
        &state.settings,
        &found,
        &candidate,
        &task,
        &attempt,
    )
    .await?;
    let item = list_item(&state, current.organization_id(), found.id).await?;
    Ok((StatusCode::ACCEPTED, Json(item)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ExtendAssessment {
    /// Days added to the link's validity (from now if it already expired), 1 to 30.
    #[serde(deserialize_with = "lenient::number")]
    #[garde(range(min = 1, max = 30))]
    pub days: i64,
}

/// Give a pending (or expired) assessment more time before its link expires.
#[utoipa::path(post, path = "/assessments/{id}/extend", tag = "assessments", request_body = ExtendAssessment,
    responses((status = 200, body = AssessmentListItem), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn extend_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<ExtendAssessment>,
) -> ApiResult<Json<AssessmentListItem>> {
    let found = find_own(&state.db, current.organization_id(), id).await?;
    let now = Utc::now();
    if !matches!(
        status::effective(&found, now),
        Status::Pending | Status::Expired
    ) {
        return Err(ApiError::Conflict(
            "Only a pending or expired assessment can be extended".into(),
        ));
    }
    let mut row = found.clone().into_active_model();
    row.expires_at = Set(std::cmp::max(found.expires_at, now) + Duration::days(body.days));
    row.updated_at = Set(now);
    row.update(&state.db).await?;
    state.list_totals.changed(current.organization_id());
    Ok(Json(
        list_item(&state, current.organization_id(), id).await?,
    ))
}

/// Revoke a pending assessment (its link stops working) or archive any other (kept, hidden from lists).
#[utoipa::path(delete, path = "/assessments/{id}", tag = "assessments",
    responses((status = 204), (status = 404)), security(("bearer" = [])))]
async fn delete_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    let found = find_own(&state.db, current.organization_id(), id).await?;
    let now = Utc::now();
    let mut row = found.clone().into_active_model();
    if status::effective(&found, now) == Status::Pending {
        row.status = Set(Status::Revoked.as_str().into());
    } else {
        row.archived_at = Set(Some(now));
    }
    row.updated_at = Set(now);
    row.update(&state.db).await?;
    state.list_totals.changed(current.organization_id());
    Ok(StatusCode::NO_CONTENT)
}
