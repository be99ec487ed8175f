//! Assessments from the recruiter's side: the list and the detail, re-sending the invitation, extending the link,
//! revoking or archiving. Every query is scoped by the caller's organization; status changes go through
//! `crate::lifecycle`.

use chrono::{DateTime, Duration, Utc};
use garde::Validate;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    FromQueryResult, JoinType, QueryFilter, QuerySelect, Select,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::candidates::{self, CandidateOut};
use super::invitations;
use super::reference_view::{self, Breakdown, PromptLine, ResultLine};
use super::similarity_review::{self, Owner};
use super::tasks::TaskOut;
use crate::billing::ledger;
use crate::db;
use crate::db::entities::{assessment, candidate, task};
use crate::domain::input::number;
use crate::domain::page::Key;
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status, Transition};
use crate::session::chat;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentListItem {
    pub id: i32,
    pub token: String,
    pub status: String,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub candidate_email: String,
    /// The position the candidate was invited for.
    pub candidate_position: Option<String>,
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
    /// Whether the results are in Workable, and why the last post failed (the candidate page's "Post to Workable").
    pub posted_to_workable: bool,
    pub workable_post_error: Option<String>,
    /// Similarity's "needs review", as on the detail page: a submission or a leaked reference solution matches.
    pub needs_review: bool,
    /// Why, when it does (the best match's reason).
    pub review_reason: Option<String>,
}

impl AssessmentListItem {
    /// Its place in a newest-first list.
    pub fn key(&self) -> Key {
        Key {
            created_at: self.created_at,
            id: self.id,
        }
    }
}

/// The columns a list shows, with the candidate's and the task's names joined in. The evidence columns (test
/// results, score report, timeline, snapshots, final code) stay out: a completed assessment carries kilobytes of
/// them that no list displays.
#[derive(Debug, FromQueryResult)]
struct ListRow {
    id: i32,
    organization_id: i32,
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
    posted_to_workable: bool,
    workable_post_error: Option<String>,
    candidate_name: String,
    candidate_position: Option<String>,
    candidate_email: String,
    task_name: String,
    may_need_review: bool,
}

impl ListRow {
    fn into_item(
        self,
        state: &AppState,
        now: DateTime<Utc>,
        review_reason: Option<String>,
    ) -> AssessmentListItem {
        AssessmentListItem {
            needs_review: review_reason.is_some(),
            review_reason,
            status: lifecycle::derive(&self.status, self.expires_at, now)
                .visible()
                .as_str()
                .to_string(),
            candidate_link: state.settings.candidate_link(&self.token),
            id: self.id,
            token: self.token,
            candidate_id: self.candidate_id,
            candidate_name: self.candidate_name,
            candidate_email: self.candidate_email,
            candidate_position: self.candidate_position,
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
            posted_to_workable: self.posted_to_workable,
            workable_post_error: self.workable_post_error,
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
) -> Result<Vec<AssessmentListItem>> {
    use assessment::Column as A;
    let rows = select
        .select_only()
        .columns([
            A::Id,
            A::OrganizationId,
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
            A::PostedToWorkable,
            A::WorkablePostError,
            A::CandidateName,
            A::CandidatePosition,
        ])
        .column_as(candidate::Column::Email, "candidate_email")
        .column_as(task::Column::Name, "task_name")
        .expr_as(similarity_review::may_need_review(), "may_need_review")
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
    let owners: Vec<Owner> = rows
        .iter()
        .filter(|r| r.may_need_review)
        .map(|r| Owner {
            id: r.id,
            organization_id: r.organization_id,
            task_id: r.task_id,
        })
        .collect();
    let mut reasons = similarity_review::reasons_of(&state.db, &owners).await?;
    let now = Utc::now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let reason = reasons.remove(&r.id);
            r.into_item(state, now, reason)
        })
        .collect())
}

