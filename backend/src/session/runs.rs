//! Running the candidate's code and the visible tests in their sandbox; each run is recorded with the code it ran.

use chrono::{Duration, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
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
    let _turn = state.run_limiter.acquire(assessment.id).await?;
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
    let _turn = state.run_limiter.acquire(assessment.id).await?;
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

/// Whether the candidate's code parses, checked before a submit so the IDE can warn about a syntax error.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyntaxCheck {
    /// The code compiles as Python.
    pub ok: bool,
    /// The line of `solution.py` with the first syntax error.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// e.g. `SyntaxError: expected ':'`.
    pub message: Option<String>,
}

/// Compiles `code` (never runs it) in the candidate's sandbox. It takes a run's turn like any other use of the
/// sandbox, so it cannot be used to get around the runs-per-minute limit; nothing is recorded as evidence.
pub async fn check_syntax(
    state: &AppState,
    assessment: &assessment::Model,
    code: &str,
) -> Result<SyntaxCheck> {
    access::require_running(assessment, Utc::now(), Duration::zero())?;
    let _turn = state.run_limiter.acquire(assessment.id).await?;
    let task = access::task_of(&state.db, assessment).await?;
    let handle = sandbox::handle(state, assessment, &task).await?;
    let problem = sandbox::sandbox_service(state)?
        .check_syntax(&handle, code)
        .await
        .map_err(sandbox::sandbox_failure)?;
    Ok(match problem {
        None => SyntaxCheck {
            ok: true,
            line: None,
            column: None,
            message: None,
        },
        Some(problem) => SyntaxCheck {
            ok: false,
            line: problem.line,
            column: problem.column,
            message: Some(problem.message),
        },
    })
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
