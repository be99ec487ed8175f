//! The check's three questions: by the configured AI from the final code, its change against the starter and the
//! chat; without AI (or when the model gives nothing usable), from deterministic templates over the same change:
//! the functions the candidate changed and the tests that failed and later passed in their session.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tali_ai::Assistant;
use tali_ai::judge::JudgeOutcome;
use tali_ai::understanding::{QUESTION_COUNT, generate_questions};
use utoipa::ToSchema;

use crate::session::evidence::{Event, Exchange, test_results};

/// The chat quoted to the model: the latest exchanges, each cut, so the request stays small.
const CHAT_EXCHANGES: usize = 10;
const CHAT_CHARS: usize = 600;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Question {
    pub question: String,
    /// What the question was drawn from, for the reviewer: "ai", "changed function `f`", "test `t` failed,
    /// then passed", or "general".
    pub basis: String,
}

/// The questions and who wrote them (`ai` or `templates`).
pub async fn questions(
    assistant: Option<&dyn Assistant>,
    task_context: &str,
    starter: &str,
    final_code: &str,
    exchanges: &[Exchange],
    events: &[Event],
) -> (Vec<Question>, &'static str) {
    if let Some(assistant) = assistant {
        let chat = chat_excerpt(exchanges);
        match generate_questions(assistant, task_context, starter, final_code, &chat).await {
            JudgeOutcome::Judged(q) => {
                let asked = q
                    .questions
                    .into_iter()
                    .map(|question| Question {
                        question: question.trim().to_string(),
                        basis: "ai".into(),
                    })
                    .collect();
                return (asked, "ai");
            }
            JudgeOutcome::NotJudged(reason) => {
                tracing::warn!(reason, "AI questions unusable; the templates ask instead");
            }
        }
    }
    (from_templates(starter, final_code, events), "templates")
}

fn chat_excerpt(exchanges: &[Exchange]) -> String {
    let start = exchanges.len().saturating_sub(CHAT_EXCHANGES);
    let cut = |s: &str| s.chars().take(CHAT_CHARS).collect::<String>();
    let lines: Vec<String> = exchanges[start..]
        .iter()
        .map(|e| {
            format!(
                "Candidate: {}\nAssistant: {}",
                cut(&e.message),
                cut(&e.response)
            )
        })
        .collect();
    if lines.is_empty() {
        "(the candidate did not use the assistant)".into()
    } else {
        lines.join("\n\n")
    }
}

/// Three questions over the change: a test that failed then passed, the changed functions (what the change does,
/// what happens on an empty input), then general questions about the change to fill up.
pub fn from_templates(starter: &str, final_code: &str, events: &[Event]) -> Vec<Question> {
    let changed = changed_functions(starter, final_code);
    let fixed = failed_then_passed(events);
    let mut out: Vec<Question> = Vec::new();
    let mut push = |question: String, basis: String| {
        if out.len() < QUESTION_COUNT && !out.iter().any(|q| q.question == question) {
            out.push(Question { question, basis });
        }
    };
    if let Some(test) = fixed.first() {
        push(
            format!(
                "`{test}` failed earlier in your session and passed later. What was wrong, and which change fixed it?"
            ),
            format!("test `{test}` failed, then passed"),
        );
    }
    if let Some(f) = changed.first() {
        push(
            format!("What does your change to `{f}` do, and why was it needed?"),
            format!("changed function `{f}`"),
        );
    }
    if let Some(f) = changed.get(1).or(changed.first()) {
        push(
            format!("What happens in `{f}` when its input is empty?"),
            format!("changed function `{f}`"),
        );
    }
    push(
        "Which input would have broken the starter code, and how does your version handle it?"
            .into(),
        "general".into(),
    );
    push(
        "If you had ten more minutes, what would you test or change next, and why?".into(),
        "general".into(),
    );
    push(
        "What was the hardest part of this change, and how did you convince yourself it works?"
            .into(),
        "general".into(),
    );
    out
}

/// The functions (`def` at any depth) whose text differs from the starter's, or that the candidate added, in the
/// order they appear in the final code.
pub fn changed_functions(starter: &str, final_code: &str) -> Vec<String> {
    let before = functions(starter);
    functions(final_code)
        .into_iter()
        .filter(|(name, body)| {
            before
                .iter()
                .all(|(b_name, b_body)| b_name != name || b_body != body)
        })
        .map(|(name, _)| name)
        .fold(Vec::new(), |mut seen, name| {
            if !seen.contains(&name) {
                seen.push(name);
            }
            seen
        })
}

