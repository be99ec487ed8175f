//! Reads pytest's JUnit XML report (`--junitxml`), the structured source of test outcomes.

use crate::types::{TestDetail, TestOutcome};

const MAX_MESSAGE_CHARS: usize = 4000;
/// pytest's messages on the pseudo test cases it emits when a module failed to import or parse, and when the
/// imported code stopped pytest itself (`sys.exit()` at import): neither is a test of the suite.
const RUN_FAILURES: [&str; 2] = ["collection failure", "internal error"];

#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub tests: Vec<TestDetail>,
    /// Text of collection failures (syntax or import errors in tests or the code they import).
    pub collection_errors: Vec<String>,
}

pub(crate) fn parse(xml: &str) -> Result<Parsed, String> {
    let doc =
        roxmltree::Document::parse(xml).map_err(|e| format!("unreadable test report: {e}"))?;
    let mut parsed = Parsed::default();
    for case in doc.descendants().filter(|n| n.has_tag_name("testcase")) {
        let class = case.attribute("classname").unwrap_or_default();
        let name = case.attribute("name").unwrap_or_default();
        let seconds: f64 = case
            .attribute("time")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0.0);
        let verdict = case.children().find_map(|child| {
            let outcome = match child.tag_name().name() {
                "failure" => TestOutcome::Failed,
                "error" => TestOutcome::Error,
                "skipped" => TestOutcome::Skipped,
                _ => return None,
            };
            Some((outcome, child))
        });
        let (outcome, message) = match verdict {
            Some((outcome, node)) => (outcome, describe(node)),
            None => (TestOutcome::Passed, String::new()),
        };
        let is_collection_failure = outcome == TestOutcome::Error
            && case.children().any(|c| {
                c.has_tag_name("error")
                    && c.attribute("message")
                        .is_some_and(|m| RUN_FAILURES.contains(&m))
            });
        if is_collection_failure {
            parsed.collection_errors.push(message);
            continue;
        }
        parsed.tests.push(TestDetail {
            name: if class.is_empty() {
                name.to_string()
            } else {
                format!("{class}::{name}")
            },
            outcome,
            duration_ms: (seconds.max(0.0) * 1000.0).round() as u64,
            message,
        });
    }
    Ok(parsed)
}

/// The short message plus the traceback text, bounded.
fn describe(node: roxmltree::Node) -> String {
    let summary = node.attribute("message").unwrap_or_default().trim();
    let detail = node.text().unwrap_or_default().trim();
    let text = match (summary.is_empty(), detail.is_empty()) {
        (_, true) => summary.to_string(),
        (true, false) => detail.to_string(),
        (false, false) => format!("{summary}\n{detail}"),
    };
    text.chars().take(MAX_MESSAGE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4" time="0.05">
<testcase classname="test_app" name="test_ok" time="0.001" />
<testcase classname="test_app" name="test_bad" time="0.012"><failure message="assert 1 == 2">def test_bad():
&gt;       assert 1 == 2
E       assert 1 == 2</failure></testcase>
<testcase classname="test_app.TestX" name="test_fixture" time="0.000"><error message="failed on setup with &quot;boom&quot;">boom</error></testcase>
<testcase classname="test_app" name="test_later" time="0.000"><skipped type="pytest.skip" message="not yet">skip reason</skipped></testcase>
</testsuite></testsuites>"#;

    #[test]
    fn reads_every_outcome() {
        let parsed = parse(REPORT).unwrap();
        let outcomes: Vec<_> = parsed
            .tests
            .iter()
            .map(|t| (t.name.as_str(), t.outcome.clone()))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("test_app::test_ok", TestOutcome::Passed),
                ("test_app::test_bad", TestOutcome::Failed),
                ("test_app.TestX::test_fixture", TestOutcome::Error),
                ("test_app::test_later", TestOutcome::Skipped),
            ]
        );
        assert_eq!(parsed.tests[1].duration_ms, 12);
        assert!(
            parsed.tests[1]
                .message
                .starts_with("assert 1 == 2\ndef test_bad")
        );
        assert!(parsed.collection_errors.is_empty());
    }

    #[test]
    fn separates_collection_failures() {
        let xml = r#"<testsuites><testsuite><testcase classname="" name="test_app" time="0.0"><error message="collection failure">SyntaxError: invalid syntax</error></testcase></testsuite></testsuites>"#;
        let parsed = parse(xml).unwrap();
        assert!(parsed.tests.is_empty());
        assert_eq!(
            parsed.collection_errors,
            ["collection failure\nSyntaxError: invalid syntax"]
        );
    }

    #[test]
    fn an_exit_at_import_is_not_a_test() {
        let xml = r#"<testsuites><testsuite><testcase classname="pytest" name="internal" time="0.0"><error message="internal error">SystemExit: 3</error></testcase></testsuite></testsuites>"#;
        let parsed = parse(xml).unwrap();
        assert!(parsed.tests.is_empty());
        assert_eq!(parsed.collection_errors, ["internal error\nSystemExit: 3"]);
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse("<testsuites><testcase").is_err());
    }
}
