//! Turns what a session left behind (stored events, AI exchanges, the hidden test run) into the scoring
//! engine's `SessionRecord` and the recruiter's timeline. Pure: the caller loads and stores.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tali_scoring as scoring;

use crate::recruiting::reference_view::clock;

/// A stored session event, as the evidence builder needs it.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: String,
    pub t_ms: u64,
    pub data: Value,
}

/// One exchange with the assistant, as stored in `assessments.ai_prompts`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    pub message: String,
    pub response: String,
    pub created_at: DateTime<Utc>,
    pub responded_at: DateTime<Utc>,
    pub t_prompt_ms: u64,
    pub t_reply_ms: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub latency_ms: u64,
    pub code_hash: String,
    #[serde(default)]
    pub quality_score: Option<f64>,
}

/// A short, stable fingerprint of a code state.
pub fn code_hash(code: &str) -> String {
    hex::encode(&Sha256::digest(code.as_bytes())[..8])
}

pub struct TaskFacts<'a> {
    pub description: &'a str,
    pub starter_code: &'a str,
    pub duration_minutes: i32,
    pub test_weights: BTreeMap<String, f64>,
    pub reference_fix_lines: u32,
    pub token_budget: Option<u64>,
    /// The assessment's AI policy was `off`.
    pub ai_disabled: bool,
}

