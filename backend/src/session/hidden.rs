//! Grading the hidden test run at submit. A run with per-test results is graded as pytest reported it; a run
//! that produced none (the code did not import, exited at import, looped forever) is graded as what it is:
//! every hidden test of the task failed, with the reason kept as evidence for the recruiter.

use serde_json::{Value, json};
use tali_sandbox::{RunFailure, TestReport};
use tali_scoring as scoring;

use crate::db::entities::task;

/// The hidden run as the scoring engine and the stored `test_results` see it.
pub struct Graded {
    pub hidden: scoring::HiddenResults,
    pub passed: u32,
    pub total: u32,
    /// Stored as the assessment's `test_results`.
    pub test_results: Value,
}

/// The hidden tests pytest names for `task`: collected when it was saved, else read from the test code.
pub fn known_test_names(task: &task::Model) -> Vec<String> {
    let stored: Vec<String> = task
        .hidden_test_names
        .clone()
        .and_then(|names| serde_json::from_value(names).ok())
        .unwrap_or_default();
    if !stored.is_empty() {
        return stored;
    }
    declared_test_names(task.hidden_test_code.as_deref().unwrap_or(&task.test_code))
}

/// The pytest name of a test function of the hidden tests file.
pub fn hidden_test_name(function: &str) -> String {
    let module = super::HIDDEN_TESTS_FILE.trim_end_matches(".py");
    format!("{module}::{function}")
}

/// Test functions and `Test*` class methods as written in `code`, named as pytest's report names them. A
/// fallback for tasks saved before their tests were collected: parametrised tests count once.
fn declared_test_names(code: &str) -> Vec<String> {
    let module = super::HIDDEN_TESTS_FILE.trim_end_matches(".py");
    let mut names = Vec::new();
    let mut class: Option<&str> = None;
    for line in code.lines() {
        let indented = line.starts_with([' ', '\t']);
        let text = line.trim_start();
        if !indented && !text.is_empty() && !text.starts_with(['#', '@', ')']) {
            class = text
                .strip_prefix("class ")
                .map(|rest| rest.split([':', '(']).next().unwrap_or_default().trim())
                .filter(|name| name.starts_with("Test"));
        }
        let function = text
            .strip_prefix("async def ")
            .or_else(|| text.strip_prefix("def "))
            .and_then(|rest| rest.split('(').next())
            .filter(|name| name.starts_with("test"));
        match (function, indented, class) {
            (Some(function), false, _) => names.push(format!("{module}::{function}")),
            (Some(function), true, Some(class)) => {
                names.push(format!("{module}.{class}::{function}"))
            }
            _ => {}
        }
    }
    names
}

/// What a recruiter reads about a run that could not grade the submission.
pub fn problem(failure: &RunFailure) -> String {
    if failure.timed_out {
        return format!("the hidden tests timed out: {failure}");
    }
    match failure.exception.as_deref() {
        Some("SystemExit") => format!("the submission exited while it was imported: {failure}"),
        _ => format!("the submission did not import: {failure}"),
    }
}

/// Grades a hidden run against the task's known tests.
pub fn grade(report: &TestReport, known: &[String]) -> Graded {
    let problem = report.failure().map(|f| problem(&f));
    let mut details: Vec<Value> = report
        .test_details
        .iter()
        .map(|t| json!({"name": t.name, "outcome": t.outcome, "duration_ms": t.duration_ms, "message": t.message}))
        .collect();
    // A known test without a result did not run; it counts as failed, never as absent.
    let did_not_run = match &problem {
        Some(problem) => format!("did not run: {problem}"),
        None => "did not run".to_string(),
    };
    for name in known {
        if !report.test_details.iter().any(|t| &t.name == name) {
            details.push(
                json!({"name": name, "outcome": "error", "duration_ms": 0, "message": did_not_run}),
            );
        }
    }
    if details.is_empty() {
        // Nothing is known of the suite: one entry stands for it, so the result is 0 of 1, not 0 of 0.
        details.push(
            json!({"name": hidden_test_name("suite"), "outcome": "error", "duration_ms": 0,
            "message": did_not_run}),
        );
    }
    let results = super::evidence::test_results(&json!({ "results": details }));
    let passed = results.iter().filter(|t| t.passed()).count() as u32;
    let total = results.len() as u32;
    Graded {
        test_results: json!({
            "tests_passed": passed,
            "tests_total": total,
            "test_details": details,
            "collection_error": report.collection_error,
            "timed_out": report.timed_out,
            "error_summary": problem,
        }),
        hidden: scoring::HiddenResults::Graded {
            results,
            run_error: problem,
        },
        passed,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tali_sandbox::{TestDetail, TestOutcome};

    fn report(details: Vec<TestDetail>, error: Option<&str>, stdout: &str) -> TestReport {
        TestReport {
            tests_passed: details
                .iter()
                .filter(|d| d.outcome == TestOutcome::Passed)
                .count() as u32,
            tests_total: details.len() as u32,
            test_details: details,
            collection_error: error.map(str::to_string),
            timed_out: false,
            stdout: stdout.to_string(),
            stderr: String::new(),
            error_summary: None,
        }
    }

    fn known() -> Vec<String> {
        vec![hidden_test_name("test_a"), hidden_test_name("test_b")]
    }

    #[test]
    fn a_submission_that_does_not_import_fails_every_known_test() {
        let error = "collection failure\nE     File \"/ws/solution.py\", line 12\nE   SyntaxError: invalid syntax";
        let graded = grade(&report(Vec::new(), Some(error), ""), &known());
        assert_eq!((graded.passed, graded.total), (0, 2));
        assert_eq!(
            graded.test_results["error_summary"],
            "the submission did not import: SyntaxError at line 12 of solution.py: invalid syntax"
        );
        let scoring::HiddenResults::Graded { results, run_error } = graded.hidden else {
            panic!("graded")
        };
        assert!(
            results
                .iter()
                .all(|r| r.outcome == scoring::TestOutcome::Error)
        );
        assert!(run_error.unwrap().contains("SyntaxError"));
    }

    #[test]
    fn tests_that_did_not_report_count_as_failed() {
        let ran = TestDetail {
            name: hidden_test_name("test_a"),
            outcome: TestOutcome::Passed,
            duration_ms: 3,
            message: String::new(),
        };
        let graded = grade(&report(vec![ran], None, ""), &known());
        assert_eq!((graded.passed, graded.total), (1, 2));
        assert_eq!(graded.test_results["error_summary"], Value::Null);
    }

    #[test]
    fn an_unknown_suite_is_zero_of_one() {
        let graded = grade(
            &report(Vec::new(), Some("no tests were collected"), ""),
            &[],
        );
        assert_eq!((graded.passed, graded.total), (0, 1));
    }

    #[test]
    fn declared_names_follow_pytests_naming() {
        let code = "import pytest\n\ndef test_a():\n    pass\n\n@pytest.mark.parametrize('x', [1])\nasync def test_b(x):\n    pass\n\nclass TestGroup:\n    def test_c(self):\n        def helper():\n            pass\n\nclass Helper:\n    def test_not_collected(self):\n        pass\n\ndef helper_test():\n    pass\n";
        assert_eq!(
            declared_test_names(code),
            [
                "test_hidden::test_a",
                "test_hidden::test_b",
                "test_hidden.TestGroup::test_c"
            ]
        );
    }
}
