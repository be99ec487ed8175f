//! Candidates of an organization. Deleting one is soft: it disappears from lists and search, its assessments
//! stay in the organization's history. An email is unique within an organization.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assessments::{self, AssessmentListItem};
use crate::db::entities::{assessment, candidate};
use crate::domain::input::{normalize_email, trimmed};
use crate::domain::page::{self, Key, Page, PageRequest};
use crate::domain::{Error, Result};
use crate::state::AppState;

const DUPLICATE: &str = "A candidate with this email already exists";

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

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewCandidate {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
    #[garde(length(chars, min = 1, max = 200))]
    #[serde(deserialize_with = "trimmed")]
    pub full_name: String,
    #[garde(inner(length(chars, max = 200)))]
    #[serde(default)]
    pub position: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CandidateChanges {
    #[garde(inner(email, length(max = 320)))]
    #[serde(default)]
    pub email: Option<String>,
    #[garde(inner(length(chars, min = 1, max = 200)))]
    #[serde(default)]
    pub full_name: Option<String>,
    #[garde(inner(length(chars, max = 200)))]
    #[serde(default)]
    pub position: Option<String>,
}

/// A live (not deleted) candidate of the organization.
pub async fn find_own(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> Result<candidate::Model> {
    candidate::Entity::find_by_id(id)
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Candidate"))
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    organization_id: i32,
    email: &str,
) -> Result<Option<candidate::Model>> {
    Ok(candidate::Entity::find()
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::DeletedAt.is_null())
        .filter(candidate::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// The organization's candidates, newest first, optionally searched; with the total before paging.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i32,
    q: Option<&str>,
    page: &PageRequest,
) -> Result<Page<CandidateOut>> {
    let mut select = candidate::Entity::find()
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::DeletedAt.is_null());
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        select = select.filter(matches_text(q));
    }
    let total = select.clone().count(db).await?;
    let rows = page::newest_first(
        select,
        candidate::Column::CreatedAt,
        candidate::Column::Id,
        page,
    )
    .all(db)
    .await?;
    let counts = assessment_counts(db, rows.iter().map(|c| c.id).collect()).await?;
    let items = rows
        .into_iter()
        .map(|c| {
            let n = counts.get(&c.id).copied().unwrap_or(0);
            CandidateOut::new(c, n)
        })
        .collect();
    Ok(Page::from_rows(
        items,
        page.limit,
        total,
        |c: &CandidateOut| Key {
            created_at: c.created_at,
            id: c.id,
        },
    ))
}

/// Case-insensitive substring match on email or name that behaves the same on PostgreSQL and SQLite.
pub fn matches_text(q: &str) -> Condition {
    let pattern = like_pattern(q);
    let lower = |column: candidate::Column| {
        Expr::expr(Func::lower(Expr::col((candidate::Entity, column))))
            .like(LikeExpr::new(pattern.clone()).escape('\\'))
    };
    Condition::any()
        .add(lower(candidate::Column::Email))
        .add(lower(candidate::Column::FullName))
}

/// `%q%`, lower-cased and with LIKE's wildcards escaped (`\\`), for `LOWER(column) LIKE pattern`.
pub fn like_pattern(q: &str) -> String {
    format!("%{}%", escape_like(&q.to_lowercase()))
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
) -> Result<HashMap<i32, u64>> {
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

pub async fn create(
    db: &impl ConnectionTrait,
    organization_id: i32,
    new: NewCandidate,
) -> Result<CandidateOut> {
    let email = normalize_email(&new.email);
    if find_by_email(db, organization_id, &email).await?.is_some() {
        return Err(Error::Conflict(DUPLICATE.into()));
    }
    let created = insert(
        db,
        organization_id,
        email,
        new.full_name,
        clean(new.position),
    )
    .await?;
    Ok(CandidateOut::new(created, 0))
}

/// Inserts a candidate whose email the caller checked is free in the organization.
pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i32,
    email: String,
    full_name: String,
    position: Option<String>,
) -> Result<candidate::Model> {
    let now = Utc::now();
    Ok(candidate::ActiveModel {
        organization_id: Set(organization_id),
        email: Set(email),
        full_name: Set(full_name),
        position: Set(position),
        workable_candidate_id: Set(None),
        workable_data: Set(None),
        deleted_at: Set(None),
        erased_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Trimmed text, `None` when nothing is left.
pub fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A candidate with their assessments, newest first.
pub async fn detail(state: &AppState, organization_id: i32, id: i32) -> Result<CandidateDetail> {
    let found = find_own(&state.db, organization_id, id).await?;
    let of_candidate = assessments::of_organization(organization_id)
        .filter(assessment::Column::CandidateId.eq(found.id))
        .order_by_desc(assessment::Column::CreatedAt)
        .order_by_desc(assessment::Column::Id);
    let assessments = assessments::list_items(state, of_candidate).await?;
    Ok(CandidateDetail {
        candidate: CandidateOut::new(found, assessments.len() as u64),
        assessments,
    })
}

pub async fn update(
    state: &AppState,
    organization_id: i32,
    id: i32,
    changes: CandidateChanges,
) -> Result<CandidateOut> {
    let db = &state.db;
    let found = find_own(db, organization_id, id).await?;
    let mut row = found.clone().into_active_model();
    if let Some(email) = changes.email {
        let email = normalize_email(&email);
        if email != found.email {
            if find_by_email(db, organization_id, &email).await?.is_some() {
                return Err(Error::Conflict(DUPLICATE.into()));
            }
            row.email = Set(email);
        }
    }
    if let Some(name) = changes.full_name {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid("full_name", "must not be blank"));
        }
        row.full_name = Set(name);
    }
    if changes.position.is_some() {
        row.position = Set(clean(changes.position));
    }
    row.updated_at = Set(Utc::now());
    let updated = row.update(db).await?;
    state.caches.list_totals.changed(organization_id);
    let count = assessment::Entity::find()
        .filter(assessment::Column::CandidateId.eq(updated.id))
        .count(db)
        .await?;
    Ok(CandidateOut::new(updated, count))
}

/// Removes a candidate from lists and search; their assessments stay in the organization's history.
pub async fn delete(state: &AppState, organization_id: i32, id: i32) -> Result<()> {
    let found = find_own(&state.db, organization_id, id).await?;
    let mut row = found.into_active_model();
    let now = Utc::now();
    row.deleted_at = Set(Some(now));
    row.updated_at = Set(now);
    row.update(&state.db).await?;
    state.caches.list_totals.changed(organization_id);
    Ok(())
}
