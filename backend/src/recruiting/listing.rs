//! The recruiter's assessments list: what narrows it (status, task, candidate, a search, archived rows, similarity's
//! "needs review"), its order
//! (`list_order`), and one page of it by offset or cursor. The CSV export reads the same filter and order.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait,
    Select,
};

use super::assessments::{self, AssessmentListItem};
use super::candidates;
use super::list_order::{Cursor, Sort};
use super::similarity_review;
use crate::db::entities::{assessment, candidate};
use crate::domain::page::Page;
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status};
use crate::state::AppState;

/// What narrows the list.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<String>,
    pub task_id: Option<i32>,
    pub candidate_id: Option<i32>,
    /// Case-insensitive search over the candidate's email and name.
    pub q: Option<String>,
    pub include_archived: bool,
    /// Only the archived ones (the list's "Archived" view).
    pub archived_only: bool,
    /// Only those similarity puts in "needs review" (true), or only the others (false).
    pub needs_review: Option<bool>,
}

/// The organization's assessments narrowed by `filter` (no order yet), and a key telling this filter's count
/// apart from any other's.
pub async fn filtered(
    state: &AppState,
    organization_id: i32,
    filter: &ListFilter,
    now: DateTime<Utc>,
) -> Result<(Select<assessment::Entity>, String)> {
    let wanted_status = match &filter.status {
        Some(raw) if !raw.trim().is_empty() => Some(
            Status::parse(raw.trim())
                .filter(|s| Status::VISIBLE_NAMES.contains(&s.as_str()))
                .ok_or_else(|| {
                    Error::invalid(
                        "status",
                        format!("must be one of: {}", Status::VISIBLE_NAMES.join(", ")),
                    )
                })?,
        ),
        _ => None,
    };
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let mut select = assessments::of_organization(organization_id);
    match wanted_status {
        Some(wanted) => select = select.filter(lifecycle::visible_condition(wanted, now)),
        // A cancelled invitation leaves the default list; asking for `revoked` (or for archived rows too) shows
        // it again.
        None if !filter.include_archived && !filter.archived_only => {
            select = select.filter(assessment::Column::Status.ne(Status::Revoked.as_str()))
        }
        None => {}
    }
    if let Some(task_id) = filter.task_id {
        select = select.filter(assessment::Column::TaskId.eq(task_id));
    }
    if let Some(candidate_id) = filter.candidate_id {
        select = select.filter(assessment::Column::CandidateId.eq(candidate_id));
    }
    if let Some(q) = q {
        let matching = candidate::Entity::find()
            .select_only()
            .column(candidate::Column::Id)
            .filter(candidate::Column::OrganizationId.eq(organization_id))
            .filter(candidates::matches_text(q))
            .into_query();
        // The name the assessment was sent under counts too (the candidate may have been renamed since).
        let sent_as = Expr::expr(Func::lower(Expr::col((
            assessment::Entity,
            assessment::Column::CandidateName,
        ))))
        .like(LikeExpr::new(candidates::like_pattern(q)).escape('\\'));
        select = select.filter(
            Condition::any()
                .add(assessment::Column::CandidateId.in_subquery(matching))
                .add(sent_as),
        );
    }
    if filter.archived_only {
        select = select.filter(assessment::Column::ArchivedAt.is_not_null());
    } else if !filter.include_archived {
        select = select.filter(assessment::Column::ArchivedAt.is_null());
    }
    if let Some(wanted) = filter.needs_review {
        select =
            select.filter(similarity_review::condition(&state.db, organization_id, wanted).await?);
    }
    let key = serde_json::json!([
        wanted_status.map(Status::as_str),
        filter.task_id,
        filter.candidate_id,
        q,
        filter.include_archived,
        filter.archived_only,
        filter.needs_review
    ])
    .to_string();
    Ok((select, key))
}

/// Which page: `limit` rows after `cursor` (a `next_cursor` of this order) or, without one, after `offset` rows.
#[derive(Debug, Clone, Default)]
pub struct PageAsk {
    pub limit: u64,
    pub offset: u64,
    pub cursor: Option<String>,
}

/// Up to `limit` rows of `select` in `sort` order from `start`, and whether more follow.
pub async fn read_rows(
    state: &AppState,
    select: Select<assessment::Entity>,
    sort: &Sort,
    start: Start<'_>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<(Vec<AssessmentListItem>, bool)> {
    let (cursor, offset) = match start {
        Start::Offset(offset) => (None, offset),
        Start::After(cursor) => (Some(cursor), 0),
    };
    let rows = sort
        .apply(select, cursor, now)?
        .offset(offset)
        .limit(limit + 1);
    let mut items = assessments::list_items(state, rows).await?;
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok((items, more))
}

#[derive(Debug, Clone, Copy)]
pub enum Start<'a> {
    Offset(u64),
    After(&'a Cursor),
}

/// One page of the organization's assessments in `sort` order, with the total.
pub async fn list(
    state: &AppState,
    organization_id: i32,
    filter: &ListFilter,
    sort: &Sort,
    ask: &PageAsk,
) -> Result<Page<AssessmentListItem>> {
    let now = Utc::now();
    let cursor = match ask.cursor.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(raw) => Some(sort.decode_cursor(raw)?),
        None => None,
    };
    let (select, key) = filtered(state, organization_id, filter, now).await?;
    // An exact count of a large list costs more than the page; it is reused for a few seconds.
    let total = state
        .caches
        .list_totals
        .get_or_count(organization_id, key, || select.clone().count(&state.db))
        .await?;
    let start = match &cursor {
        Some(cursor) => Start::After(cursor),
        None => Start::Offset(ask.offset),
    };
    let (items, more) = read_rows(state, select, sort, start, ask.limit, now).await?;
    let next_cursor = if more {
        items.last().map(|last| sort.cursor_after(last))
    } else {
        None
    };
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
