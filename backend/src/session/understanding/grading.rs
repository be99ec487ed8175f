//! Grading the check's answers and turning the check into the report's S11 signal. With AI the judge grades the
//! answers against the submitted code as a durable job (bounded like the other judges: strict JSON, one corrective
//! turn, retries by the queue, then `failed` and the recruiter grades); without AI the recruiter grades each
//! answer in the report. A blank answer is graded 0 by rule, by no one's judgement.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tali_ai::judge::JudgeOutcome;
use tali_ai::understanding::grade_answers;
use tali_scoring as scoring;
use utoipa::ToSchema;

use super::{TIME_LIMIT, questions};
use crate::db::entities::{assessment, understanding_check};
use crate::domain::{Error, Result};
use crate::session::judges::{JudgingError, JudgingQueue};
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Grade {
    /// 0-10; `None` until graded.
    pub score: Option<f64>,
    pub reason: Option<String>,
    /// ai, recruiter or rule (a blank answer).
    pub by: Option<String>,
}

/// The grades a fresh set of answers starts with: blank answers 0 by rule, the others ungraded. When every
/// answer is blank there is nothing left to grade.
pub fn blank_grades(answers: &[String], grading: &'static str) -> (Vec<Grade>, &'static str) {
    let grades: Vec<Grade> = answers
        .iter()
        .map(|a| {
            if a.is_empty() {
                Grade {
                    score: Some(0.0),
                    reason: Some("Left blank.".into()),
                    by: Some("rule".into()),
                }
            } else {
                Grade {
                    score: None,
                    reason: None,
                    by: None,
                }
            }
        })
        .collect();
    let done = grades.iter().all(|g| g.score.is_some());
    (grades, if done { "done" } else { grading })
}

pub fn stored_grades(check: &understanding_check::Model) -> Vec<Grade> {
    check
        .grades
        .clone()
        .and_then(|g| serde_json::from_value(g).ok())
        .unwrap_or_default()
}

pub fn stored_answers(check: &understanding_check::Model) -> Vec<String> {
    check
        .answers
        .clone()
        .and_then(|a| serde_json::from_value(a).ok())
        .unwrap_or_default()
}

/// Queues the AI grading; a failure to queue is logged and leaves the check `pending` for the next answer's
/// or the recruiter's attention (the recruiter can grade a check whose job failed).
pub async fn schedule(state: &AppState, assessment_id: i32) {
    let key = format!("understanding/{assessment_id}");
    if let Err(err) = state
        .jobs
        .queue_understanding_grading(assessment_id, &key)
        .await
    {
        tracing::error!(assessment_id, error = %err, "could not queue the understanding grading");
    }
}

