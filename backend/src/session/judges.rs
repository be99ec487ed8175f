//! The AI judges, run after submit: code quality (S2) and prompt quality (S5). A verdict moves its signal by
//! at most 2 points (the engine enforces it); a judge that fails leaves the deterministic score standing, and
//! the report says which signals were not judged. Nothing here invents a number. They run as a background job,
//! so a restart between submit and judging still judges; the job queue is reached through `JudgingQueue`, which
//! the queue implements, so the session never depends on it.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tali_ai::Assistant;
use tali_ai::judge::{JudgeOutcome, analyze_code_quality, analyze_prompt_quality};
use tali_scoring as scoring;

use crate::db::entities::{assessment, assessment_event, chat_exchange};
use crate::state::AppState;

/// At most this many prompts are judged one by one; the rest keep no per-prompt score.
const MAX_JUDGED_PROMPTS: usize = 20;

pub fn pending_marker(report: &mut Value, configured: bool) {
    report["judges"] = json!({"status": if configured { "pending" } else { "not_configured" }});
}

/// Where the judging job is queued; the job queue implements it.
#[async_trait::async_trait]
pub trait JudgingQueue: Send + Sync {
    /// Queues the judges of `assessment_id` once per `key`: pushing the same key again is a no-op.
    async fn queue_judging(&self, assessment_id: i32, key: &str) -> Result<(), String>;
    /// Queues the grading of `assessment_id`'s understanding-check answers once per `key`.
    async fn queue_understanding_grading(
        &self,
        assessment_id: i32,
        key: &str,
    ) -> Result<(), String>;
}

/// Why judging stopped: `Transient` is worth another attempt, `Permanent` is not.
#[derive(Debug, thiserror::Error)]
pub enum JudgingError {
    #[error("{0}")]
    Transient(String),
    #[error("{0}")]
    Permanent(String),
}

impl From<sea_orm::DbErr> for JudgingError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Transient(err.to_string())
    }
}

/// The event kind holding what the judges need, stored at submit so the job can run in any process, later.
const JUDGE_INPUT: &str = "judge_input";

#[derive(Serialize, Deserialize)]
struct JudgeInput {
    record: scoring::SessionRecord,
    report: scoring::ScoreReport,
    task_context: String,
}

/// Stores the judges' input with the assessment and enqueues the judging job. Called once the submit is
/// committed; a failure here leaves the deterministic score standing and is logged, never failing the submit.
pub async fn schedule(
    state: &AppState,
    completed: &assessment::Model,
    record: scoring::SessionRecord,
    report: scoring::ScoreReport,
    task_context: String,
) {
    let input = JudgeInput {
        record,
        report,
        task_context,
    };
    let queued = async {
        let data = serde_json::to_value(&input).map_err(|e| e.to_string())?;
        super::events::record(
            &state.db,
            completed,
            JUDGE_INPUT,
            JUDGE_INPUT,
            data,
            Utc::now(),
        )
        .await
        .map_err(|e| e.to_string())?;
        enqueue(state, completed.id, completed.updated_at)
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    if let Err(err) = queued {
        tracing::error!(assessment_id = completed.id, error = %err, "could not schedule the judges");
    }
}

/// One job per completed assessment: the key names the completion, so pushing again is a no-op.
async fn enqueue(
    state: &AppState,
    assessment_id: i32,
    completed_at: DateTime<Utc>,
) -> Result<(), JudgingError> {
    let key = format!("judges/{assessment_id}/{}", completed_at.timestamp_micros());
    state
        .jobs
        .queue_judging(assessment_id, &key)
        .await
        .map_err(JudgingError::Transient)
}

/// The safety net for a submit whose job could not be pushed (the queue was down): enqueues the judges of
/// assessments submitted within the last day, more than a minute ago, that are still pending.
pub async fn enqueue_overlooked(state: &AppState) -> Result<(), JudgingError> {
    let now = Utc::now();
    let submitted: Vec<i32> = assessment_event::Entity::find()
        .select_only()
        .column(assessment_event::Column::AssessmentId)
        .filter(assessment_event::Column::Kind.eq(JUDGE_INPUT))
        .filter(
            assessment_event::Column::At
                .between(now - Duration::days(1), now - Duration::minutes(1)),
        )
        .into_tuple()
        .all(&state.db)
        .await?;
    if submitted.is_empty() {
        return Ok(());
    }
    // Only the columns the check needs: the rows also hold the sessions' code and evidence.
    let completed: Vec<(i32, DateTime<Utc>, Option<Value>)> = assessment::Entity::find()
        .select_only()
        .columns([
            assessment::Column::Id,
            assessment::Column::UpdatedAt,
            assessment::Column::ScoreReport,
        ])
        .filter(assessment::Column::Id.is_in(submitted))
        .into_tuple()
        .all(&state.db)
        .await?;
    for (id, completed_at, report) in completed {
        if is_pending(report.as_ref()) {
            enqueue(state, id, completed_at).await?;
        }
    }
    Ok(())
}

/// The judging job: judges a completed assessment and stores the re-scored report, unless that already happened.
pub async fn run_job(state: &AppState, assessment_id: i32) -> Result<(), JudgingError> {
    let Some(assistant) = state.assistant.clone() else {
        return Err(JudgingError::Permanent(
            "no AI provider is configured in this worker (ANTHROPIC_API_KEY or OPENAI_BASE_URL)"
                .into(),
        ));
    };
    let Some(current) = assessment::Entity::find_by_id(assessment_id)
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    if !is_pending(current.score_report.as_ref()) {
        return Ok(());
    }
    let Some(input) = assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(assessment_id))
        .filter(assessment_event::Column::Kind.eq(JUDGE_INPUT))
        .one(&state.db)
        .await?
        .and_then(|event| event.data)
    else {
        return Err(JudgingError::Permanent(
            "the judges' input was not stored".into(),
        ));
    };
    let input: JudgeInput = serde_json::from_value(input)
        .map_err(|e| JudgingError::Permanent(format!("unreadable judges' input: {e}")))?;
    judge(
        state,
        assistant,
        assessment_id,
        input.record,
        input.report,
        input.task_context,
    )
    .await
    .map_err(|e| JudgingError::Transient(e.to_string()))
}

