//! Candidates of an organization. Deleting one is soft: it disappears from the API, its assessments stay.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::assessments::{self, AssessmentListItem};
use super::auth::normalize_email;
use super::pagination::{Page, PageParams};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::{assessment, candidate};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery, ValidJson, trimmed};

const DUPLICATE: &str = "A candidate with this email already exists";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_candidates, create_candidate))
        .routes(routes!(get_candidate, update_candidate, delete_candidate))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateOut {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub position: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub assessments_count: u64,
}

impl CandidateOut {
    pub fn new(c: candidate::Model, assessments_count: u64) -> Self {
        Self {
            id: c.id,
            email: c.email,
            full_name: c.full_name,
            position: c.position,
            created_at: c.created_at,
            updated_at: c.updated_at,
            assessments_count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateDetail {
    #[serde(flatten)]
    pub candidate: CandidateOut,
    pub assessments: Vec<AssessmentListItem>,
}

/// A live (not deleted) candidate of the organization, or 404.
pub async fn find_own(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> ApiResult<candidate::Model> {
    candidate::Entity::find_by_id(id)
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Candidate"))
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    organization_id: i32,
    email: &str,
) -> ApiResult<Option<candidate::Model>> {
    Ok(candidate::Entity::find()
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::DeletedAt.is_null())
        .filter(candidate::Column::Email.eq(email))
        .one(db)
        .await?)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CandidateQuery {
    /// Case-insensitive search over email and name.
    pub q: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The organization's candidates, newest first, optionally searched.
#[utoipa::path(get, path = "/candidates", tag = "candidates", params(CandidateQuery),
    responses((status = 200, body = Page<CandidateOut>)), security(("bearer" = [])))]
async fn list_candidates(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<CandidateQuery>,
) -> ApiResult<Json<Page<CandidateOut>>> {
    let (limit, offset) = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .resolve()?;
    let mut select = candidate::Entity::find()
        .filter(candidate::Column::OrganizationId.eq(current.organization_id()))
        .filter(candidate::Column::DeletedAt.is_null());
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        select = select.filter(matches_text(q));
    }
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_desc(candidate::Column::CreatedAt)
        .order_by_desc(candidate::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(&state.db)
        .await?;
    let counts = assessment_counts(&state.db, rows.iter().map(|c| c.id).collect()).await?;
    let items = rows
        .into_iter()
        .map(|c| {
            let n = counts.get(&c.id).copied().unwrap_or(0);
            CandidateOut::new(c, n)
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        limit,
        offset,
    }))
}

/// Case-insensitive substring match on email or name that behaves the same on PostgreSQL and SQLite.
pub fn matches_text(q: &str) -> Condition {
    let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
    Condition::any()
        .add(
            Expr::expr(Func::lower(Expr::col((
                candidate::Entity,
                candidate::Column::Email,
            ))))
            .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
        )
        .add(
            Expr::expr(Func::lower(Expr::col((
                candidate::Entity,
                candidate::Column::FullName,
            ))))
            .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
        )
}

fn escape_like(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

async fn assessment_counts(
    db: &impl ConnectionTrait,
    candidate_ids: Vec<i32>,
) -> ApiResult<HashMap<i32, u64>> {
    if candidate_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, i64)> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::CandidateId)
        .column_as(assessment::Column::Id.count(), "n")
        .filter(assessment::Column::CandidateId.is_in(candidate_ids))
        .group_by(assessment::Column::CandidateId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, n as u64)).collect())
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateCandidate {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
    #[garde(length(chars, min = 1, max = 200))]
    #[serde(deserialize_with = "trimmed")]
    pub full_name: String,
    #[garde(inner(length(chars, max = 200)))]
    pub position: Option<String>,
}

/// Add a candidate.
#[utoipa::path(post, path = "/candidates", tag = "candidates", request_body = CreateCandidate,
    responses((status = 201, body = CandidateOut), (status = 409), (status = 422)), security(("bearer" = [])))]
async fn create_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<CreateCandidate>,
) -> ApiResult<(StatusCode, Json<CandidateOut>)> {
    let email = normalize_email(&body.email);
    if find_by_email(&state.db, current.organization_id(), &email)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(DUPLICATE.into()));
    }
    let created = insert(
        &state.db,
        current.organization_id(),
        email,
        body.full_name,
        clean(body.position),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CandidateOut::new(created, 0))))
}

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i32,
    email: String,
    full_name: String,
    position: Option<String>,
) -> ApiResult<candidate::Model> {
    let now = Utc::now();
    Ok(candidate::ActiveModel {
        organization_id: Set(organization_id),
        email: Set(email),
        full_name: Set(full_name),
        position: Set(position),
        workable_candidate_id: Set(None),
        workable_data: Set(None),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A candidate with their assessments.
#[utoipa::path(get, path = "/candidates/{id}", tag = "candidates",
    responses((status = 200, body = CandidateDetail), (status = 404)), security(("bearer" = [])))]
async fn get_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<CandidateDetail>> {
    let found = find_own(&state.db, current.organization_id(), id).await?;
    let of_candidate = assessments::of_organization(current.organization_id())
        .filter(assessment::Column::CandidateId.eq(found.id))
        .order_by_desc(assessment::Column::CreatedAt)
        .order_by_desc(assessment::Column::Id);
    let assessments = assessments::list_items(&state, of_candidate).await?;
    Ok(Json(CandidateDetail {
        candidate: CandidateOut::new(found, assessments.len() as u64),
        assessments,
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UpdateCandidate {
    #[garde(inner(email, length(max = 320)))]
    pub email: Option<String>,
    #[garde(inner(length(chars, min = 1, max = 200)))]
    pub full_name: Option<String>,
    #[garde(inner(length(chars, max = 200)))]
    pub position: Option<String>,
}

/// Change a candidate's details.
#[utoipa::path(patch, path = "/candidates/{id}", tag = "candidates", request_body = UpdateCandidate,
    responses((status = 200, body = CandidateOut), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn update_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<UpdateCandidate>,
) -> ApiResult<Json<CandidateOut>> {
    let org = current.organization_id();
    let found = find_own(&state.db, org, id).await?;
    let mut row = found.clone().into_active_model();
    if let Some(email) = body.email {
        let email = normalize_email(&email);
        if email != found.email {
            if find_by_email(&state.db, org, &email).await?.is_some() {
                return Err(ApiError::Conflict(DUPLICATE.into()));
            }
            row.email = Set(email);
        }
    }
    if let Some(name) = body.full_name {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(ApiError::field("full_name", "must not be blank"));
        }
        row.full_name = Set(name);
    }
    if body.position.is_some() {
        row.position = Set(clean(body.position));
    }
    row.updated_at = Set(Utc::now());
    let updated = row.update(&state.db).await?;
    state.list_totals.changed(org);
    let count = assessment::Entity::find()
        .filter(assessment::Column::CandidateId.eq(updated.id))
        .count(&state.db)
        .await?;
    Ok(Json(CandidateOut::new(updated, count)))
}

/// Remove a candidate from lists and search; their assessments stay in the organization's history.
#[utoipa::path(delete, path = "/candidates/{id}", tag = "candidates",
    responses((status = 204), (status = 404)), security(("bearer" = [])))]
async fn delete_candidate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    let found = find_own(&state.db, current.organization_id(), id).await?;
    let mut row = found.into_active_model();
    let now = Utc::now();
    row.deleted_at = Set(Some(now));
    row.updated_at = Set(now);
    row.update(&state.db).await?;
    state.list_totals.changed(current.organization_id());
    Ok(StatusCode::NO_CONTENT)
}
