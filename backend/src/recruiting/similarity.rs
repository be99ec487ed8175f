//! Similarity and leak detection, run as a job after a submit: the final code is compared (`tali-similarity`,
//! winnowing over normalised tokens, starter code excluded) with the other submissions of the same task in the
//! same organization, with the task's reference solution (a leaked answer) and with the AI replies the candidate
//! received. Matches are stored both ways for submissions. The starter code never counts, and between two
//! submissions neither does the reference solution (every correct answer resembles it). A submission match at or
//! above `FLAG_SCORE` puts the assessment in "needs review" with the reason; so does a reference match when the
//! reference adds enough code to tell a leak from a correct answer (`LEAK_MIN_SIZE`). It never rejects anything.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde::Serialize;
use serde_json::json;
use tali_similarity::{
    Comparison, FLAG_SCORE, Fingerprint, code_of_reply, compare_fingerprints, fingerprints,
    ignored_hashes,
};
use utoipa::ToSchema;

use super::assessments::find_own;
use super::{fingerprints as stored_fingerprints, similarity_review};
use crate::db::entities::{assessment, candidate, similarity_match, task};
use crate::domain::{Error, Result};
use crate::jobs::Job;
use crate::lifecycle::Status;
use crate::session::chat;
use crate::state::AppState;

