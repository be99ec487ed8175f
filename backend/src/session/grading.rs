//! Grading a claimed submission: the hidden tests and the lint in the sandbox, the score from every piece of
//! evidence, the completed row (a conditional `submitting` → `completed`), then the recruiter's email and the AI
//! judges. A run that cannot even import the code is graded as what it is (`hidden`); only a failure on our side
//! (the sandbox is down) leaves correctness not graded.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};
use serde_json::{Value, json};
use tali_sandbox::SandboxError;
use tali_scoring as scoring;

use super::evidence::{self, TaskFacts};
use super::{HIDDEN_TESTS_FILE, chat, elapsed_ms, events, hidden, judges, sandbox};
use crate::accounts::organizations;
use crate::db::entities::{assessment, candidate, task, user};
use crate::domain::{Error, Result, time_zone};
use crate::email;
use crate::lifecycle::{self, Transition};
use crate::recruiting;
use crate::state::AppState;
use crate::workable;

/// Runs the hidden tests on `final_code`, scores the session and completes the assessment. The caller claimed
/// it (status `submitting`), so this runs once.
pub async fn grade(
    state: &AppState,
    claimed: assessment::Model,
    task: &task::Model,
    final_code: String,
    auto: bool,
) -> Result<assessment::Model> {
    let now = Utc::now();
    let submitted_ms = elapsed_ms(&claimed, now);
    events::record_code_state(&state.db, &claimed, &final_code, now).await?;
    let (graded, lint) = hidden_run(state, &claimed, task, &final_code).await;
    let hidden_results = match &graded {
        Some(graded) => graded.hidden.clone(),
        None => scoring::HiddenResults::NotGraded {
            reason: "the hidden test run failed on our side".into(),
        },
    };

    let events = events::load(&state.db, claimed.id).await?;
    let exchanges = chat::exchanges(&state.db, claimed.id).await?;
    let record = evidence::session_record(
        &task_facts(task, &claimed.ai_mode),
        &events,
        &exchanges,
        &final_code,
        submitted_ms,
        hidden_results,
        lint,
    );
    let mut score_report = scoring::score(&record, None, &scoring::EngineConfig::default())
        .map_err(|e| anyhow::anyhow!("scoring failed: {e}"))?;
    // The understanding check comes after the submit: until it is taken, S11 has no evidence.
    if let Some(pending) = super::understanding::grading::signal(claimed.understanding_check, None)
    {
        scoring::with_understanding(
            &mut score_report,
            &pending,
            &scoring::EngineConfig::default().weights,
        );
    }
    let hidden_summary = match &graded {
        Some(g) => format!("{}/{} passed", g.passed, g.total),
        None => "not graded (the test run failed on our side)".to_string(),
    };
    let timeline = evidence::timeline(
        claimed.started_at.unwrap_or(now),
        &events,
        &exchanges,
        submitted_ms,
        auto,
        &hidden_summary,
        &score_report.withdrawn,
    );
    let snapshots: Vec<Value> = events
        .iter()
        .filter(|e| e.kind == "snapshot")
        .map(|e| json!({"t_ms": e.t_ms, "hash": e.data.get("hash"), "code": e.data.get("code")}))
        .collect();
    let mut report_json = serde_json::to_value(&score_report).map_err(anyhow::Error::from)?;
    // The judging job runs only while the report says it is pending.
    judges::pending_marker(&mut report_json, state.assistant.is_some());

    let results = assessment::ActiveModel {
        completed_at: Set(Some(now)),
        final_code: Set(Some(final_code)),
        score: Set(score_report.overall()),
        tests_passed: Set(graded.as_ref().map(|g| g.passed as i32)),
        tests_total: Set(graded.as_ref().map(|g| g.total as i32)),
        test_results: Set(graded.map(|g| g.test_results)),
        code_quality_score: Set(score_report.signal_score(scoring::SignalId::CodeQuality)),
        time_efficiency_score: Set(score_report.signal_score(scoring::SignalId::TimeEfficiency)),
        ai_usage_score: Set(score_report.ai_collaboration()),
        score_report: Set(Some(report_json)),
        timeline: Set(Some(Value::Array(timeline))),
        code_snapshots: Set(Some(Value::Array(snapshots))),
        ..Default::default()
    };
    // The completion and its results email commit together: a process killed between the two would otherwise
    // leave a graded session whose recruiter is never told.
    let txn = state.db.begin().await?;
    lifecycle::apply(&txn, claimed.id, None, Transition::Complete, results, now).await?;
    let completed = assessment::Entity::find_by_id(claimed.id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("Assessment"))?;
    notify_recruiter(&txn, &state.settings.server.frontend_url, &completed, task).await?;
    txn.commit().await?;
    state.caches.list_totals.changed(completed.organization_id);
    if state.assistant.is_some() {
        judges::schedule(
            state,
            &completed,
            record,
            score_report,
            format!("{}\n\n{}", task.name, task.description),
        )
        .await;
    }
    if let Err(err) = recruiting::similarity::on_completed(state, &completed).await {
        tracing::error!(assessment_id = completed.id, error = %err, "could not queue the similarity check");
    }
    if let Err(err) = workable::posting::on_completed(state, &completed).await {
        tracing::error!(assessment_id = completed.id, error = %err, "could not queue the post to Workable");
    }
    tracing::info!(assessment_id = completed.id, auto, score = ?completed.score, "assessment completed");
    Ok(completed)
}

