//! The candidate's timed session: sandbox lifecycle, recorded evidence, and the final scoring at submit.

pub mod evidence;
pub mod hidden;
pub mod judges;

use std::collections::BTreeMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use serde::Serialize;
use serde_json::{Value, json};
use tali_sandbox::{SandboxError, SandboxHandle, SandboxService, TestReport, WorkspaceFile};
use tali_scoring as scoring;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::db::entities::{assessment, assessment_event, assessment_session, task, user};
use crate::domain::{self, status::Status};
use crate::email;
use crate::error::{ApiError, ApiResult};
use evidence::{Event, Exchange, code_hash};

/// How long after the deadline a submit is still accepted (the IDE submits at 0:00, the request takes time);
/// after it the auto-submitter takes the latest snapshot.
pub const SUBMIT_GRACE: Duration = Duration::minutes(2);
pub const VISIBLE_TESTS_FILE: &str = "test_visible.py";
pub const HIDDEN_TESTS_FILE: &str = "test_hidden.py";

/// What a sandbox failure means to the caller: busy (retry shortly), bad input, or not available here.
pub fn sandbox_failure(err: SandboxError) -> domain::Error {
    match err {
        SandboxError::Busy { retry_after_secs } => domain::Error::Unavailable {
            detail: "All code runners are busy. Please try again in a few seconds.".into(),
            retry_after_secs: Some(retry_after_secs),
        },
        SandboxError::InvalidInput(message) => domain::Error::invalid("code", message),
        SandboxError::NotConfigured(message) => {
            domain::Error::unavailable(format!("Code execution is not available: {message}"))
        }
        SandboxError::Unavailable(message) => {
            tracing::error!(%message, "sandbox failure");
            domain::Error::unavailable(
                "Code execution failed on our side. Your work is saved; please try again.",
            )
        }
        SandboxError::NotFound => domain::Error::unavailable(
            "The code runner for this session was lost. Your work is saved; please try again.",
        ),
    }
}

pub fn sandbox_error(err: SandboxError) -> ApiError {
    sandbox_failure(err).into()
}

/// The sandbox service, or why code cannot run on this server.
pub fn sandbox_service(state: &AppState) -> Result<&SandboxService, domain::Error> {
    state.sandbox.as_ref().ok_or_else(|| {
        domain::Error::unavailable(format!(
            "Code execution is not available on this server: {}",
            state.sandbox_problem.as_deref().unwrap_or("not configured")
        ))
    })
}

pub fn sandbox(state: &AppState) -> ApiResult<&SandboxService> {
    Ok(sandbox_service(state)?)
}

/// Milliseconds since the session started, by the server's clock.
pub fn elapsed_ms(a: &assessment::Model, now: DateTime<Utc>) -> u64 {
    a.started_at
        .map(|s| (now - s).num_milliseconds().max(0) as u64)
        .unwrap_or(0)
}

pub fn sample_files(task: &task::Model) -> Vec<WorkspaceFile> {
    crate::recruiting::tasks::sample_files(task.sample_data.as_ref())
}

fn initial_files(task: &task::Model, code: &str) -> Vec<WorkspaceFile> {
    let mut files = sample_files(task);
    files.push(WorkspaceFile::new("solution.py", code.as_bytes().to_vec()));
    files
}

/// Creates the sandbox of a newly started session and stores its id.
pub async fn create_sandbox(
    state: &AppState,
    a: &assessment::Model,
    task: &task::Model,
) -> ApiResult<SandboxHandle> {
    let service = sandbox(state)?;
    let lifetime = StdDuration::from_secs((a.duration_minutes.max(1) as u64) * 60 + 15 * 60);
    let handle = service
        .create_sandbox(tali_sandbox::CreateSpec {
            assessment_id: a.id as i64,
            organization_id: a.organization_id as i64,
            lifetime,
            files: initial_files(task, &task.starter_code),
        })
        .await
        .map_err(sandbox_error)?;
    store_sandbox_id(state, a.id, &handle.sandbox_id).await?;
    Ok(handle)
}

