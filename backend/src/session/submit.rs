//! Submitting: by the candidate, or by the auto-submitter once the deadline and its grace period have passed.
//! Either path first claims the session (`in_progress` → `submitting`), storing the code it grades, so a session
//! is graded exactly once; a grading that fails on our side releases the claim so the candidate can submit again,
//! and a claim lost with its process is taken over by `recovery`.

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::{MAX_CODE_BYTES, SUBMIT_GRACE, access, events, grading};
use crate::db::entities::{assessment, organization, task};
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status, Transition};
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct SubmitBody {
    #[garde(length(max = MAX_CODE_BYTES))]
    pub final_code: String,
}

/// What the candidate and the recruiter see once the assessment is submitted.
#[derive(Debug, Serialize, ToSchema)]
pub struct Results {
    pub assessment_id: i32,
    pub status: String,
    pub score: Option<f64>,
    pub tests_passed: Option<i32>,
    pub tests_total: Option<i32>,
    pub test_results: Option<Value>,
    pub score_report: Option<Value>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Whether three questions about the submission follow (`POST /assessments/{id}/understanding/start`).
    pub understanding_check: bool,
}

impl Results {
    /// What the candidate gets back: the score and its breakdown, the hidden tests' counts and why their own
    /// code could not run, but no hidden test names, messages or evidence links, which would let the hidden
    /// tests travel to the next candidate.
    ///
    /// Unless the organization shows candidates their score, no score and no report: only that the work was
    /// submitted, with the hidden tests' counts the reference client reads.
    pub fn for_candidate(completed: &assessment::Model, show_score: bool) -> Self {
        let mut results = Self {
            assessment_id: completed.id,
            status: completed.status.clone(),
            score: completed.score,
            tests_passed: completed.tests_passed,
            tests_total: completed.tests_total,
            test_results: completed.test_results.clone(),
            score_report: completed.score_report.clone(),
            completed_at: completed.completed_at,
            understanding_check: completed.understanding_check,
        };
        results.test_results = results.test_results.take().map(|r| {
            json!({
                "tests_passed": r.get("tests_passed"),
                "tests_total": r.get("tests_total"),
                "error_summary": r.get("error_summary"),
            })
        });
        if let Some(report) = results.score_report.as_mut() {
            if let Some(signals) = report.get_mut("signals").and_then(Value::as_array_mut) {
                for signal in signals {
                    signal["evidence"] = json!([]);
                    signal["features"] = json!({});
                    if let Some(text) = signal.get("explanation").and_then(Value::as_str) {
                        signal["explanation"] = json!(without_evidence_links(text));
                    }
                }
            }
            for key in ["flags", "judges"] {
                if let Some(object) = report.as_object_mut() {
                    object.remove(key);
                }
            }
        }
        if !show_score {
            results.score = None;
            results.score_report = None;
        }
        results
    }
}

/// Drops `[test test_x]`-style evidence links from an explanation.
pub fn without_evidence_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a candidate's submit ended.
pub enum Submitted {
    /// Graded now, or earlier (a second submit returns the same results).
    Graded(Results),
    /// Past the grace period: the last saved work was graded instead of what arrived.
    TooLate(Results),
}

pub async fn submit(
    state: &AppState,
    found: assessment::Model,
    final_code: String,
) -> Result<Submitted> {
    let now = Utc::now();
    let show_score = organization::Entity::find_by_id(found.organization_id)
        .one(&state.db)
        .await?
        .is_some_and(|o| o.show_candidates_their_score);
    match lifecycle::effective(&found, now) {
        Status::Completed => {
            return Ok(Submitted::Graded(Results::for_candidate(
                &found, show_score,
            )));
        }
        Status::InProgress => {}
        Status::Submitting => {
            return Err(Error::Conflict(
                Transition::ClaimSubmit.refusal(Status::Submitting),
            ));
        }
        _ => {
            return Err(Error::Conflict(
                "This assessment has not been started".into(),
            ));
        }
    }
    let task = access::task_of(&state.db, &found).await?;
    if found.deadline_at.is_some_and(|d| now > d + SUBMIT_GRACE) {
        let completed = submit_saved_work(state, found, &task).await?;
        return Ok(Submitted::TooLate(Results::for_candidate(
            &completed, show_score,
        )));
    }
    claim(state, found.id, &final_code).await?;
    let completed = graded_or_released(state, found, &task, final_code, false).await?;
    Ok(Submitted::Graded(Results::for_candidate(
        &completed, show_score,
    )))
}

/// Submits every session whose deadline passed more than the grace period ago, with its latest saved code.
pub async fn auto_submit_expired(state: &AppState) -> Result<usize> {
    let cutoff = Utc::now() - SUBMIT_GRACE;
    let overdue = assessment::Entity::find()
        .filter(assessment::Column::Status.eq(Status::InProgress.as_str()))
        .filter(assessment::Column::DeadlineAt.lt(cutoff))
        .all(&state.db)
        .await?;
    let mut done = 0;
    for found in overdue {
        let Ok(task) = access::task_of(&state.db, &found).await else {
            continue;
        };
        let id = found.id;
        match submit_saved_work(state, found, &task).await {
            Ok(completed) if completed.status == Status::Completed.as_str() => done += 1,
            Ok(_) => {}
            Err(err) => tracing::error!(assessment_id = id, error = %err, "auto-submit failed"),
        }
    }
    Ok(done)
}

/// Grades the latest saved work, unless another submit holds or finished the session: then its row as it is.
async fn submit_saved_work(
    state: &AppState,
    found: assessment::Model,
    task: &task::Model,
) -> Result<assessment::Model> {
    let code = events::latest_code(&state.db, &found, task).await?;
    match claim(state, found.id, &code).await {
        Ok(()) => {}
        Err(Error::Conflict(_)) => {
            return assessment::Entity::find_by_id(found.id)
                .one(&state.db)
                .await?
                .ok_or_else(|| Error::not_found("Assessment"));
        }
        Err(other) => return Err(other),
    }
    graded_or_released(state, found, task, code, true).await
}

/// Claims the session for grading `code`, which is stored with the claim: if this process dies before the grade
/// is written, `recovery` grades the same code.
async fn claim(state: &AppState, id: i32, code: &str) -> Result<()> {
    lifecycle::apply(
        &state.db,
        id,
        None,
        Transition::ClaimSubmit,
        assessment::ActiveModel {
            final_code: Set(Some(code.to_owned())),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
}

pub(super) async fn graded_or_released(
    state: &AppState,
    found: assessment::Model,
    task: &task::Model,
    final_code: String,
    auto: bool,
) -> Result<assessment::Model> {
    let id = found.id;
    match grading::grade(state, found, task, final_code, auto).await {
        Ok(completed) => Ok(completed),
        Err(err) => {
            lifecycle::apply(
                &state.db,
                id,
                None,
                Transition::ReleaseClaim,
                // The session goes on: the code the claim held is not final after all.
                assessment::ActiveModel {
                    final_code: Set(None),
                    ..Default::default()
                },
                Utc::now(),
            )
            .await?;
            Err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_evidence_links;

    #[test]
    fn evidence_links_are_removed_for_candidates() {
        assert_eq!(
            without_evidence_links("Passed 3/5 hidden tests [test test_secret_case] [run 2]."),
            "Passed 3/5 hidden tests ."
        );
    }
}
