//! Erasing a candidate: their code, snapshots, chat, events, emails and identity go; the assessments' scores and
//! dates stay, anonymised, so the analytics still count them. The erasure is logged in `erasures` with a hash of
//! the candidate's id and the number of rows per table, never a name, an email or any content.
//!
//! Tables holding candidate data, and what happens to each (docs/security.md lists the same):
//! `candidates` (anonymised, kept for the assessments' reference, hidden), `assessments` (code, snapshots,
//! timeline, test output, report, name, position, token and Workable ids cleared; scores kept),
//! `assessment_events`, `chat_exchanges`, `similarity_matches` (both directions), `submission_fingerprints` (taken
//! from their code), `email_outbox` (to the candidate, and the results emails about them) and `workable_triggers`
//! (deleted).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QuerySelect,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::db;
use crate::db::entities::{
    assessment, assessment_event, candidate, chat_exchange, email_outbox, erasure,
    similarity_match, submission_fingerprint, understanding_check, workable_trigger,
};
use crate::domain::input::trimmed;
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status};
use crate::state::AppState;

/// What an erased candidate and their assessments are called from then on.
pub const ERASED_NAME: &str = "Erased candidate";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// An owner or admin asked (the candidate's request).
    Request,
    /// The organization's retention period ran out.
    Retention,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Retention => "retention",
        }
    }
}

/// The typed confirmation: the candidate's email, so an erasure is never one stray click.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct EraseRequest {
    #[garde(length(chars, min = 1, max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub confirm: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureOut {
    pub erased_at: DateTime<Utc>,
    /// Rows removed or anonymised, per table.
    pub removed: BTreeMap<String, u64>,
}

/// The log's name for a candidate: enough to tell two erasures of the same candidate apart from two candidates,
/// nothing to find them by.
pub fn candidate_hash(organization_id: i32, candidate_id: i32) -> String {
    hex::encode(Sha256::digest(
        format!("{organization_id}:{candidate_id}").as_bytes(),
    ))
}

/// Erases candidate `id` of the organization at the request of `user_id`, who typed `confirm` (the candidate's
/// email). 404 for an unknown, another organization's or an already erased candidate.
pub async fn erase_on_request(
    state: &AppState,
    organization_id: i32,
    id: i32,
    user_id: i32,
    request: EraseRequest,
) -> Result<ErasureOut> {
    let found = find_erasable(&state.db, organization_id, id).await?;
    if !request.confirm.eq_ignore_ascii_case(&found.email) {
        return Err(Error::invalid(
            "confirm",
            "type the candidate's email address to confirm the erasure",
        ));
    }
    erase(state, organization_id, id, Reason::Request, Some(user_id)).await
}

/// A candidate of the organization whose data is still there (a candidate removed from the lists still counts).
pub(super) async fn find_erasable(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> Result<candidate::Model> {
    candidate::Entity::find_by_id(id)
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::ErasedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Candidate"))
}

/// The one erase: used by the request above and by the retention job. Refuses (409) while an assessment of the
/// candidate can still be started or is running, so a session never loses its data under the candidate's hands.
pub async fn erase(
    state: &AppState,
    organization_id: i32,
    id: i32,
    reason: Reason,
    erased_by: Option<i32>,
) -> Result<ErasureOut> {
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    // Locked, so an invitation racing the erasure either lands before (and is erased or refused) or after (and
    // creates a new candidate, as this one is hidden by then).
    let found = candidate::Entity::find_by_id(id)
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::ErasedAt.is_null())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("Candidate"))?;
    let ids: Vec<i32> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::Id)
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .filter(assessment::Column::CandidateId.eq(id))
        .into_tuple()
        .all(&txn)
        .await?;
    let unfinished = assessment::Entity::find()
        .filter(assessment::Column::Id.is_in(ids.clone()))
        .filter(
            Condition::any()
                .add(lifecycle::condition(Status::Pending, now))
                .add(lifecycle::condition(Status::InProgress, now))
                .add(lifecycle::condition(Status::Submitting, now)),
        )
        .one(&txn)
        .await?;
    if unfinished.is_some() {
        return Err(Error::Conflict(
            "This candidate has an assessment that is pending or in progress. Revoke it, or wait until it \
             ends, then erase."
                .into(),
        ));
    }

    let mut removed = BTreeMap::new();
    let mut count = |table: &str, n: u64| {
        removed.insert(table.to_string(), n);
    };
    count(
        "assessment_events",
        assessment_event::Entity::delete_many()
            .filter(assessment_event::Column::AssessmentId.is_in(ids.clone()))
            .exec(&txn)
            .await?
            .rows_affected,
    );
    count(
        "chat_exchanges",
        chat_exchange::Entity::delete_many()
            .filter(chat_exchange::Column::AssessmentId.is_in(ids.clone()))
            .exec(&txn)
            .await?
            .rows_affected,
    );
    count(
        "understanding_checks",
        understanding_check::Entity::delete_many()
            .filter(understanding_check::Column::AssessmentId.is_in(ids.clone()))
            .exec(&txn)
            .await?
            .rows_affected,
    );
    count(
        "similarity_matches",
        similarity_match::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(similarity_match::Column::AssessmentId.is_in(ids.clone()))
                    .add(similarity_match::Column::OtherAssessmentId.is_in(ids.clone())),
            )
            .exec(&txn)
            .await?
            .rows_affected,
    );
    count(
        "submission_fingerprints",
        submission_fingerprint::Entity::delete_many()
            .filter(submission_fingerprint::Column::AssessmentId.is_in(ids.clone()))
            .exec(&txn)
            .await?
            .rows_affected,
    );
    count(
        "email_outbox",
        email_outbox::Entity::delete_many()
            .filter(email_outbox::Column::OrganizationId.eq(organization_id))
            .filter(emails_about(&found.email, &ids))
            .exec(&txn)
            .await?
            .rows_affected,
    );
    let mut triggers =
        Condition::any().add(workable_trigger::Column::AssessmentId.is_in(ids.clone()));
    if let Some(workable_id) = &found.workable_candidate_id {
        triggers =
            triggers.add(workable_trigger::Column::WorkableCandidateId.eq(workable_id.clone()));
    }
    count(
        "workable_triggers",
        workable_trigger::Entity::delete_many()
            .filter(workable_trigger::Column::OrganizationId.eq(organization_id))
            .filter(triggers)
            .exec(&txn)
            .await?
            .rows_affected,
    );
    count("assessments", anonymise_assessments(&txn, &ids, now).await?);
    anonymise_candidate(&txn, found, now).await?;
    count("candidates", 1);

    erasure::ActiveModel {
        organization_id: Set(organization_id),
        candidate_hash: Set(candidate_hash(organization_id, id)),
        reason: Set(reason.as_str().into()),
        erased_by: Set(erased_by),
        removed: Set(serde_json::to_value(&removed).map_err(anyhow::Error::from)?),
        erased_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    state.caches.list_totals.changed(organization_id);
    tracing::info!(
        organization_id,
        reason = reason.as_str(),
        assessments = ids.len(),
        "erased a candidate's personal data"
    );
    Ok(ErasureOut {
        erased_at: now,
        removed,
    })
}