async fn store_sandbox_id(state: &AppState, id: i32, sandbox_id: &str) -> ApiResult<()> {
    assessment::Entity::update_many()
        .col_expr(assessment::Column::E2bSessionId, Expr::value(sandbox_id))
        .filter(assessment::Column::Id.eq(id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// The session's sandbox, reconnected; if the provider lost it, a fresh one restored from the latest code.
pub async fn sandbox_handle(
    state: &AppState,
    a: &assessment::Model,
    task: &task::Model,
) -> ApiResult<SandboxHandle> {
    let service = sandbox(state)?;
    let Some(sandbox_id) = a.e2b_session_id.as_deref() else {
        return create_sandbox(state, a, task).await;
    };
    let reconnected = service
        .reconnect(sandbox_id, a.id as i64)
        .await
        .map_err(sandbox_error)?;
    if reconnected.fresh {
        let code = latest_code(&state.db, a, task).await?;
        service
            .write_files(&reconnected.handle, &initial_files(task, &code))
            .await
            .map_err(sandbox_error)?;
        store_sandbox_id(state, a.id, &reconnected.handle.sandbox_id).await?;
    }
    Ok(reconnected.handle)
}

pub async fn load_events(db: &impl ConnectionTrait, assessment_id: i32) -> ApiResult<Vec<Event>> {
    Ok(assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(assessment_id))
        .order_by_asc(assessment_event::Column::TMs)
        .order_by_asc(assessment_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| Event {
            kind: e.kind,
            t_ms: e.t_ms.max(0) as u64,
            data: e.data.unwrap_or(Value::Null),
        })
        .collect())
}

/// The newest code the server has seen (a snapshot, or code sent with a run), else the starter code.
pub async fn latest_code(
    db: &impl ConnectionTrait,
    a: &assessment::Model,
    task: &task::Model,
) -> ApiResult<String> {
    let latest = assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(a.id))
        .filter(assessment_event::Column::Kind.eq("snapshot"))
        .order_by_desc(assessment_event::Column::TMs)
        .order_by_desc(assessment_event::Column::Id)
        .one(db)
        .await?;
    Ok(latest
        .and_then(|e| e.data)
        .and_then(|d| d.get("code").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| task.starter_code.clone()))
}

/// Stores one event; returns false when the id was already stored (a retried upload).
pub async fn record_event(
    db: &impl ConnectionTrait,
    a: &assessment::Model,
    client_id: &str,
    kind: &str,
    data: Value,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let row = assessment_event::ActiveModel {
        assessment_id: Set(a.id),
        client_id: Set(client_id.to_string()),
        kind: Set(kind.to_string()),
        t_ms: Set(elapsed_ms(a, now) as i64),
        at: Set(now),
        data: Set(Some(data)),
        ..Default::default()
    };
    let result = assessment_event::Entity::insert(row)
        .on_conflict_do_nothing_on([
            assessment_event::Column::AssessmentId,
            assessment_event::Column::ClientId,
        ])
        .exec(db)
        .await?;
    Ok(matches!(result, sea_orm::TryInsertResult::Inserted(_)))
}

/// Records the code a run used as a snapshot, so evidence holds every state that was executed.
pub async fn record_code_state(
    db: &impl ConnectionTrait,
    a: &assessment::Model,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    let hash = code_hash(code);
    let client_id = format!("server-snapshot-{hash}-{}", elapsed_ms(a, now));
    record_event(
        db,
        a,
        &client_id,
        "snapshot",
        json!({"code": code, "hash": hash}),
        now,
    )
    .await?;
    Ok(hash)
}

pub async fn bump_counter(
    db: &impl ConnectionTrait,
    assessment_id: i32,
    column: assessment_session::Column,
) -> ApiResult<()> {
    assessment_session::Entity::update_many()
        .col_expr(
            column,
            sea_orm::sea_query::ExprTrait::add(Expr::col(column), 1),
        )
        .col_expr(
            assessment_session::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .filter(assessment_session::Column::AssessmentId.eq(assessment_id))
        .exec(db)
        .await?;
    Ok(())
}

pub fn exchanges(a: &assessment::Model) -> Vec<Exchange> {
    a.ai_prompts
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
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
}

impl Results {
    /// What the candidate gets back: the score and its breakdown, the hidden tests' counts and why their own
    /// code could not run, but no hidden test names, messages or evidence links, which would let the hidden
    /// tests travel to the next candidate.
    pub fn for_candidate(a: &assessment::Model) -> Self {
        let mut results = Self::of(a);
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
        results
    }

    pub fn of(a: &assessment::Model) -> Self {
        Self {
            assessment_id: a.id,
            status: a.status.clone(),
            score: a.score,
            tests_passed: a.tests_passed,
            tests_total: a.tests_total,
            test_results: a.test_results.clone(),
            score_report: a.score_report.clone(),
            completed_at: a.completed_at,
        }
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

fn report_json(report: &TestReport) -> Value {
    json!({
        "tests_passed": report.tests_passed,
        "tests_total": report.tests_total,
        "test_details": report.test_details,
        "collection_error": report.collection_error,
        "timed_out": report.timed_out,
    })
}

pub fn visible_test_event(hash: &str, report: &TestReport) -> Value {
    let mut data = report_json(report);
    data["hash"] = json!(hash);
    data["results"] = data["test_details"].clone();
    data
}

fn task_facts(task: &task::Model) -> evidence::TaskFacts<'_> {
    let config = task.scoring_config.clone().unwrap_or(Value::Null);
    evidence::TaskFacts {
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
    }
}

/// Runs the hidden tests on the final code, scores the session and completes the assessment. The caller has
/// already claimed the assessment (status `submitting`), so this runs once.
pub async fn finalize(
    state: &AppState,
    a: assessment::Model,
    task: &task::Model,
    final_code: String,
    auto: bool,
) -> ApiResult<assessment::Model> {
    let now = Utc::now();
    let submitted_ms = elapsed_ms(&a, now);
    record_code_state(&state.db, &a, &final_code, now).await?;

    let hidden_tests = task
        .hidden_test_code
        .clone()
        .unwrap_or_else(|| task.test_code.clone());
    let (report, lint) = match sandbox_handle(state, &a, task).await {
        Ok(handle) => {
            let service = sandbox(state)?;
            // The lint reads its own copy of the code, so it runs beside the hidden tests, not after them.
            let (report, lint) = tokio::join!(
                service.run_tests(&handle, HIDDEN_TESTS_FILE, &hidden_tests, &final_code),
                service.lint(&handle, &final_code)
            );
            // Closing unmounts and deletes the workspace; the candidate need not wait for it. Should the process
            // stop first, the periodic sweep closes the sandbox.
            let service = service.clone();
            let assessment_id = a.id;
            tokio::spawn(async move {
                if let Err(err) = service.close_sandbox(&handle).await {
                    tracing::warn!(assessment_id, error = %err, "closing the sandbox failed");
                }
            });
            (report, lint.ok().map(lint_for_scoring))
        }
        Err(err) => (Err(SandboxError::Unavailable(err.to_string())), None),
    };
    let graded = match report {
        Ok(report) => Some(hidden::grade(&report, &hidden::known_test_names(task))),
        Err(err) => {
            tracing::error!(assessment_id = a.id, error = %err, "hidden test run failed");
            None
        }
    };
    let hidden_results = match &graded {
        Some(graded) => graded.hidden.clone(),
        None => scoring::HiddenResults::NotGraded {
            reason: "the hidden test run failed on our side".into(),
        },
    };

    let events = load_events(&state.db, a.id).await?;
    let exchanges = exchanges(&a);
    let record = evidence::session_record(
        &task_facts(task),
        &events,
        &exchanges,
        &final_code,
        submitted_ms,
        hidden_results,
        lint,
    );
    let score_report = scoring::score(&record, None, &scoring::EngineConfig::default())
        .map_err(|e| anyhow::anyhow!("scoring failed: {e}"))?;
    let hidden_summary = match &graded {
        Some(g) => format!("{}/{} passed", g.passed, g.total),
        None => "not graded (the test run failed on our side)".to_string(),
    };
    let timeline = evidence::timeline(
        a.started_at.unwrap_or(now),
        &events,
        &exchanges,
        submitted_ms,
        auto,
        &hidden_summary,
    );
    let snapshots: Vec<Value> = events
        .iter()
        .filter(|e| e.kind == "snapshot")
        .map(|e| json!({"t_ms": e.t_ms, "hash": e.data.get("hash"), "code": e.data.get("code")}))
        .collect();

    let mut row = a.clone().into_active_model();
    row.status = Set(Status::Completed.as_str().into());
    row.completed_at = Set(Some(now));
    row.final_code = Set(Some(final_code));
    row.score = Set(score_report.overall());
    row.tests_passed = Set(graded.as_ref().map(|g| g.passed as i32));
    row.tests_total = Set(graded.as_ref().map(|g| g.total as i32));
    row.test_results = Set(graded.map(|g| g.test_results));
    row.code_quality_score = Set(score_report.signal_score(scoring::SignalId::CodeQuality));
    row.time_efficiency_score = Set(score_report.signal_score(scoring::SignalId::TimeEfficiency));
    row.ai_usage_score = Set(score_report.ai_collaboration());
    let mut report_json = serde_json::to_value(&score_report).map_err(anyhow::Error::from)?;
    // The judging job runs only while the report says it is pending.
    judges::pending_marker(&mut report_json, state.assistant.is_some());
    row.score_report = Set(Some(report_json));
    row.timeline = Set(Some(Value::Array(timeline)));
    row.code_snapshots = Set(Some(Value::Array(snapshots)));
    row.updated_at = Set(now);
    let completed = row.update(&state.db).await?;
    state.list_totals.changed(completed.organization_id);
    assessment_session::Entity::update_many()
        .col_expr(assessment_session::Column::SessionEnd, Expr::value(now))
        .filter(assessment_session::Column::AssessmentId.eq(a.id))
        .exec(&state.db)
        .await?;
    notify_recruiter(state, &completed, task).await?;
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
    tracing::info!(assessment_id = a.id, auto, score = ?completed.score, "assessment completed");
    Ok(completed)
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
    state: &AppState,
    a: &assessment::Model,
    task: &task::Model,
) -> ApiResult<()> {
    let Some(creator) = a.created_by else {
        return Ok(());
    };
    let Some(recruiter) = user::Entity::find_by_id(creator).one(&state.db).await? else {
        return Ok(());
    };
    let candidate_name = crate::db::entities::candidate::Entity::find_by_id(a.candidate_id)
        .one(&state.db)
        .await?
        .map(|c| c.full_name)
        .unwrap_or_default();
    let message = tali_mail::templates::results_notification(&tali_mail::templates::ResultsData {
        recruiter_email: recruiter.email.clone(),
        candidate_name,
        task_name: task.name.clone(),
        score: a.score,
        tests_passed: a.tests_passed.unwrap_or(0).max(0) as u32,
        tests_total: a.tests_total.unwrap_or(0).max(0) as u32,
        link: format!(
            "{}/#/assessments/{}",
            state.settings.server.frontend_url, a.id
        ),
    });
    email::queue(
        &state.db,
        Some(a.organization_id),
        message,
        format!("assessment-results/{}", a.id),
    )
    .await?;
    Ok(())
}

/// Claims an in-progress assessment for submission; false if another submit got there first.
pub async fn claim_for_submit(db: &impl ConnectionTrait, id: i32) -> ApiResult<bool> {
    let claimed = assessment::Entity::update_many()
        .col_expr(assessment::Column::Status, Expr::value("submitting"))
        .filter(assessment::Column::Id.eq(id))
        .filter(assessment::Column::Status.eq(Status::InProgress.as_str()))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Puts a claimed assessment back in progress after a failed submit, so the candidate can retry.
pub async fn release_claim(db: &impl ConnectionTrait, id: i32) -> ApiResult<()> {
    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::Status,
            Expr::value(Status::InProgress.as_str()),
        )
        .filter(assessment::Column::Id.eq(id))
        .filter(assessment::Column::Status.eq("submitting"))
        .exec(db)
        .await?;
    Ok(())
}

/// Submits every session whose deadline passed more than the grace period ago, with its latest snapshot.
pub async fn auto_submit_expired(state: &AppState) -> ApiResult<usize> {
    let cutoff = Utc::now() - SUBMIT_GRACE;
    let overdue = assessment::Entity::find()
        .filter(assessment::Column::Status.eq(Status::InProgress.as_str()))
        .filter(assessment::Column::DeadlineAt.lt(cutoff))
        .all(&state.db)
        .await?;
    let mut done = 0;
    for a in overdue {
        if !claim_for_submit(&state.db, a.id).await? {
            continue;
        }
        let Some(task) = task::Entity::find_by_id(a.task_id).one(&state.db).await? else {
            continue;
        };
        let code = latest_code(&state.db, &a, &task).await?;
        match finalize(state, a.clone(), &task, code, true).await {
            Ok(_) => done += 1,
            Err(err) => {
                tracing::error!(assessment_id = a.id, error = %err, "auto-submit failed");
                release_claim(&state.db, a.id).await?;
            }
        }
    }
    Ok(done)
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