fn text(data: &Value, key: &str) -> String {
    data.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn number(data: &Value, key: &str) -> u64 {
    data.get(key).and_then(Value::as_u64).unwrap_or(0)
}

pub fn test_results(data: &Value) -> Vec<scoring::TestResult> {
    data.get("results")
        .and_then(Value::as_array)
        .map(|results| {
            results
                .iter()
                .map(|r| scoring::TestResult {
                    name: text(r, "name"),
                    outcome: match r.get("outcome").and_then(Value::as_str) {
                        Some("passed") => scoring::TestOutcome::Passed,
                        Some("failed") => scoring::TestOutcome::Failed,
                        Some("skipped") => scoring::TestOutcome::Skipped,
                        _ => scoring::TestOutcome::Error,
                    },
                    message: text(r, "message"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The record the scoring engine reads. Events must be in time order.
pub fn session_record(
    task: &TaskFacts,
    events: &[Event],
    exchanges: &[Exchange],
    final_code: &str,
    submitted_ms: u64,
    hidden: scoring::HiddenResults,
    lint: Option<scoring::LintReport>,
) -> scoring::SessionRecord {
    let mut record = scoring::SessionRecord {
        task: scoring::TaskSpec {
            description: task.description.to_string(),
            time_limit_ms: (task.duration_minutes.max(1) as u64) * 60_000,
            test_weights: task.test_weights.clone(),
            signal_weights: None,
            ai_required: false,
            ai_disabled: task.ai_disabled,
            reference_fix_lines: task.reference_fix_lines,
            token_budget: task.token_budget,
        },
        starter_code: task.starter_code.to_string(),
        snapshots: Vec::new(),
        pastes: Vec::new(),
        focus: Vec::new(),
        runs: Vec::new(),
        test_runs: Vec::new(),
        exchanges: exchanges
            .iter()
            .enumerate()
            .map(|(i, e)| scoring::Exchange {
                id: i as u64 + 1,
                prompt: e.message.clone(),
                reply: e.response.clone(),
                t_prompt_ms: e.t_prompt_ms,
                t_reply_ms: e.t_reply_ms,
                tokens_in: e.input_tokens,
                tokens_out: e.output_tokens,
                code_hash: e.code_hash.clone(),
            })
            .collect(),
        final_code: final_code.to_string(),
        submitted_ms,
        hidden,
        lint,
        heartbeats: Vec::new(),
    };
    let mut focus_lost: Option<u64> = None;
    for event in events {
        let data = &event.data;
        match event.kind.as_str() {
            "snapshot" => record.snapshots.push(scoring::Snapshot {
                seq: record.snapshots.len() as u64 + 1,
                t_ms: event.t_ms,
                hash: text(data, "hash"),
                code: text(data, "code"),
            }),
            "paste" => record.pastes.push(scoring::Paste {
                t_ms: event.t_ms,
                chars: number(data, "chars"),
                text: text(data, "text"),
            }),
            "heartbeat" => record.heartbeats.push(event.t_ms),
            "focus_lost" => focus_lost = focus_lost.or(Some(event.t_ms)),
            "focus_gained" => {
                if let Some(lost_ms) = focus_lost.take() {
                    record.focus.push(scoring::FocusInterval {
                        lost_ms,
                        regained_ms: event.t_ms,
                    });
                }
            }
            // Runs and test runs are numbered as the timeline numbers them, so `[test run 3]` in a report is
            // the third test run the recruiter sees.
            "run" => record.runs.push(scoring::CodeRun {
                id: record.runs.len() as u64 + 1,
                t_ms: event.t_ms,
                hash: text(data, "hash"),
                outcome: if data.get("timed_out").and_then(Value::as_bool) == Some(true) {
                    scoring::RunOutcome::Timeout
                } else if data.get("exit_code").and_then(Value::as_i64) == Some(0) {
                    scoring::RunOutcome::Ok
                } else {
                    scoring::RunOutcome::Error
                },
                duration_ms: number(data, "duration_ms"),
                output_excerpt: text(data, "output_excerpt"),
            }),
            "test_run" => record.test_runs.push(scoring::TestRun {
                id: record.test_runs.len() as u64 + 1,
                t_ms: event.t_ms,
                hash: text(data, "hash"),
                results: test_results(data),
            }),
            _ => {}
        }
    }
    if let Some(lost_ms) = focus_lost {
        record.focus.push(scoring::FocusInterval {
            lost_ms,
            regained_ms: submitted_ms.max(lost_ms),
        });
    }
    record
}

/// Each paste event's number (in event order) as the engine numbers them: by time, then size, then text. Pastes
/// sent in one telemetry batch share the server's time, so event order alone could swap the `[paste N]` the
/// report cites and the entry the timeline names.
fn paste_numbers(events: &[Event]) -> Vec<usize> {
    let pastes: Vec<(u64, u64, String)> = events
        .iter()
        .filter(|e| e.kind == "paste")
        .map(|e| (e.t_ms, number(&e.data, "chars"), text(&e.data, "text")))
        .collect();
    let mut order: Vec<usize> = (0..pastes.len()).collect();
    order.sort_by(|&a, &b| pastes[a].cmp(&pastes[b]));
    let mut numbers = vec![0; pastes.len()];
    for (rank, &i) in order.iter().enumerate() {
        numbers[i] = rank + 1;
    }
    numbers
}

/// The recruiter's chronological view: started, each run and test run, each prompt, each insert of AI code (and
/// its removal when the engine found it withdrawn), each paste, each focus change, the first time every visible test passed, submitted. Numbered entries carry the `ref`
/// the score report's links use ("test run 3", "prompt 1", "paste 2").
pub fn timeline(
    started_at: DateTime<Utc>,
    events: &[Event],
    exchanges: &[Exchange],
    submitted_ms: u64,
    auto_submitted: bool,
    hidden_summary: &str,
    withdrawn: &[scoring::WithdrawnCode],
) -> Vec<Value> {
    let at = |t_ms: u64| (started_at + Duration::milliseconds(t_ms as i64)).to_rfc3339();
    let mut entries: Vec<(u64, Value)> = vec![(
        0,
        json!({"at": at(0), "t_ms": 0, "type": "started", "description": "Assessment started"}),
    )];
    let mut all_visible_passed = false;
    let mut run_number = 0;
    let mut test_number = 0;
    let paste_numbers = paste_numbers(events);
    let mut paste_seen = 0;
    let mut insert_number = 0;
    for event in events {
        let data = &event.data;
        let entry = match event.kind.as_str() {
            "run" => {
                run_number += 1;
                let outcome = if data.get("timed_out").and_then(Value::as_bool) == Some(true) {
                    "timed out".to_string()
                } else {
                    format!(
                        "exit code {}",
                        data.get("exit_code").and_then(Value::as_i64).unwrap_or(-1)
                    )
                };
                Some(
                    json!({"type": "code_run", "ref": format!("run {run_number}"),
                    "description": format!("Ran the code ({outcome}, {} ms)", number(data, "duration_ms"))}),
                )
            }
            "test_run" => {
                test_number += 1;
                let passed = number(data, "tests_passed");
                let total = number(data, "tests_total");
                let collection_failed = data.get("collection_error").is_some_and(|e| e.is_string());
                let mut description = if collection_failed {
                    "Ran the visible tests: pytest could not collect them (syntax or import error)"
                        .to_string()
                } else {
                    format!("Ran the visible tests: {passed}/{total} passed")
                };
                if total > 0 && passed == total && !all_visible_passed {
                    all_visible_passed = true;
                    description = format!("All visible tests passed ({passed}/{total})");
                }
                Some(
                    json!({"type": if passed == total && total > 0 { "tests_passed" } else { "test_run" },
                    "ref": format!("test run {test_number}"), "description": description}),
                )
            }
            "paste" => {
                let paste_number = paste_numbers[paste_seen];
                paste_seen += 1;
                Some(
                    json!({"type": "paste", "ref": format!("paste {paste_number}"),
                    "description": format!("Pasted {} characters", number(data, "chars"))}),
                )
            }
            "chat_insert" => {
                insert_number += 1;
                Some(
                    json!({"type": "ai_insert", "ref": format!("insert {insert_number}"),
                    "description": format!("Inserted the AI's code into the editor ({} characters)", number(data, "chars"))}),
                )
            }
            "focus_lost" => {
                Some(json!({"type": "focus_lost", "description": "Left the assessment tab"}))
            }
            "ai_reply_cut" => Some(json!({"type": "ai_reply_cut",
                "description": format!("The hints-only policy cut {} lines of code from an AI reply", number(data, "removed_lines"))})),
            "focus_gained" => Some(
                json!({"type": "focus_gained", "description": "Came back to the assessment tab"}),
            ),
            _ => None,
        };
        if let Some(mut entry) = entry {
            entry["at"] = json!(at(event.t_ms));
            entry["t_ms"] = json!(event.t_ms);
            entries.push((event.t_ms, entry));
        }
    }
    for (i, exchange) in exchanges.iter().enumerate() {
        let preview: String = exchange.message.chars().take(120).collect();
        entries.push((
            exchange.t_prompt_ms,
            json!({"at": at(exchange.t_prompt_ms), "t_ms": exchange.t_prompt_ms, "type": "ai_prompt",
                "ref": format!("prompt {}", i + 1), "description": format!("Asked the AI: {preview}")}),
        ));
    }
    // The engine decides from the code states whether inserted AI code came out again before any run.
    for w in withdrawn {
        entries.push((
            w.removed_ms,
            json!({"at": at(w.removed_ms), "t_ms": w.removed_ms, "type": "ai_removed",
                "description": format!("Removed the AI code from prompt {} (in the editor since {}) before running it: not adopted",
                    w.exchange, clock(w.inserted_ms))}),
        ));
    }
    let how = if auto_submitted {
        "Submitted automatically when time ran out"
    } else {
        "Submitted"
    };
    entries.push((
        submitted_ms,
        json!({"at": at(submitted_ms), "t_ms": submitted_ms, "type": "submitted",
            "description": format!("{how}; hidden tests: {hidden_summary}")}),
    ));
    entries.sort_by_key(|(t, _)| *t);
    entries.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, t_ms: u64, data: Value) -> Event {
        Event {
            kind: kind.into(),
            t_ms,
            data,
        }
    }

    #[test]
    fn record_pairs_focus_and_maps_runs() {
        let task = TaskFacts {
            description: "d",
            starter_code: "x = 1\n",
            duration_minutes: 30,
            test_weights: BTreeMap::new(),
            reference_fix_lines: 3,
            token_budget: None,
            ai_disabled: false,
        };
        let events = vec![
            event("snapshot", 1000, json!({"code": "x = 2\n", "hash": "h1"})),
            event("focus_lost", 2000, json!({})),
            event("focus_gained", 5000, json!({})),
            event(
                "run",
                6000,
                json!({"hash": "h1", "exit_code": 1, "duration_ms": 40}),
            ),
            event(
                "test_run",
                7000,
                json!({"hash": "h1", "results": [{"name": "t", "outcome": "passed"}]}),
            ),
            event("focus_lost", 8000, json!({})),
        ];
        let record = session_record(
            &task,
            &events,
            &[],
            "x = 2\n",
            9000,
            scoring::HiddenResults::Graded {
                results: vec![],
                run_error: None,
            },
            None,
        );
        assert_eq!(record.snapshots.len(), 1);
        assert_eq!(record.focus.len(), 2);
        assert_eq!(
            record.focus[1].regained_ms, 9000,
            "an open absence ends at submit"
        );
        assert_eq!(record.runs[0].outcome, scoring::RunOutcome::Error);
        // The timeline's own numbering: the first run and the first test run, whatever came before them.
        assert_eq!((record.runs[0].id, record.test_runs[0].id), (1, 1));
        assert!(record.test_runs[0].results[0].passed());
        assert_eq!(record.task.time_limit_ms, 30 * 60_000);
    }

    #[test]
    fn pastes_of_one_batch_are_numbered_as_the_engine_numbers_them() {
        // One telemetry batch: the server gives both pastes the same time; the engine orders them by size.
        let events = vec![
            event("paste", 500, json!({"chars": 900, "text": "x".repeat(900)})),
            event("paste", 500, json!({"chars": 12, "text": "y".repeat(12)})),
        ];
        let entries = timeline(Utc::now(), &events, &[], 3000, false, "", &[]);
        let refs: Vec<(&str, &str)> = entries
            .iter()
            .filter_map(|e| Some((e["ref"].as_str()?, e["description"].as_str()?)))
            .collect();
        assert_eq!(
            refs,
            [
                ("paste 2", "Pasted 900 characters"),
                ("paste 1", "Pasted 12 characters")
            ]
        );
    }

    #[test]
    fn timeline_lists_inserts_and_every_paste_with_their_numbers() {
        let events = vec![
            event("paste", 500, json!({"chars": 12})),
            event("chat_insert", 900, json!({"chars": 240})),
            event("paste", 1500, json!({"chars": 900})),
        ];
        let withdrawn = [scoring::WithdrawnCode {
            exchange: 1,
            inserted_ms: 950,
            removed_ms: 1200,
        }];
        let entries = timeline(
            Utc::now(),
            &events,
            &[],
            3000,
            false,
            "5/5 passed",
            &withdrawn,
        );
        let removed = entries.iter().find(|e| e["type"] == "ai_removed").unwrap();
        assert_eq!(
            removed["description"],
            "Removed the AI code from prompt 1 (in the editor since 00:00) before running it: not adopted"
        );
        assert_eq!(removed["t_ms"], 1200);
        let refs: Vec<&str> = entries.iter().filter_map(|e| e["ref"].as_str()).collect();
        assert_eq!(refs, ["paste 1", "insert 1", "paste 2"]);
        assert_eq!(
            entries[2]["description"],
            "Inserted the AI's code into the editor (240 characters)"
        );
        assert_eq!(entries[1]["description"], "Pasted 12 characters");
    }

    #[test]
    fn timeline_marks_the_first_all_green_test_run() {
        let events = vec![
            event(
                "test_run",
                1000,
                json!({"tests_passed": 1, "tests_total": 3}),
            ),
            event(
                "test_run",
                2000,
                json!({"tests_passed": 3, "tests_total": 3}),
            ),
        ];
        let entries = timeline(Utc::now(), &events, &[], 3000, false, "5/5 passed", &[]);
        let kinds: Vec<&str> = entries
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["started", "test_run", "tests_passed", "submitted"]);
        assert!(
            entries[2]["description"]
                .as_str()
                .unwrap()
                .starts_with("All visible tests passed")
        );
    }
}
