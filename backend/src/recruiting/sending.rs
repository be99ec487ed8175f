//! Sending an assessment: the candidate named or found (and refreshed) or created by email, the plan's admission
//! (a credit reserved, or the monthly allowance checked), the assessment created pending with a fresh token and a link valid for a week, and the
//! invitation queued, all in one transaction.

use chrono::{Duration, Utc};
use garde::Validate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, IntoActiveModel};
use serde::Deserialize;
use utoipa::ToSchema;

use super::assessments::{self, AssessmentListItem};
use super::{candidates, invitations, tasks};
use crate::accounts::organizations;
use crate::billing::{admission, ledger, payments};
use crate::db;
use crate::db::entities::{assessment, candidate};
use crate::domain::input::{normalize_email, number, optional_number};
use crate::domain::{Error, Result, vocabulary};
use crate::lifecycle::Status;
use crate::state::AppState;

/// How long a candidate link stays valid unless the invitation says otherwise.
pub const LINK_VALID_DAYS: i64 = 7;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewAssessment {
    #[serde(deserialize_with = "number")]
    #[garde(skip)]
    pub task_id: i32,
    /// An existing candidate; or give `candidate_email` and `candidate_name`.
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(skip)]
    pub candidate_id: Option<i32>,
    #[serde(default)]
    #[garde(inner(email, length(max = 320)))]
    pub candidate_email: Option<String>,
    #[serde(default)]
    #[garde(inner(length(chars, max = 200)))]
    pub candidate_name: Option<String>,
    #[serde(default)]
    #[garde(inner(length(chars, max = 200)))]
    pub position: Option<String>,
    /// Defaults to the task's duration.
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(inner(range(min = 5, max = 180)))]
    pub duration_minutes: Option<i32>,
    /// The AI policy: off (no assistant), hints (no complete solutions; long code in replies is cut) or full.
    /// Defaults to the task's.
    #[serde(default)]
    #[garde(inner(custom(vocabulary::ai_mode_rule)))]
    pub ai_mode: Option<String>,
    /// How many days the link stays valid, 1 to 30 (default 7).
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(inner(range(min = 1, max = 30)))]
    pub link_valid_days: Option<i64>,
}

/// Where a candidate came from in Workable, kept on the candidate and the assessment so results go back there.
#[derive(Debug, Clone)]
pub struct WorkableOrigin {
    pub candidate_id: String,
    pub job_shortcode: Option<String>,
    /// The candidate as Workable sent it.
    pub data: serde_json::Value,
}

/// Creates the assessment and queues the invitation. With no credit left and auto-charge on, the saved card is
/// charged £25 first.
pub async fn send(
    state: &AppState,
    organization_id: i32,
    sent_by: i32,
    new: NewAssessment,
) -> Result<AssessmentListItem> {
    send_with_origin(state, organization_id, sent_by, new, None).await
}

/// [`send`] for a candidate that came from Workable (a stage trigger): the same admission and invitation.
pub async fn send_with_origin(
    state: &AppState,
    organization_id: i32,
    sent_by: i32,
    new: NewAssessment,
    origin: Option<&WorkableOrigin>,
) -> Result<AssessmentListItem> {
    match send_once(state, organization_id, sent_by, &new, origin).await {
        Err(Error::PaymentRequired(reason)) if reason == ledger::NO_CREDITS => {
            let organization = organizations::load(&state.db, organization_id).await?;
            if !payments::can_charge(state, &organization) {
                return Err(Error::PaymentRequired(reason));
            }
            let attempt = uuid::Uuid::new_v4().simple().to_string();
            payments::charge_one_assessment(state, &organization, &attempt).await?;
            send_once(state, organization_id, sent_by, &new, origin).await
        }
        other => other,
    }
}