/// One of the organization's assessments as a list item.
pub async fn list_item(
    state: &AppState,
    organization_id: i32,
    id: i32,
) -> Result<AssessmentListItem> {
    let select = of_organization(organization_id).filter(assessment::Column::Id.eq(id));
    list_items(state, select)
        .await?
        .pop()
        .ok_or_else(|| Error::not_found("Assessment"))
}

pub async fn find_own(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> Result<assessment::Model> {
    of_organization(organization_id)
        .filter(assessment::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Assessment"))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentDetail {
    #[serde(flatten)]
    pub summary: AssessmentListItem,
    pub candidate: CandidateOut,
    pub task: TaskOut,
    pub deadline_at: Option<DateTime<Utc>>,
    /// The AI policy the candidate had: off, hints or full.
    pub ai_mode: String,
    /// Whether the candidate is asked the understanding check after submit (`GET .../understanding` has it).
    pub understanding_check: bool,
    pub code_quality_score: Option<f64>,
    pub time_efficiency_score: Option<f64>,
    pub ai_usage_score: Option<f64>,
    pub test_results: Option<Value>,
    /// The chat, one exchange per prompt.
    pub ai_prompts: Value,
    pub timeline: Value,
    pub final_code: Option<String>,
    pub score_report: Option<Value>,
    pub posted_to_workable: bool,
    pub posted_to_workable_at: Option<DateTime<Utc>>,
    /// Why posting to Workable failed, until a post lands.
    pub workable_post_error: Option<String>,
    /// Whether the candidate came from Workable (a stage trigger).
    pub workable_candidate_id: Option<String>,
    /// The reference client's Results tab.
    pub results: Vec<ResultLine>,
    /// The reference client's AI Usage tab.
    pub prompts_list: Vec<PromptLine>,
    /// The reference client's score card.
    pub breakdown: Breakdown,
}

/// The organization's assessment with everything the detail page and the PDF report show.
pub async fn detail(state: &AppState, organization_id: i32, id: i32) -> Result<AssessmentDetail> {
    let found = find_own(&state.db, organization_id, id).await?;
    let candidate = candidate::Entity::find_by_id(found.candidate_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::not_found("Candidate"))?;
    let task = task::Entity::find_by_id(found.task_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::not_found("Task"))?;
    let summary = list_item(state, organization_id, id).await?;
    let exchanges = chat::exchanges(&state.db, found.id).await?;
    Ok(AssessmentDetail {
        results: reference_view::results(&found),
        prompts_list: reference_view::prompts_list(&exchanges),
        breakdown: reference_view::breakdown(&found, &task),
        timeline: reference_view::timeline(found.timeline.as_ref(), &exchanges),
        ai_prompts: serde_json::to_value(&exchanges).map_err(anyhow::Error::from)?,
        summary,
        candidate: CandidateOut::new(candidate, 0),
        task: task.into(),
        deadline_at: found.deadline_at,
        ai_mode: found.ai_mode,
        understanding_check: found.understanding_check,
        code_quality_score: found.code_quality_score,
        time_efficiency_score: found.time_efficiency_score,
        ai_usage_score: found.ai_usage_score,
        test_results: found.test_results,
        final_code: found.final_code,
        score_report: found.score_report,
        posted_to_workable: found.posted_to_workable,
        posted_to_workable_at: found.posted_to_workable_at,
        workable_post_error: found.workable_post_error,
        workable_candidate_id: found.workable_candidate_id,
    })
}

/// Sends the invitation again (pending assessments only).
pub async fn resend(state: &AppState, organization_id: i32, id: i32) -> Result<AssessmentListItem> {
    let found = find_own(&state.db, organization_id, id).await?;
    let now = Utc::now();
    match lifecycle::effective(&found, now) {
        Status::Pending => {}
        Status::Expired => {
            return Err(Error::Conflict(
                "The link has expired; extend the assessment first".into(),
            ));
        }
        other => {
            return Err(Error::Conflict(format!(
                "Only a pending assessment's invitation can be re-sent (this one is {})",
                other.visible().as_str()
            )));
        }
    }
    queue_again(&state.db, state, &found, now).await?;
    list_item(state, organization_id, found.id).await
}

/// Writes the invitation of `found` (as it now reads: its expiry is the one the email states) to the outbox again.
async fn queue_again(
    db: &impl ConnectionTrait,
    state: &AppState,
    found: &assessment::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    let candidate = candidates::find_own(db, found.organization_id, found.candidate_id).await?;
    let task = task::Entity::find_by_id(found.task_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Task"))?;
    let attempt = format!("resend-{}", now.timestamp_millis());
    invitations::queue(db, &state.settings, found, &candidate, &task, &attempt).await?;
    Ok(())
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct Extension {
    /// Days added to the link's validity (from now if it already expired), 1 to 30.
    #[serde(deserialize_with = "number")]
    #[garde(range(min = 1, max = 30))]
    pub days: i64,
}

/// Gives a pending (or expired) assessment more time before its link expires; an expired one whose credit was
/// given back takes a credit again.
pub async fn extend(
    state: &AppState,
    organization_id: i32,
    id: i32,
    extension: Extension,
) -> Result<AssessmentListItem> {
    let found = find_own(&state.db, organization_id, id).await?;
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    extend_in(&txn, &found, extension, now).await?;
    txn.commit().await?;
    state.caches.list_totals.changed(organization_id);
    list_item(state, organization_id, id).await
}

/// The extension's writes inside the caller's transaction; answers the row as extended.
async fn extend_in(
    txn: &DatabaseTransaction,
    found: &assessment::Model,
    extension: Extension,
    now: DateTime<Utc>,
) -> Result<assessment::Model> {
    let expires_at = std::cmp::max(found.expires_at, now) + Duration::days(extension.days);
    let changes = assessment::ActiveModel {
        expires_at: Set(expires_at),
        // The new deadline gets its own reminder.
        reminded_at: Set(None),
        ..Default::default()
    };
    lifecycle::apply(
        txn,
        found.id,
        Some(found.organization_id),
        Transition::Extend,
        changes,
        now,
    )
    .await?;
    ledger::reserve_again_if_released(txn, found).await?;
    Ok(assessment::Model {
        expires_at,
        reminded_at: None,
        ..found.clone()
    })
}

/// Invites an expired candidate again: the link gets `extension.days` more from now and the invitation goes out
/// again with the new expiry.
pub async fn reinvite(
    state: &AppState,
    organization_id: i32,
    id: i32,
    extension: Extension,
) -> Result<AssessmentListItem> {
    let found = find_own(&state.db, organization_id, id).await?;
    let status = lifecycle::effective(&found, Utc::now());
    if status != Status::Expired {
        return Err(Error::Conflict(format!(
            "Only an expired invitation can be re-invited (this one is {}); a pending one can be re-sent",
            status.visible().as_str()
        )));
    }
    // One transaction: a failure writing the email leaves the link expired and uncharged, never extended
    // without its invitation.
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    let extended = extend_in(&txn, &found, extension, now).await?;
    queue_again(&txn, state, &extended, now).await?;
    txn.commit().await?;
    state.caches.list_totals.changed(organization_id);
    list_item(state, organization_id, id).await
}

/// Revokes a pending assessment (its link stops working, its credit goes back) or archives a finished one (kept,
/// hidden from lists).
pub async fn remove(state: &AppState, organization_id: i32, id: i32) -> Result<()> {
    let found = find_own(&state.db, organization_id, id).await?;
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    if lifecycle::effective(&found, now) == Status::Pending {
        lifecycle::apply(
            &txn,
            id,
            Some(organization_id),
            Transition::Revoke,
            Default::default(),
            now,
        )
        .await?;
        ledger::release_reservation(&txn, &found).await?;
    } else {
        lifecycle::apply(
            &txn,
            id,
            Some(organization_id),
            Transition::Archive,
            Default::default(),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    state.caches.list_totals.changed(organization_id);
    Ok(())
}