/// The most recent submissions of a task compared with a new one: bounds the job's cost in a large
/// organization (their fingerprints are stored, so each comparison is a few hash lookups per fingerprint).
const MAX_COMPARED: u64 = 500;

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchRegion {
    /// 1-based inclusive lines in this assessment's final code.
    pub ours: [u32; 2],
    /// The same in the other code (the other submission, the reference solution or the AI replies' code).
    pub theirs: [u32; 2],
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarityMatch {
    /// submission, reference or ai.
    pub kind: String,
    /// The other assessment (kind submission).
    pub assessment_id: Option<i32>,
    /// Its candidate's name, for the reviewer (kind submission).
    pub candidate_name: Option<String>,
    /// The share (0-1) of this assessment's own code (starter excluded) found in the other.
    pub score: f64,
    pub regions: Vec<MatchRegion>,
    /// The other code, to show the regions side by side: the other final code, the reference solution, or the
    /// code of the AI replies this candidate received. Never another organization's.
    pub their_code: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Similarity {
    /// pending (the check has not run yet: the assessment is not completed, or the job is queued), done, or failed
    /// (the job gave up after its retries; `error` says why).
    pub status: String,
    /// Why the check gave up after its last attempt (status failed).
    pub error: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
    pub needs_review: bool,
    /// Why, when it does.
    pub reason: Option<String>,
    /// The score from which a submission or reference match needs review.
    pub threshold: f64,
    /// Best first.
    pub matches: Vec<SimilarityMatch>,
    pub final_code: Option<String>,
}

/// Queues the comparison of a completed assessment (once per completion).
pub async fn on_completed(state: &AppState, completed: &assessment::Model) -> Result<()> {
    let key = format!(
        "similarity/{}/{}",
        completed.id,
        completed.updated_at.timestamp_micros()
    );
    state
        .jobs
        .push(
            Job::FindSimilar {
                assessment_id: completed.id,
            },
            &key,
        )
        .await
        .map_err(|err| Error::unavailable(format!("Cannot queue the similarity check: {err}")))
}

/// The job gave up after its retries: the check reads `failed` with the reason instead of `pending` forever.
pub async fn give_up(
    db: &sea_orm::DatabaseConnection,
    assessment_id: i32,
    error: &str,
) -> std::result::Result<(), sea_orm::DbErr> {
    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::SimilarityError,
            sea_orm::sea_query::Expr::value(error.to_string()),
        )
        .filter(assessment::Column::Id.eq(assessment_id))
        .filter(assessment::Column::SimilarityCheckedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The job: compares the final code and replaces the assessment's stored matches. Idempotent.
pub async fn run_job(state: &AppState, assessment_id: i32) -> Result<()> {
    let Some(found) = assessment::Entity::find_by_id(assessment_id)
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let Some(final_code) = found.final_code.clone() else {
        return Ok(());
    };
    let task = task::Entity::find_by_id(found.task_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::not_found("Task"))?;
    let ai_code = ai_code(state, found.id).await?;
    let others =
        stored_fingerprints::of_submissions(&state.db, &other_submissions(state, &found).await?)
            .await?;
    // Comparing with hundreds of submissions is CPU work: off the async threads, so requests keep being served.
    let owner = found.id;
    let (ours, found_matches) = tokio::task::spawn_blocking(move || {
        let ours = fingerprints(&final_code);
        let found = matches(owner, &ours, &task, &ai_code, &others);
        (ours, found)
    })
    .await
    .map_err(anyhow::Error::from)?;
    let now = Utc::now();
    let rows: Vec<similarity_match::ActiveModel> = found_matches
        .into_iter()
        .map(|(owner, kind, other, c)| similarity_match::ActiveModel {
            assessment_id: Set(owner),
            kind: Set(kind.into()),
            other_assessment_id: Set(other),
            score: Set(c.score),
            regions: Set(json!(c.regions)),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    let txn = state.db.begin().await?;
    // A rerun replaces this assessment's matches, and the reverse rows it wrote into the others.
    similarity_match::Entity::delete_many()
        .filter(
            Condition::any()
                .add(similarity_match::Column::AssessmentId.eq(found.id))
                .add(
                    Condition::all()
                        .add(similarity_match::Column::OtherAssessmentId.eq(found.id))
                        .add(similarity_match::Column::Kind.eq("submission")),
                ),
        )
        .exec(&txn)
        .await?;
    if !rows.is_empty() {
        similarity_match::Entity::insert_many(rows)
            .exec(&txn)
            .await?;
    }
    stored_fingerprints::store(&txn, &[(found.id, ours)]).await?;
    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::SimilarityCheckedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            assessment::Column::SimilarityError,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .filter(assessment::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The code of every AI reply the candidate received, one block after another.
async fn ai_code(state: &AppState, assessment_id: i32) -> Result<String> {
    Ok(chat::exchanges(&state.db, assessment_id)
        .await?
        .iter()
        .map(|e| code_of_reply(&e.response))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The ids of the organization's other completed submissions of the same task, newest first.
async fn other_submissions(state: &AppState, found: &assessment::Model) -> Result<Vec<i32>> {
    Ok(assessment::Entity::find()
        .select_only()
        .column(assessment::Column::Id)
        .filter(assessment::Column::OrganizationId.eq(found.organization_id))
        .filter(assessment::Column::TaskId.eq(found.task_id))
        .filter(assessment::Column::Id.ne(found.id))
        .filter(assessment::Column::Status.eq(Status::Completed.as_str()))
        .filter(assessment::Column::FinalCode.is_not_null())
        .order_by_desc(assessment::Column::CompletedAt)
        .limit(MAX_COMPARED)
        .into_tuple()
        .all(&state.db)
        .await?)
}

/// A match to store: its assessment, kind, other assessment and comparison.
type Found = (i32, &'static str, Option<i32>, Comparison);

/// Every match of the final code (assessment `owner`, fingerprints `ours`): with the task's reference, with the
/// AI's code, and both ways with each other submission. Pure CPU work.
fn matches(
    owner: i32,
    ours: &[Fingerprint],
    task: &task::Model,
    ai_code: &str,
    others: &[(i32, Vec<Fingerprint>)],
) -> Vec<Found> {
    let starter = ignored_hashes(&[&task.starter_code]);
    // Between two submissions, what the reference solution contains is what every correct answer contains.
    let between_submissions = ignored_hashes(
        &[
            Some(task.starter_code.as_str()),
            task.reference_solution.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>(),
    );
    let mut found: Vec<Found> = Vec::new();
    if let Some(reference) = &task.reference_solution {
        let theirs = fingerprints(reference);
        found.push((
            owner,
            "reference",
            None,
            compare_fingerprints(ours, &theirs, &starter),
        ));
    }
    if !ai_code.is_empty() {
        let theirs = fingerprints(ai_code);
        found.push((
            owner,
            "ai",
            None,
            compare_fingerprints(ours, &theirs, &starter),
        ));
    }
    for (other, theirs) in others {
        found.push((
            owner,
            "submission",
            Some(*other),
            compare_fingerprints(ours, theirs, &between_submissions),
        ));
        found.push((
            *other,
            "submission",
            Some(owner),
            compare_fingerprints(theirs, ours, &between_submissions),
        ));
    }
    found.retain(|(_, _, _, c)| c.score > 0.0);
    found
}

/// The organization's assessment's matches, best first; 404 for another organization's.
pub async fn similarity(state: &AppState, organization_id: i32, id: i32) -> Result<Similarity> {
    let found = find_own(&state.db, organization_id, id).await?;
    let stored = similarity_match::Entity::find()
        .filter(similarity_match::Column::AssessmentId.eq(found.id))
        .order_by_desc(similarity_match::Column::Score)
        .order_by_asc(similarity_match::Column::Id)
        .all(&state.db)
        .await?;
    let task = task::Entity::find_by_id(found.task_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::not_found("Task"))?;
    let mut matches = Vec::with_capacity(stored.len());
    for m in stored {
        matches.push(resolve(state, &found, &task, m).await?);
    }
    // Another organization's code can never be reached: the other assessment is read within this one's.
    matches.retain(|m| m.kind != "submission" || m.assessment_id.is_some());
    let telling = similarity_review::reference_is_telling(&task);
    let flagged = matches
        .iter()
        .find(|m| similarity_review::flags(&m.kind, m.score, telling));
    Ok(Similarity {
        status: if found.similarity_checked_at.is_some() {
            "done"
        } else if found.similarity_error.is_some() {
            "failed"
        } else {
            "pending"
        }
        .into(),
        error: found.similarity_error.clone(),
        checked_at: found.similarity_checked_at,
        needs_review: flagged.is_some(),
        reason: flagged.map(reason),
        threshold: FLAG_SCORE,
        matches,
        final_code: found.final_code,
    })
}

fn reason(m: &SimilarityMatch) -> String {
    similarity_review::reason(
        &m.kind,
        m.score,
        m.candidate_name.as_deref(),
        m.assessment_id,
    )
}

async fn resolve(
    state: &AppState,
    found: &assessment::Model,
    task: &task::Model,
    m: similarity_match::Model,
) -> Result<SimilarityMatch> {
    let regions = serde_json::from_value::<Vec<RegionRow>>(m.regions)
        .unwrap_or_default()
        .into_iter()
        .map(|r| MatchRegion {
            ours: r.ours,
            theirs: r.theirs,
        })
        .collect();
    let (assessment_id, candidate_name, their_code) = match (m.kind.as_str(), m.other_assessment_id)
    {
        ("reference", _) => (
            None,
            None,
            task.reference_solution.clone().unwrap_or_default(),
        ),
        ("ai", _) => (None, None, ai_code(state, found.id).await?),
        (_, Some(other_id)) => match find_own(&state.db, found.organization_id, other_id).await {
            Ok(other) => {
                let name = candidate::Entity::find_by_id(other.candidate_id)
                    .one(&state.db)
                    .await?
                    .map(|c| c.full_name);
                (Some(other.id), name, other.final_code.unwrap_or_default())
            }
            Err(Error::NotFound(_)) => (None, None, String::new()),
            Err(other) => return Err(other),
        },
        _ => (None, None, String::new()),
    };
    Ok(SimilarityMatch {
        kind: m.kind,
        assessment_id,
        candidate_name,
        score: m.score,
        regions,
        their_code,
    })
}

#[derive(serde::Deserialize)]
struct RegionRow {
    ours: [u32; 2],
    theirs: [u32; 2],
}