/// The outbox rows that are about the candidate: every email to them, and every email whose idempotency key
/// names one of their assessments (the recruiter's results email carries the candidate's name).
fn emails_about(email: &str, assessment_ids: &[i32]) -> Condition {
    let mut about = Condition::any().add(email_outbox::Column::ToEmail.eq(email));
    for id in assessment_ids {
        about = about
            .add(email_outbox::Column::IdempotencyKey.eq(format!("assessment-results/{id}")))
            .add(
                email_outbox::Column::IdempotencyKey
                    .starts_with(format!("assessment-invite/{id}/")),
            )
            .add(
                email_outbox::Column::IdempotencyKey
                    .starts_with(format!("assessment-reminder/{id}/")),
            );
    }
    about
}

async fn anonymise_assessments(
    txn: &impl ConnectionTrait,
    ids: &[i32],
    now: DateTime<Utc>,
) -> Result<u64> {
    let null_json = || Expr::value(Option::<serde_json::Value>::None);
    let null_text = || Expr::value(Option::<String>::None);
    // A fresh random token per row (the column is unique): the candidate's link stops working.
    let mut total = 0;
    for id in ids {
        total += assessment::Entity::update_many()
            .col_expr(assessment::Column::CandidateName, Expr::value(ERASED_NAME))
            .col_expr(assessment::Column::CandidatePosition, null_text())
            .col_expr(
                assessment::Column::Token,
                Expr::value(format!("erased-{}", uuid::Uuid::new_v4().simple())),
            )
            .col_expr(assessment::Column::TestResults, null_json())
            .col_expr(assessment::Column::CodeSnapshots, null_json())
            .col_expr(assessment::Column::Timeline, null_json())
            .col_expr(assessment::Column::ScoreReport, null_json())
            .col_expr(assessment::Column::FinalCode, null_text())
            .col_expr(assessment::Column::E2bSessionId, null_text())
            .col_expr(assessment::Column::WorkableCandidateId, null_text())
            .col_expr(assessment::Column::WorkablePostError, null_text())
            .col_expr(assessment::Column::ErasedAt, Expr::value(now))
            .col_expr(assessment::Column::UpdatedAt, Expr::value(now))
            .filter(assessment::Column::Id.eq(*id))
            .exec(txn)
            .await?
            .rows_affected;
    }
    Ok(total)
}

async fn anonymise_candidate(
    txn: &impl ConnectionTrait,
    found: candidate::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = found.id;
    let already_hidden = found.deleted_at.is_some();
    let mut row: candidate::ActiveModel = found.into();
    // `.invalid` is reserved: no mail can ever go to this address.
    row.email = Set(format!("erased-{id}@erased.invalid"));
    row.full_name = Set(ERASED_NAME.into());
    row.position = Set(None);
    row.workable_candidate_id = Set(None);
    row.workable_data = Set(None);
    if !already_hidden {
        row.deleted_at = Set(Some(now));
    }
    row.erased_at = Set(Some(now));
    row.updated_at = Set(now);
    row.update(txn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_names_no_one_but_tells_candidates_apart() {
        let hash = candidate_hash(3, 41);
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, candidate_hash(3, 41));
        assert_ne!(hash, candidate_hash(3, 42));
        assert_ne!(hash, candidate_hash(4, 41));
    }
}