async fn send_once(
    state: &AppState,
    organization_id: i32,
    sent_by: i32,
    new: &NewAssessment,
    origin: Option<&WorkableOrigin>,
) -> Result<AssessmentListItem> {
    let task = tasks::find_visible(&state.db, organization_id, new.task_id).await?;
    if !task.is_active {
        return Err(Error::invalid("task_id", "this task is archived"));
    }
    let txn = db::write_transaction(&state.db).await?;
    let mut candidate = resolve_candidate(&txn, organization_id, new).await?;
    let now = Utc::now();
    if let Some(origin) = origin {
        let mut row = candidate.into_active_model();
        row.workable_candidate_id = Set(Some(origin.candidate_id.clone()));
        row.workable_data = Set(Some(origin.data.clone()));
        row.updated_at = Set(now);
        candidate = row.update(&txn).await?;
    }
    let created = assessment::ActiveModel {
        organization_id: Set(organization_id),
        candidate_id: Set(candidate.id),
        task_id: Set(task.id),
        // The candidate as invited: a later edit of the candidate does not rename this assessment's report.
        candidate_name: Set(candidate.full_name.clone()),
        candidate_position: Set(
            candidates::clean(new.position.clone()).or(candidate.position.clone())
        ),
        created_by: Set(Some(sent_by)),
        token: Set(uuid::Uuid::new_v4().to_string()),
        status: Set(Status::Pending.as_str().into()),
        duration_minutes: Set(new.duration_minutes.unwrap_or(task.duration_minutes)),
        ai_mode: Set(new.ai_mode.clone().unwrap_or_else(|| task.ai_mode.clone())),
        understanding_check: Set(task.understanding_check),
        expires_at: Set(now + Duration::days(new.link_valid_days.unwrap_or(LINK_VALID_DAYS))),
        posted_to_workable: Set(false),
        workable_candidate_id: Set(origin.map(|o| o.candidate_id.clone())),
        workable_job_id: Set(origin.and_then(|o| o.job_shortcode.clone())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let organization = organizations::load(&txn, organization_id).await?;
    admission::admit(
        &txn,
        state.settings.integrations.stripe.as_ref(),
        &organization,
        created.id,
        now,
    )
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
    state.caches.list_totals.changed(organization_id);
    tracing::info!(
        assessment_id = created.id,
        organization_id,
        "assessment created"
    );
    assessments::list_item(state, organization_id, created.id).await
}

/// The candidate named by id, or found (and refreshed) or created by email.
async fn resolve_candidate(
    db: &impl ConnectionTrait,
    organization_id: i32,
    new: &NewAssessment,
) -> Result<candidate::Model> {
    if let Some(id) = new.candidate_id {
        let found = candidates::find_own(db, organization_id, id).await?;
        // A position typed for an existing candidate is theirs from now on.
        return match candidates::clean(new.position.clone()) {
            Some(position) if found.position.as_deref() != Some(position.as_str()) => {
                let mut row = found.into_active_model();
                row.position = Set(Some(position));
                row.updated_at = Set(Utc::now());
                Ok(row.update(db).await?)
            }
            _ => Ok(found),
        };
    }
    let email = new
        .candidate_email
        .as_deref()
        .map(normalize_email)
        .ok_or_else(|| Error::invalid("candidate_email", "give candidate_id or candidate_email"))?;
    let name = candidates::clean(new.candidate_name.clone());
    let position = candidates::clean(new.position.clone());
    match candidates::find_by_email(db, organization_id, &email).await? {
        // An existing candidate keeps their saved name (the recruiter renames them on their page, never by
        // typing another name here); a position given is theirs from now on.
        Some(existing) => match position {
            Some(position) if existing.position.as_deref() != Some(position.as_str()) => {
                let mut row = existing.into_active_model();
                row.position = Set(Some(position));
                row.updated_at = Set(Utc::now());
                Ok(row.update(db).await?)
            }
            _ => Ok(existing),
        },
        None => {
            let name = name.ok_or_else(|| {
                Error::invalid("candidate_name", "is required for a new candidate")
            })?;
            candidates::insert(db, organization_id, email, name, position).await
        }
    }
}
