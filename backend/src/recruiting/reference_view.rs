//! The shapes the reference web client reads on an assessment's detail (`results`, `prompts_list`,
//! `breakdown`, timeline items with `time`/`event`/`prompt`), computed from the stored evidence. Every figure is
//! one the report already holds; where the evidence is missing the field says so ("—") instead of guessing.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::entities::{assessment, task};
use crate::session::evidence::Exchange;

const NONE: &str = "—";

/// One line of the reference client's Results tab.
#[derive(Debug, PartialEq, Serialize, ToSchema)]
pub struct ResultLine {
    pub title: String,
    /// `3/5` or `7.2/10`.
    pub score: String,
    pub description: String,
}

/// One prompt of the reference client's AI Usage tab.
#[derive(Debug, PartialEq, Serialize, ToSchema)]
pub struct PromptLine {
    pub text: String,
    /// What the record says about the prompt: when it was asked and what the reply cost.
    pub assessment: String,
}

/// The reference client's score card, in its camelCase keys.
#[derive(Debug, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown {
    /// `3/5` hidden tests, or `—` before grading.
    pub tests_passed: String,
    pub code_quality: Option<f64>,
    pub ai_usage: Option<f64>,
    pub time_efficiency: Option<f64>,
    /// Planted bugs whose tests all pass, `2/3`; `—` for a task without planted bugs or before grading.
    pub bugs_fixed: String,
}

