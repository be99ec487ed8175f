//! A pytest run turned into a [`TestReport`]: the JUnit report read, or why there is none, in the candidate's view
//! of the workspace.

use std::time::Duration;

use crate::types::RawRun;
use crate::{TestOutcome, TestReport, junit, paths};

/// How much of pytest's own output explains a run that produced no report.
const MAX_EXPLANATION_CHARS: usize = 4000;

fn tail(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    chars[chars.len().saturating_sub(MAX_EXPLANATION_CHARS)..]
        .iter()
        .collect()
}

/// The run's outcome as the candidate may read it: paths cut to workspace names (`paths`), and the reason a run
/// has no results summarised in one line, error first.
pub(crate) fn test_report(run: RawRun, report: Option<Vec<u8>>, wall: Duration) -> TestReport {
    let mut exec = run.into_exec_result();
    exec.stdout = paths::candidate_view(&exec.stdout);
    exec.stderr = paths::candidate_view(&exec.stderr);
    let parsed = report.map(|xml| {
        junit::parse(&String::from_utf8_lossy(&xml)).map(|mut parsed| {
            for test in &mut parsed.tests {
                test.message = paths::candidate_view(&test.message);
            }
            for error in &mut parsed.collection_errors {
                *error = paths::candidate_view(error);
            }
            parsed
        })
    });
    let (tests, collection_error) = match parsed {
        Some(Ok(parsed)) => {
            let error = if !parsed.collection_errors.is_empty() {
                Some(parsed.collection_errors.join("\n\n"))
            } else if parsed.tests.is_empty() {
                Some(format!("no tests were collected\n{}", tail(&exec.stdout)))
            } else {
                None
            };
            (parsed.tests, error)
        }
        Some(Err(err)) => (Vec::new(), Some(err)),
        None if exec.timed_out => (
            Vec::new(),
            Some(format!(
                "the tests did not finish within {} s",
                wall.as_secs()
            )),
        ),
        None => {
            let output = if exec.stderr.trim().is_empty() {
                &exec.stdout
            } else {
                &exec.stderr
            };
            (
                Vec::new(),
                Some(format!(
                    "pytest exited with code {} without a report\n{}",
                    exec.exit_code,
                    tail(output)
                )),
            )
        }
    };
    let mut report = TestReport {
        tests_passed: tests
            .iter()
            .filter(|t| t.outcome == TestOutcome::Passed)
            .count() as u32,
        tests_total: tests.len() as u32,
        test_details: tests,
        collection_error,
        timed_out: exec.timed_out,
        stdout: exec.stdout,
        stderr: exec.stderr,
        error_summary: None,
    };
    report.error_summary = report.failure().map(|failure| failure.to_string());
    report
}