/// `(name, body)` of each function: the `def` line and every following line indented deeper (blank lines kept
/// inside), with trailing whitespace dropped so a reformatted blank line is no change.
fn functions(code: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed
            .strip_prefix("def ")
            .or_else(|| trimmed.strip_prefix("async def "))
        else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let mut body = vec![line.trim_end()];
        for next in &lines[i + 1..] {
            let t = next.trim_start();
            if !t.is_empty() && next.len() - t.len() <= indent {
                break;
            }
            body.push(next.trim_end());
        }
        while body.last().is_some_and(|l| l.is_empty()) {
            body.pop();
        }
        out.push((name, body.join("\n")));
    }
    out
}

/// Visible tests that failed in one of the candidate's test runs and passed in a later one, first fixed first.
pub fn failed_then_passed(events: &[Event]) -> Vec<String> {
    let mut failed: BTreeSet<String> = BTreeSet::new();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let runs = events
        .iter()
        .filter(|e| e.kind == "test_run")
        .map(|e| test_results(&e.data));
    for (run, results) in runs.enumerate() {
        for r in results {
            if r.passed() {
                if failed.contains(&r.name) {
                    fixed.entry(r.name.clone()).or_insert(run);
                }
            } else {
                failed.insert(r.name.clone());
            }
        }
    }
    let mut ordered: Vec<(usize, String)> = fixed.into_iter().map(|(n, r)| (r, n)).collect();
    ordered.sort();
    ordered.into_iter().map(|(_, n)| n).collect()
}

/// The stored questions, read back.
pub fn stored(questions: &Value) -> Vec<Question> {
    serde_json::from_value(questions.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const STARTER: &str =
        "def dedupe(items):\n    return items\n\n\ndef total(xs):\n    return sum(xs)\n";
    const FINAL: &str = "def dedupe(items):\n    seen = set()\n    return [i for i in items if not (i in seen or seen.add(i))]\n\n\ndef total(xs):\n    return sum(xs)\n";

    fn test_run(results: &[(&str, &str)]) -> Event {
        Event {
            kind: "test_run".into(),
            t_ms: 0,
            data: json!({"results": results.iter().map(|(n, o)| json!({"name": n, "outcome": o})).collect::<Vec<_>>()}),
        }
    }

    #[test]
    fn only_the_functions_the_candidate_changed_count() {
        assert_eq!(changed_functions(STARTER, FINAL), ["dedupe"]);
        assert!(changed_functions(STARTER, STARTER).is_empty());
        let added = format!("{FINAL}\n\ndef helper():\n    return 1\n");
        assert_eq!(changed_functions(STARTER, &added), ["dedupe", "helper"]);
    }

    #[test]
    fn a_test_that_failed_then_passed_is_found_in_order() {
        let events = [
            test_run(&[("test_a", "failed"), ("test_b", "passed")]),
            test_run(&[("test_a", "passed"), ("test_b", "failed")]),
            test_run(&[("test_b", "passed")]),
        ];
        assert_eq!(failed_then_passed(&events), ["test_a", "test_b"]);
        assert!(failed_then_passed(&[test_run(&[("test_a", "passed")])]).is_empty());
    }

    #[test]
    fn templates_ask_three_questions_about_the_change() {
        let events = [
            test_run(&[("test_dedupe", "failed")]),
            test_run(&[("test_dedupe", "passed")]),
        ];
        let asked = from_templates(STARTER, FINAL, &events);
        assert_eq!(asked.len(), 3);
        assert!(asked[0].question.contains("`test_dedupe` failed"));
        assert!(asked[1].question.contains("change to `dedupe`"));
        assert_eq!(
            asked[2].question,
            "What happens in `dedupe` when its input is empty?"
        );
        // Nothing changed and no tests: still three distinct general questions.
        let general = from_templates(STARTER, STARTER, &[]);
        assert_eq!(general.len(), 3);
        assert!(general.iter().all(|q| q.basis == "general"));
    }
}
