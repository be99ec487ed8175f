//! The session replay a reviewer scrubs through: every stored code state, the markers (pastes, runs, test runs,
//! AI inserts, focus changes) and the chat, on the session's clock. Snapshots are sent as line diffs from the
//! previous one (the first from empty text) so a three-hour session stays well under a megabyte; the browser
//! rebuilds each state exactly (`frontend/src/features/assessments/detail/replay/replayData.js`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::assessments::find_own;
use crate::domain::Result;
use crate::session::evidence::Event;
use crate::session::{chat, events};
use crate::state::AppState;

/// A paste keeps at most this much of its text in the replay (the evidence keeps more).
const PASTE_PREVIEW_CHARS: usize = 2_000;

/// One code state as a change of lines from the previous state: keep `keep_start` lines from its start and
/// `keep_end` from its end, and put `lines` between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SnapshotDiff {
    /// Milliseconds since the session started.
    pub at: u64,
    pub keep_start: usize,
    pub keep_end: usize,
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayEvent {
    pub at: u64,
    /// paste, chat_insert, run, test_run, focus_lost, focus_gained, ai_reply_cut.
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(value_type = Object)]
    pub data: Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayChat {
    pub at: u64,
    /// user or assistant.
    pub role: String,
    pub content: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Replay {
    pub snapshots: Vec<SnapshotDiff>,
    pub events: Vec<ReplayEvent>,
    pub chat: Vec<ReplayChat>,
    pub starter_code: String,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The session's length in milliseconds (to the submit, or to the last thing recorded).
    pub duration_ms: u64,
}

/// The organization's assessment as a replay; 404 for another organization's.
pub async fn replay(state: &AppState, organization_id: i32, id: i32) -> Result<Replay> {
    let found = find_own(&state.db, organization_id, id).await?;
    let task = crate::session::access::task_of(&state.db, &found).await?;
    let stored = events::load(&state.db, found.id).await?;
    let exchanges = chat::exchanges(&state.db, found.id).await?;
    let codes: Vec<(u64, String)> = stored
        .iter()
        .filter(|e| e.kind == "snapshot")
        .map(|e| (e.t_ms, text(&e.data, "code")))
        .collect();
    let chat: Vec<ReplayChat> = exchanges
        .iter()
        .flat_map(|e| {
            [
                ReplayChat {
                    at: e.t_prompt_ms,
                    role: "user".into(),
                    content: e.message.clone(),
                },
                ReplayChat {
                    at: e.t_reply_ms,
                    role: "assistant".into(),
                    content: e.response.clone(),
                },
            ]
        })
        .collect();
    let markers: Vec<ReplayEvent> = stored.iter().filter_map(marker).collect();
    let last_recorded = codes
        .iter()
        .map(|(at, _)| *at)
        .chain(markers.iter().map(|m| m.at))
        .chain(chat.iter().map(|c| c.at))
        .max()
        .unwrap_or(0);
    let submitted = match (found.started_at, found.completed_at) {
        (Some(start), Some(end)) => (end - start).num_milliseconds().max(0) as u64,
        _ => 0,
    };
    Ok(Replay {
        snapshots: encode(&codes),
        events: markers,
        chat,
        starter_code: task.starter_code,
        started_at: found.started_at,
        completed_at: found.completed_at,
        duration_ms: submitted.max(last_recorded),
    })
}

fn text(data: &Value, key: &str) -> String {
    data.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// What the scrubber marks of an event, with the few facts its label needs; `None` for code states and
/// heartbeats.
fn marker(event: &Event) -> Option<ReplayEvent> {
    let d = &event.data;
    let data = match event.kind.as_str() {
        "paste" => {
            let preview: String = text(d, "text").chars().take(PASTE_PREVIEW_CHARS).collect();
            json!({"source": "clipboard", "chars": d.get("chars"), "line": d.get("line"), "text": preview})
        }
        "chat_insert" => json!({"source": "assistant", "chars": d.get("chars")}),
        "run" => json!({"exit_code": d.get("exit_code"), "timed_out": d.get("timed_out")}),
        "test_run" => json!({"passed": d.get("tests_passed"), "total": d.get("tests_total")}),
        "focus_lost" | "focus_gained" => json!({}),
        "ai_reply_cut" => d.clone(),
        _ => return None,
    };
    Some(ReplayEvent {
        at: event.t_ms,
        kind: event.kind.clone(),
        data,
    })
}

/// Each code state as a line diff from the one before it (the first from empty text).
pub fn encode(codes: &[(u64, String)]) -> Vec<SnapshotDiff> {
    let mut previous: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(codes.len());
    for (at, code) in codes {
        let lines: Vec<&str> = code.split('\n').collect();
        out.push(diff(*at, &previous, &lines));
        previous = lines;
    }
    out
}

fn diff(at: u64, before: &[&str], after: &[&str]) -> SnapshotDiff {
    let keep_start = before.iter().zip(after).take_while(|(a, b)| a == b).count();
    // The kept end never overlaps the kept start in either text.
    let room = before.len().min(after.len()) - keep_start;
    let keep_end = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    SnapshotDiff {
        at,
        keep_start,
        keep_end,
        lines: after[keep_start..after.len() - keep_end]
            .iter()
            .map(|l| l.to_string())
            .collect(),
    }
}

/// Rebuilds every code state from the diffs (what the browser does; kept here to test the encoding).
pub fn decode(diffs: &[SnapshotDiff]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(diffs.len());
    for d in diffs {
        let mut next: Vec<String> = lines[..d.keep_start].to_vec();
        next.extend(d.lines.iter().cloned());
        next.extend(lines[lines.len() - d.keep_end..].iter().cloned());
        out.push(next.join("\n"));
        lines = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn roundtrip(codes: Vec<String>) {
        let timed: Vec<(u64, String)> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u64 * 1000, c.clone()))
            .collect();
        assert_eq!(decode(&encode(&timed)), codes);
    }

    #[test]
    fn edge_cases_rebuild_exactly() {
        roundtrip(vec![
            String::new(),
            "a".into(),
            "a\n".into(),
            "a\n\n".into(),
            "\n".into(),
            "x\na\nx".into(),
            "x\nx".into(),
            "x\nx\nx".into(),
            "é ü 💡\nx".into(),
            String::new(),
        ]);
    }

    /// An edit: replace `remove` lines at `at` (both taken modulo the text) by `insert`.
    fn apply(code: &str, at: usize, remove: usize, insert: &[String]) -> String {
        let mut lines: Vec<String> = code.split('\n').map(str::to_string).collect();
        let at = at % (lines.len() + 1);
        let remove = remove.min(lines.len() - at);
        lines.splice(at..at + remove, insert.iter().cloned());
        lines.join("\n")
    }

    proptest! {
        #[test]
        fn random_edit_sequences_rebuild_exactly(
            start in "[a-c \n]{0,40}",
            edits in prop::collection::vec(
                (0usize..30, 0usize..4, prop::collection::vec("[a-c\u{e9} ]{0,6}", 0..4)),
                0..40,
            ),
        ) {
            let mut codes = vec![start];
            for (at, remove, insert) in edits {
                let next = apply(codes.last().unwrap(), at, remove, &insert);
                codes.push(next);
            }
            roundtrip(codes);
        }
    }
}