/// The hidden tests (graded against the task's known tests) and the lint, run side by side; `None` for the tests
/// when the sandbox failed on our side.
async fn hidden_run(
    state: &AppState,
    claimed: &assessment::Model,
    task: &task::Model,
    final_code: &str,
) -> (Option<hidden::Graded>, Option<scoring::LintReport>) {
    let hidden_tests = task.hidden_test_code.as_deref().unwrap_or(&task.test_code);
    let (report, lint) = match sandbox::handle(state, claimed, task).await {
        Ok(handle) => match sandbox::sandbox_service(state) {
            Ok(service) => {
                // The lint reads its own copy of the code, so it runs beside the hidden tests, not after them.
                let (report, lint) = tokio::join!(
                    service.run_tests(&handle, HIDDEN_TESTS_FILE, hidden_tests, final_code),
                    service.lint(&handle, final_code)
                );
                // Closing unmounts and deletes the workspace; the candidate need not wait for it. Should the
                // process stop first, the periodic sweep closes the sandbox.
                let service = service.clone();
                let assessment_id = claimed.id;
                tokio::spawn(async move {
                    if let Err(err) = service.close_sandbox(&handle).await {
                        tracing::warn!(assessment_id, error = %err, "closing the sandbox failed");
                    }
                });
                (report, lint.ok().map(lint_for_scoring))
            }
            Err(err) => (Err(SandboxError::Unavailable(err.to_string())), None),
        },
        Err(err) => (Err(SandboxError::Unavailable(err.to_string())), None),
    };
    match report {
        Ok(report) => (
            Some(hidden::grade(&report, &hidden::known_test_names(task))),
            lint,
        ),
        Err(err) => {
            tracing::error!(assessment_id = claimed.id, error = %err, "hidden test run failed");
            (None, lint)
        }
    }
}

fn task_facts<'a>(task: &'a task::Model, ai_mode: &str) -> TaskFacts<'a> {
    let config = task.scoring_config.clone().unwrap_or(Value::Null);
    TaskFacts {
        description: &task.description,
        starter_code: &task.starter_code,
        duration_minutes: task.duration_minutes,
        test_weights: task
            .test_weights
            .clone()
            .and_then(|w| serde_json::from_value::<BTreeMap<String, f64>>(w).ok())
            .unwrap_or_default(),
        reference_fix_lines: config
            .get("reference_fix_lines")
            .and_then(Value::as_u64)
            .unwrap_or(10) as u32,
        token_budget: config.get("token_budget").and_then(Value::as_u64),
        ai_disabled: ai_mode == "off",
    }
}

/// pyflakes' findings as the scoring engine reads them.
fn lint_for_scoring(lint: tali_sandbox::LintReport) -> scoring::LintReport {
    scoring::LintReport {
        parses: !lint.findings.iter().any(|f| f.message.contains("syntax")),
        findings: lint
            .findings
            .into_iter()
            .map(|f| scoring::LintFinding {
                code: "pyflakes".into(),
                line: f.line,
                message: f.message,
            })
            .collect(),
    }
}

/// The results email to the recruiter who created the assessment (idempotent per assessment).
async fn notify_recruiter(
    db: &impl ConnectionTrait,
    frontend_url: &str,
    completed: &assessment::Model,
    task: &task::Model,
) -> Result<()> {
    let Some(creator) = completed.created_by else {
        return Ok(());
    };
    let Some(recruiter) = user::Entity::find_by_id(creator).one(db).await? else {
        return Ok(());
    };
    let organization = organizations::load(db, completed.organization_id).await?;
    let candidate_name = candidate::Entity::find_by_id(completed.candidate_id)
        .one(db)
        .await?
        .map(|c| c.full_name)
        .unwrap_or_default();
    let message = tali_mail::templates::results_notification(&tali_mail::templates::ResultsData {
        recruiter_email: recruiter.email.clone(),
        candidate_name,
        task_name: task.name.clone(),
        score: completed.score,
        tests_passed: completed.tests_passed.unwrap_or(0).max(0) as u32,
        tests_total: completed.tests_total.unwrap_or(0).max(0) as u32,
        submitted_at: time_zone::date_time(
            completed.completed_at.unwrap_or_else(Utc::now),
            time_zone::stored(&organization.time_zone),
        ),
        link: format!("{}/#/assessments/{}", frontend_url, completed.id),
    });
    email::queue(
        db,
        Some(completed.organization_id),
        message,
        format!("assessment-results/{}", completed.id),
    )
    .await?;
    Ok(())
}
