//! The proof a task must pass before it is saved, so its author, not a candidate, finds out when it cannot work:
//! in a sandbox, the tests collect against the starter code, the starter fails at least one hidden test, and the
//! reference solution (when there is one) passes every test.

use std::time::Duration;

use serde::Serialize;
use tali_sandbox::{
    CreateSpec, SandboxError, SandboxHandle, SandboxService, TestReport, WorkspaceFile,
};
use utoipa::ToSchema;

use crate::session::{HIDDEN_TESTS_FILE, VISIBLE_TESTS_FILE};

/// Long enough for a handful of pytest runs; the sandbox is closed as soon as the check ends.
const CHECK_LIFETIME: Duration = Duration::from_secs(300);

/// What a task is made of, as the check needs it.
pub struct TaskFiles<'a> {
    pub starter_code: &'a str,
    pub visible_tests: &'a str,
    /// Run only at submit; the visible tests stand in when absent.
    pub hidden_tests: Option<&'a str>,
    pub reference_solution: Option<&'a str>,
    pub sample_files: Vec<WorkspaceFile>,
}

impl TaskFiles<'_> {
    fn hidden(&self) -> &str {
        self.hidden_tests.unwrap_or(self.visible_tests)
    }
}

/// The evidence that a task works, shown to its author.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Proof {
    /// Hidden tests the starter code passes (fewer than `total`).
    pub starter_passed: u32,
    /// Hidden tests the reference solution passes (all of them), when the task has one.
    pub reference_passed: Option<u32>,
    /// Hidden tests pytest collected.
    pub total: u32,
    /// Their names as pytest reports them, kept with the task to grade a submission the tests cannot import.
    #[serde(skip)]
    pub hidden_test_names: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The task cannot work as written; the message says what to change.
    #[error("{message}")]
    Rejected {
        field: &'static str,
        message: String,
    },
    /// The sandbox could not run the check.
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
}

/// Runs the proof in a sandbox of its own, closed whatever the outcome.
pub async fn prove(
    sandbox: &SandboxService,
    organization_id: i32,
    files: &TaskFiles<'_>,
) -> Result<Proof, CheckError> {
    let mut workspace = files.sample_files.clone();
    workspace.push(WorkspaceFile::new("solution.py", files.starter_code));
    let handle = sandbox
        .create_sandbox(CreateSpec {
            // No assessment owns this sandbox.
            assessment_id: 0,
            organization_id: organization_id.into(),
            lifetime: CHECK_LIFETIME,
            files: workspace,
        })
        .await?;
    let outcome = run_checks(sandbox, &handle, files).await;
    if let Err(err) = sandbox.close_sandbox(&handle).await {
        tracing::warn!(error = %err, "closing the task check's sandbox failed");
    }
    outcome
}

async fn run_checks(
    sandbox: &SandboxService,
    handle: &SandboxHandle,
    files: &TaskFiles<'_>,
) -> Result<Proof, CheckError> {
    let field = if files.hidden_tests.is_some() {
        "hidden_test_code"
    } else {
        "test_code"
    };
    let on_starter = sandbox
        .run_tests(
            handle,
            HIDDEN_TESTS_FILE,
            files.hidden(),
            files.starter_code,
        )
        .await?;
    collected(&on_starter, field, "starter code")?;
    if on_starter.tests_passed == on_starter.tests_total {
        return Err(CheckError::Rejected {
            field,
            message: format!(
                "The starter code already passes all {} tests, so a candidate would have nothing to fix or \
                 build. Make the starter miss what the tests check.",
                on_starter.tests_total
            ),
        });
    }
    if files.hidden_tests.is_some() {
        let visible = sandbox
            .run_tests(
                handle,
                VISIBLE_TESTS_FILE,
                files.visible_tests,
                files.starter_code,
            )
            .await?;
        collected(&visible, "test_code", "starter code")?;
    }
    let reference_passed = match files.reference_solution {
        Some(reference) => Some(reference_passes(sandbox, handle, files, reference).await?),
        None => None,
    };
    Ok(Proof {
        starter_passed: on_starter.tests_passed,
        reference_passed,
        total: on_starter.tests_total,
        hidden_test_names: on_starter
            .test_details
            .into_iter()
            .map(|t| t.name)
            .collect(),
    })
}

/// Every test, hidden and visible, passes with the reference solution.
async fn reference_passes(
    sandbox: &SandboxService,
    handle: &SandboxHandle,
    files: &TaskFiles<'_>,
    reference: &str,
) -> Result<u32, CheckError> {
    let mut suites = vec![(HIDDEN_TESTS_FILE, files.hidden())];
    if files.hidden_tests.is_some() {
        suites.push((VISIBLE_TESTS_FILE, files.visible_tests));
    }
    let mut hidden_passed = 0;
    for (file, tests) in suites {
        let report = sandbox.run_tests(handle, file, tests, reference).await?;
        collected(&report, "reference_solution", "reference solution")?;
        let failing: Vec<&str> = report
            .test_details
            .iter()
            .filter(|t| t.outcome != tali_sandbox::TestOutcome::Passed)
            .map(|t| t.name.as_str())
            .collect();
        if !failing.is_empty() {
            return Err(CheckError::Rejected {
                field: "reference_solution",
                message: format!(
                    "The reference solution fails {} of {} tests ({}); a correct solution must pass them all.",
                    failing.len(),
                    report.tests_total,
                    failing.join(", ")
                ),
            });
        }
        if file == HIDDEN_TESTS_FILE {
            hidden_passed = report.tests_passed;
        }
    }
    Ok(hidden_passed)
}

/// The suite ran: pytest collected at least one test and the code under test imported.
fn collected(report: &TestReport, field: &'static str, code: &str) -> Result<(), CheckError> {
    let Some(failure) = report.failure() else {
        return Ok(());
    };
    let message = match missing_module(&failure.message) {
        Some(module) if module != "solution" => format!(
            "The tests import the module `{module}`, which does not exist: the candidate's code is the file \
             solution.py, so tests import from it (`from solution import ...`)."
        ),
        _ => format!(
            "The tests could not be collected against the {code}: {failure}. The candidate's code is the file \
             solution.py and tests import from it (`from solution import ...`)."
        ),
    };
    Err(CheckError::Rejected { field, message })
}

/// `No module named 'app'` → `app` (the top-level package of a dotted name).
fn missing_module(message: &str) -> Option<&str> {
    let name = message
        .strip_prefix("No module named ")?
        .trim_matches(['\'', '"']);
    name.split('.').next()
}

#[cfg(test)]
mod tests {
    use super::missing_module;

    #[test]
    fn names_the_missing_module() {
        assert_eq!(missing_module("No module named 'app'"), Some("app"));
        assert_eq!(missing_module("No module named 'pkg.sub'"), Some("pkg"));
        assert_eq!(missing_module("cannot import name 'x'"), None);
    }
}