fn is_pending(score_report: Option<&Value>) -> bool {
    score_report
        .and_then(|report| report.pointer("/judges/status"))
        .and_then(Value::as_str)
        == Some("pending")
}

/// Records on the report that judging gave up, so it no longer reads as pending.
pub async fn give_up(
    db: &DatabaseConnection,
    assessment_id: i32,
    error: &str,
) -> Result<(), sea_orm::DbErr> {
    let Some(current) = assessment::Entity::find_by_id(assessment_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if !is_pending(current.score_report.as_ref()) {
        return Ok(());
    }
    let mut report = current.score_report.clone().unwrap_or_default();
    report["judges"] = json!({"status": "failed", "error": error});
    let mut row = current.into_active_model();
    row.score_report = Set(Some(report));
    row.update(db).await?;
    Ok(())
}

async fn judge(
    state: &AppState,
    assistant: Arc<dyn Assistant>,
    assessment_id: i32,
    record: scoring::SessionRecord,
    report: scoring::ScoreReport,
    task_context: String,
) -> anyhow::Result<()> {
    let requests = scoring::judge_requests(&record, &report);
    let cited = |signal: scoring::SignalId| -> Option<Vec<scoring::EvidenceRef>> {
        requests
            .iter()
            .find(|r| r.signal == signal)
            .map(|r| r.items.iter().map(|i| i.evidence.clone()).collect())
    };
    let mut verdicts = Vec::new();
    let mut notes = serde_json::Map::new();

    if let Some(evidence) = cited(scoring::SignalId::CodeQuality) {
        match analyze_code_quality(assistant.as_ref(), &record.final_code, &task_context).await {
            JudgeOutcome::Judged(quality) => {
                notes.insert(
                    "code_quality".into(),
                    json!({
                        "overall": quality.overall, "readability": quality.readability,
                        "efficiency": quality.efficiency, "correctness": quality.correctness,
                        "reasons": quality.reasons,
                    }),
                );
                verdicts.push(scoring::JudgeVerdict {
                    signal: scoring::SignalId::CodeQuality,
                    score: quality.overall,
                    evidence,
                    rationale: quality.reasons.join(" "),
                });
            }
            JudgeOutcome::NotJudged(reason) => {
                notes.insert("code_quality".into(), json!({"not_judged": reason}));
            }
        }
    }

    let mut prompt_scores: Vec<Option<f64>> = Vec::new();
    for exchange in record.exchanges.iter().take(MAX_JUDGED_PROMPTS) {
        let outcome =
            analyze_prompt_quality(assistant.as_ref(), &exchange.prompt, &task_context).await;
        prompt_scores.push(match outcome {
            JudgeOutcome::Judged(q) => Some(q.score),
            JudgeOutcome::NotJudged(_) => None,
        });
    }
    let judged: Vec<f64> = prompt_scores.iter().flatten().copied().collect();
    if let Some(evidence) = cited(scoring::SignalId::PromptQuality)
        && !judged.is_empty()
    {
        verdicts.push(scoring::JudgeVerdict {
            signal: scoring::SignalId::PromptQuality,
            score: judged.iter().sum::<f64>() / judged.len() as f64,
            evidence,
            rationale: format!("Mean of {} judged prompts", judged.len()),
        });
    }

    let rescored = scoring::score(
        &record,
        Some(&scoring::JudgeVerdicts { verdicts }),
        &scoring::EngineConfig::default(),
    )
    .map_err(|e| anyhow::anyhow!("re-scoring failed: {e}"))?;
    let exchange_ids: Vec<i32> = chat_exchange::Entity::find()
        .select_only()
        .column(chat_exchange::Column::Id)
        .filter(chat_exchange::Column::AssessmentId.eq(assessment_id))
        .order_by_asc(chat_exchange::Column::CreatedAt)
        .order_by_asc(chat_exchange::Column::Id)
        .into_tuple()
        .all(&state.db)
        .await?;
    for (id, score) in exchange_ids.into_iter().zip(&prompt_scores) {
        chat_exchange::Entity::update_many()
            .col_expr(chat_exchange::Column::QualityScore, Expr::value(*score))
            .filter(chat_exchange::Column::Id.eq(id))
            .exec(&state.db)
            .await?;
    }
    notes.insert("status".into(), json!("done"));
    // The understanding check's grading rewrites the same report: each write is conditional on the row being the
    // one read (its `updated_at`), and the loser re-reads and merges again, so neither update is lost.
    let mut applied = 0;
    for _ in 0..REPORT_WRITE_ATTEMPTS {
        let Some(current) = assessment::Entity::find_by_id(assessment_id)
            .one(&state.db)
            .await?
        else {
            return Ok(());
        };
        let mut merged = rescored.clone();
        // The engine knows nothing of the understanding check; its S11 is carried over as the check stands now.
        super::understanding::grading::apply(state, &current, &mut merged).await?;
        let mut report_json = serde_json::to_value(&merged)?;
        report_json["judges"] = Value::Object(notes.clone());
        // Conditional too: a candidate erased while the judges ran must not get their evidence written back.
        applied = assessment::Entity::update_many()
            .col_expr(assessment::Column::Score, Expr::value(merged.overall()))
            .col_expr(
                assessment::Column::CodeQualityScore,
                Expr::value(merged.signal_score(scoring::SignalId::CodeQuality)),
            )
            .col_expr(
                assessment::Column::AiUsageScore,
                Expr::value(merged.ai_collaboration()),
            )
            .col_expr(assessment::Column::ScoreReport, Expr::value(report_json))
            .col_expr(assessment::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(assessment::Column::Id.eq(current.id))
            .filter(assessment::Column::UpdatedAt.eq(current.updated_at))
            .filter(assessment::Column::ErasedAt.is_null())
            .exec(&state.db)
            .await?
            .rows_affected;
        if applied == 1 || current.erased_at.is_some() {
            break;
        }
    }
    if applied == 1 {
        tracing::info!(assessment_id, "judges applied");
    }
    Ok(())
}

/// A report write that lost to a concurrent one is retried this many times in all (each after a fresh read).
pub(super) const REPORT_WRITE_ATTEMPTS: usize = 5;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{is_pending, pending_marker};

    #[test]
    fn only_a_pending_report_is_judged() {
        let mut report = json!({"signals": []});
        assert!(!is_pending(Some(&report)));
        pending_marker(&mut report, true);
        assert!(is_pending(Some(&report)));
        pending_marker(&mut report, false);
        assert!(!is_pending(Some(&report)));
        assert!(!is_pending(Some(&json!({"judges": {"status": "done"}}))));
        assert!(!is_pending(None));
    }
}