/// The grading job: grades the answers still ungraded, unless that already happened.
pub async fn run_job(
    state: &AppState,
    assessment_id: i32,
) -> std::result::Result<(), JudgingError> {
    let Some(assistant) = state.assistant.clone() else {
        return Err(JudgingError::Permanent(
            "no AI provider is configured in this worker (ANTHROPIC_API_KEY or OPENAI_BASE_URL)"
                .into(),
        ));
    };
    let Some(check) = find(state, assessment_id).await? else {
        return Ok(());
    };
    if check.grading != "pending" {
        return Ok(());
    }
    let code = assessment::Entity::find_by_id(assessment_id)
        .one(&state.db)
        .await?
        .and_then(|a| a.final_code)
        .unwrap_or_default();
    let asked = questions::stored(&check.questions);
    let answers = stored_answers(&check);
    let mut grades = stored_grades(&check);
    // The model sees every question in order (the answers read in context); a blank answer keeps its 0 by rule.
    let pairs: Vec<(String, String)> = asked
        .iter()
        .enumerate()
        .map(|(i, q)| {
            (
                q.question.clone(),
                answers.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect();
    match grade_answers(assistant.as_ref(), &code, &pairs).await {
        JudgeOutcome::Judged(judged) => {
            for (i, g) in judged.grades.into_iter().enumerate() {
                if grades.get(i).is_none_or(|slot| slot.score.is_some()) {
                    continue;
                }
                grades[i] = Grade {
                    score: Some(g.score),
                    reason: Some(g.reason),
                    by: Some("ai".into()),
                };
            }
        }
        // Worth another attempt: the queue retries, and after the last one `give_up` hands it to the recruiter.
        JudgeOutcome::NotJudged(reason) => return Err(JudgingError::Transient(reason)),
    }
    understanding_check::Entity::update_many()
        .col_expr(
            understanding_check::Column::Grades,
            sea_orm::sea_query::Expr::value(json!(grades)),
        )
        .col_expr(
            understanding_check::Column::Grading,
            sea_orm::sea_query::Expr::value("done"),
        )
        .filter(understanding_check::Column::Id.eq(check.id))
        .filter(understanding_check::Column::Grading.eq("pending"))
        .exec(&state.db)
        .await?;
    refresh_signal(state, assessment_id)
        .await
        .map_err(|e| JudgingError::Transient(e.to_string()))?;
    tracing::info!(assessment_id, "understanding answers graded");
    Ok(())
}

/// The job gave up: the check says so, and the recruiter grades the answers.
pub async fn give_up(
    state: &AppState,
    assessment_id: i32,
    error: &str,
) -> std::result::Result<(), sea_orm::DbErr> {
    understanding_check::Entity::update_many()
        .col_expr(
            understanding_check::Column::Grading,
            sea_orm::sea_query::Expr::value("failed"),
        )
        .col_expr(
            understanding_check::Column::GradingError,
            sea_orm::sea_query::Expr::value(error.to_string()),
        )
        .filter(understanding_check::Column::AssessmentId.eq(assessment_id))
        .filter(understanding_check::Column::Grading.eq("pending"))
        .exec(&state.db)
        .await?;
    if let Err(err) = refresh_signal(state, assessment_id).await {
        tracing::error!(assessment_id, error = %err, "could not update the understanding signal");
    }
    Ok(())
}

/// A recruiter's grade of answer `question` (1-based): allowed once answered, except while the AI is grading.
pub async fn grade_by_recruiter(
    state: &AppState,
    assessment_id: i32,
    question: usize,
    score: f64,
    reason: Option<String>,
) -> Result<understanding_check::Model> {
    let check = find(state, assessment_id).await?.ok_or_else(|| {
        Error::NotFound("The candidate has not taken the understanding check".into())
    })?;
    if check.status != "answered" {
        return Err(Error::Conflict(format!(
            "There are no answers to grade: the check is {}",
            check.status
        )));
    }
    if check.grading == "pending" {
        return Err(Error::Conflict(
            "The AI is grading these answers; try again in a minute".into(),
        ));
    }
    let mut grades = stored_grades(&check);
    let Some(slot) = question.checked_sub(1).and_then(|i| grades.get_mut(i)) else {
        return Err(Error::Refused(format!(
            "question must be between 1 and {}",
            grades.len()
        )));
    };
    *slot = Grade {
        score: Some(score),
        reason: reason.filter(|r| !r.trim().is_empty()),
        by: Some("recruiter".into()),
    };
    let grading = if grades.iter().all(|g| g.score.is_some()) {
        "done"
    } else {
        check.grading.as_str()
    };
    let mut row: understanding_check::ActiveModel = check.clone().into();
    row.grades = Set(Some(json!(grades)));
    row.grading = Set(grading.to_string());
    understanding_check::Entity::update(row)
        .exec(&state.db)
        .await?;
    refresh_signal(state, assessment_id).await?;
    find(state, assessment_id)
        .await?
        .ok_or_else(|| Error::not_found("Understanding check"))
}

/// What the check contributes to the report: `None` when the assessment has no check.
pub fn signal(
    enabled: bool,
    check: Option<&understanding_check::Model>,
) -> Option<scoring::Understanding> {
    use scoring::Understanding::{Graded, NotEnoughEvidence};
    let check = match (enabled, check) {
        (false, None) => return None,
        (true, None) => {
            return Some(NotEnoughEvidence(
                "the candidate has not taken the understanding check".into(),
            ));
        }
        (_, Some(check)) => check,
    };
    let minutes = TIME_LIMIT.num_minutes();
    Some(match check.status.as_str() {
        "open" => NotEnoughEvidence("the candidate is answering the understanding check".into()),
        "skipped" => NotEnoughEvidence("the candidate skipped the understanding check".into()),
        "expired" => NotEnoughEvidence(format!(
            "the candidate did not answer the understanding check within {minutes} minutes"
        )),
        _ => {
            let grades = stored_grades(check);
            match grades.iter().map(|g| g.score).collect::<Option<Vec<f64>>>() {
                Some(scores) if !scores.is_empty() => Graded(scores),
                _ if check.grading == "pending" => {
                    NotEnoughEvidence("the answers are being graded".into())
                }
                _ => NotEnoughEvidence("the answers await the recruiter's grades".into()),
            }
        }
    })
}

/// Puts the check's current S11 into a report (the judges call it too, before they store theirs).
pub async fn apply(
    state: &AppState,
    found: &assessment::Model,
    report: &mut scoring::ScoreReport,
) -> Result<()> {
    let check = find(state, found.id).await?;
    if let Some(understanding) = signal(found.understanding_check, check.as_ref()) {
        scoring::with_understanding(
            report,
            &understanding,
            &scoring::EngineConfig::default().weights,
        );
    }
    Ok(())
}

/// Rewrites the stored report's S11 and the overall from the check as it is now. The judges rewrite the same
/// report: the write is conditional on the row being the one read (`updated_at`), and retried after a fresh read
/// when it lost, so neither update is lost.
pub async fn refresh_signal(state: &AppState, assessment_id: i32) -> Result<()> {
    for _ in 0..super::super::judges::REPORT_WRITE_ATTEMPTS {
        let Some(found) = assessment::Entity::find_by_id(assessment_id)
            .one(&state.db)
            .await?
        else {
            return Ok(());
        };
        let Some(stored) = found.score_report.clone() else {
            return Ok(());
        };
        let Ok(mut report) = serde_json::from_value::<scoring::ScoreReport>(stored.clone()) else {
            return Ok(());
        };
        apply(state, &found, &mut report).await?;
        let mut report_json = serde_json::to_value(&report).map_err(anyhow::Error::from)?;
        // Keep what the app adds beside the engine's fields (the judges' status and notes).
        if let (Some(out), Some(old)) = (report_json.as_object_mut(), stored.as_object()) {
            for (key, value) in old {
                out.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        let applied = assessment::Entity::update_many()
            .col_expr(
                assessment::Column::Score,
                sea_orm::sea_query::Expr::value(report.overall()),
            )
            .col_expr(
                assessment::Column::ScoreReport,
                sea_orm::sea_query::Expr::value(report_json),
            )
            .col_expr(
                assessment::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now()),
            )
            .filter(assessment::Column::Id.eq(assessment_id))
            .filter(assessment::Column::UpdatedAt.eq(found.updated_at))
            .exec(&state.db)
            .await?
            .rows_affected;
        if applied == 1 {
            state.caches.list_totals.changed(found.organization_id);
            return Ok(());
        }
    }
    Err(anyhow::anyhow!(
        "the report of assessment {assessment_id} kept changing while S11 was written"
    )
    .into())
}

async fn find(
    state: &AppState,
    assessment_id: i32,
) -> std::result::Result<Option<understanding_check::Model>, sea_orm::DbErr> {
    understanding_check::Entity::find()
        .filter(understanding_check::Column::AssessmentId.eq(assessment_id))
        .one(&state.db)
        .await
}