/// `MM:SS` from the start of the session (minutes may pass 99).
pub fn clock(t_ms: u64) -> String {
    let seconds = t_ms / 1000;
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

fn tenth(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

pub fn results(assessment: &assessment::Model) -> Vec<ResultLine> {
    let mut lines = Vec::new();
    if let (Some(passed), Some(total)) = (assessment.tests_passed, assessment.tests_total) {
        lines.push(ResultLine {
            title: "Test suite".into(),
            score: format!("{passed}/{total}"),
            description: format!("Passed {passed} of {total} hidden tests."),
        });
    }
    let error = assessment
        .test_results
        .as_ref()
        .and_then(|r| r.get("error_summary"))
        .and_then(Value::as_str);
    if let (Some(error), Some(total)) = (error, assessment.tests_total) {
        lines.push(ResultLine {
            title: "Execution error".into(),
            score: format!("0/{total}"),
            description: capitalised(error),
        });
    }
    if let Some(quality) = assessment.code_quality_score {
        lines.push(ResultLine {
            title: "Code quality".into(),
            score: format!("{}/10", tenth(quality)),
            description: signal_explanation(assessment, "S2")
                .unwrap_or_else(|| "Static analysis of the final code.".into()),
        });
    }
    lines
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The report's explanation of a signal, without its evidence links.
fn signal_explanation(assessment: &assessment::Model, id: &str) -> Option<String> {
    let signals = assessment
        .score_report
        .as_ref()?
        .get("signals")?
        .as_array()?;
    let signal = signals
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(id))?;
    signal
        .get("explanation")
        .and_then(Value::as_str)
        .map(crate::session::submit::without_evidence_links)
}

pub fn prompts_list(exchanges: &[Exchange]) -> Vec<PromptLine> {
    exchanges
        .iter()
        .map(|e| {
            let judged = e
                .quality_score
                .map(|q| format!("Prompt quality {}/10. ", tenth(q)))
                .unwrap_or_default();
            PromptLine {
                text: e.message.clone(),
                assessment: format!(
                    "{judged}Asked at {} into the session; the reply took {:.1} s and {} tokens.",
                    clock(e.t_prompt_ms),
                    e.t_reply_ms.saturating_sub(e.t_prompt_ms) as f64 / 1000.0,
                    e.input_tokens + e.output_tokens
                ),
            }
        })
        .collect()
}

pub fn breakdown(assessment: &assessment::Model, task: &task::Model) -> Breakdown {
    Breakdown {
        tests_passed: match (assessment.tests_passed, assessment.tests_total) {
            (Some(passed), Some(total)) => format!("{passed}/{total}"),
            _ => NONE.into(),
        },
        code_quality: assessment.code_quality_score,
        ai_usage: assessment.ai_usage_score,
        time_efficiency: assessment.time_efficiency_score,
        bugs_fixed: bugs_fixed(assessment, task).unwrap_or_else(|| NONE.into()),
    }
}

/// A planted bug is fixed when every hidden test that catches it passes.
fn bugs_fixed(assessment: &assessment::Model, task: &task::Model) -> Option<String> {
    let bugs = task
        .scoring_config
        .as_ref()?
        .get("planted_bugs")?
        .as_array()?;
    let details = assessment
        .test_results
        .as_ref()?
        .get("test_details")?
        .as_array()?;
    let passed = |function: &str| {
        details.iter().any(|d| {
            let name = d.get("name").and_then(Value::as_str).unwrap_or_default();
            name.rsplit("::").next() == Some(function)
                && d.get("outcome").and_then(Value::as_str) == Some("passed")
        })
    };
    let fixed = bugs
        .iter()
        .filter(|bug| {
            bug.get("caught_by")
                .and_then(Value::as_array)
                .is_some_and(|tests| tests.iter().filter_map(Value::as_str).all(passed))
        })
        .count();
    (!bugs.is_empty()).then(|| format!("{fixed}/{}", bugs.len()))
}

/// The stored timeline with the reference client's `time` (`MM:SS` from the start), `event` (the description)
/// and, for a prompt, `prompt` (its full text).
pub fn timeline(stored: Option<&Value>, exchanges: &[Exchange]) -> Value {
    let Some(items) = stored.and_then(Value::as_array) else {
        return Value::Array(Vec::new());
    };
    let items = items
        .iter()
        .map(|item| {
            let mut item = item.clone();
            let t_ms = item.get("t_ms").and_then(Value::as_u64).unwrap_or(0);
            item["time"] = clock(t_ms).into();
            item["event"] = item.get("description").cloned().unwrap_or(Value::Null);
            let prompt_number = item
                .get("ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("prompt "))
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(exchange) = prompt_number.and_then(|n| exchanges.get(n.wrapping_sub(1))) {
                item["prompt"] = exchange.message.clone().into();
            }
            item
        })
        .collect();
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clock_counts_minutes_past_the_hour() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(754_900), "12:34");
        assert_eq!(clock(6_000_000), "100:00");
    }

    #[test]
    fn timeline_items_gain_the_reference_fields() {
        let exchanges: Vec<Exchange> = serde_json::from_value(json!([{
            "message": "Why does the tier start late?", "response": "Use >=.",
            "created_at": "2026-12-04T10:00:00Z", "responded_at": "2026-12-04T10:00:02Z",
            "t_prompt_ms": 65_000, "t_reply_ms": 67_000, "input_tokens": 10, "output_tokens": 20,
            "latency_ms": 2000, "code_hash": "abc"
        }]))
        .unwrap();
        let stored = json!([
            {"t_ms": 0, "type": "started", "description": "Assessment started"},
            {"t_ms": 65_000, "type": "ai_prompt", "ref": "prompt 1", "description": "Asked the AI: Why"}
        ]);
        let items = timeline(Some(&stored), &exchanges);
        assert_eq!(items[0]["time"], "00:00");
        assert_eq!(items[0]["event"], "Assessment started");
        assert_eq!(items[1]["time"], "01:05");
        assert_eq!(items[1]["prompt"], "Why does the tier start late?");
        assert_eq!(items[1]["type"], "ai_prompt", "our own fields stay");
        assert_eq!(
            prompts_list(&exchanges)[0].assessment,
            "Asked at 01:05 into the session; the reply took 2.0 s and 30 tokens."
        );
    }

    #[test]
    fn tenths_drop_a_trailing_zero() {
        assert_eq!(tenth(7.0), "7");
        assert_eq!(tenth(7.25), "7.3");
    }
}
