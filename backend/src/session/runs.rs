//! Running the candidate's code and the visible tests in their sandbox; each run is recorded with the code it ran.

use chrono::{Duration, Utc};
use garde::Validate;
use serde::Deserialize;
use serde_json::{Value, json};
use tali_sandbox::{ExecResult, TestReport};
use utoipa::ToSchema;

use super::{MAX_CODE_BYTES, VISIBLE_TESTS_FILE, access, events, sandbox};
use crate::db::entities::assessment;
use crate::domain::Result;
use crate::state::AppState;

/// How much of a run's output is kept as evidence (its end, where errors are).
const OUTPUT_EXCERPT_CHARS: usize = 2000;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CodeBody {
    #[garde(length(max = MAX_CODE_BYTES))]
    pub code: String,
}

/// Runs `python3 solution.py` on `code`.
pub async fn execute(
    state: &AppState,
    assessment: &assessment::Model,
    code: &str,
) -> Result<ExecResult> {
    let now = Utc::now();
    access::require_running(assessment, now, Duration::zero())?;
    let _turn = state.run_limiter.acquire(assessment.id)?;
    let task = access::task_of(&state.db, assessment).await?;
    let handle = sandbox::handle(state, assessment, &task).await?;
    let hash = events::record_code_state(&state.db, assessment, code, now).await?;
    let result = sandbox::sandbox_service(state)?
        .execute_code(&handle, code)
        .await
        .map_err(sandbox::sandbox_failure)?;
    let output = format!("{}{}", result.stdout, result.stderr);
    let excerpt: String = output
        .chars()
        .skip(output.chars().count().saturating_sub(OUTPUT_EXCERPT_CHARS))
        .collect();
    events::record(
        &state.db,
        assessment,
        &format!("server-run-{}", uuid::Uuid::new_v4()),
        "run",
        json!({"hash": hash, "exit_code": result.exit_code, "timed_out": result.timed_out,
            "duration_ms": result.execution_time_ms, "output_excerpt": excerpt}),
        Utc::now(),
    )
    .await?;
    Ok(result)
}

/// Runs the task's visible tests on `code` (hidden tests run only at submit).
pub async fn visible_tests(
    state: &AppState,
    assessment: &assessment::Model,
    code: &str,
) -> Result<TestReport> {
    let now = Utc::now();
    access::require_running(assessment, now, Duration::zero())?;
    let _turn = state.run_limiter.acquire(assessment.id)?;
    let task = access::task_of(&state.db, assessment).await?;
    let handle = sandbox::handle(state, assessment, &task).await?;
    let hash = events::record_code_state(&state.db, assessment, code, now).await?;
    let report = sandbox::sandbox_service(state)?
        .run_tests(&handle, VISIBLE_TESTS_FILE, &task.test_code, code)
        .await
        .map_err(sandbox::sandbox_failure)?;
    events::record(
        &state.db,
        assessment,
        &format!("server-tests-{}", uuid::Uuid::new_v4()),
        "test_run",
        test_event(&hash, &report),
        Utc::now(),
    )
    .await?;
    Ok(report)
}

/// A visible test run as the evidence records it.
fn test_event(hash: &str, report: &TestReport) -> Value {
    json!({
        "hash": hash,
        "tests_passed": report.tests_passed,
        "tests_total": report.tests_total,
        "test_details": report.test_details,
        "results": report.test_details,
        "collection_error": report.collection_error,
        "timed_out": report.timed_out,
    })
}
