//! Batched telemetry from the IDE (code snapshots, pastes, focus changes, clicks), idempotent by the client's
//! event id and accepted until the grace period after the deadline: a tab closing at 0:00 still counts. Each
//! event is dated by the client's time, corrected and bounded (`event_time`), not by when its batch arrived.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::{MAX_CODE_BYTES, SUBMIT_GRACE, access, event_time, events, evidence::code_hash};
use crate::db::entities::assessment;
use crate::domain::{Error, Result};
use crate::state::AppState;

const MAX_EVENTS_PER_BATCH: usize = 500;
/// A paste keeps at most this much of its text as evidence.
const MAX_PASTE_CHARS: usize = 20_000;
const EVENT_KINDS: [&str; 8] = [
    "snapshot",
    "heartbeat",
    "paste",
    "focus_lost",
    "focus_gained",
    "run_click",
    "test_click",
    "chat_insert",
];

#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub data: Value,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EventBatch {
    pub events: Vec<ClientEvent>,
    /// When the client sent the batch, by the clock that dated its events (RFC 3339): the server corrects the
    /// events' times by the difference to receipt.
    #[serde(default)]
    pub sent_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventsOut {
    pub accepted: usize,
    pub duplicates: usize,
}

pub async fn record(
    state: &AppState,
    assessment: &assessment::Model,
    batch: EventBatch,
) -> Result<EventsOut> {
    let now = Utc::now();
    access::require_running(assessment, now, SUBMIT_GRACE)?;
    check(&batch)?;
    let sent = batch
        .sent_at
        .as_deref()
        .map(|s| event_time::parse("sent_at", s))
        .transpose()?;
    let skew = event_time::skew(sent, now);
    let mut dated = Vec::with_capacity(batch.events.len());
    for (i, event) in batch.events.iter().enumerate() {
        let at = event
            .at
            .as_deref()
            .map(|s| event_time::parse(&format!("events[{i}].at"), s))
            .transpose()?;
        dated.push(event_time::bounded(at, skew, assessment.started_at, now));
    }
    let (mut accepted, mut duplicates) = (0, 0);
    for (event, happened) in batch.events.iter().zip(dated) {
        let data = evidence_of(event)?;
        if events::record_at(
            &state.db,
            assessment,
            &event.id,
            &event.kind,
            data,
            happened,
            now,
        )
        .await?
        {
            accepted += 1;
        } else {
            duplicates += 1;
        }
    }
    Ok(EventsOut {
        accepted,
        duplicates,
    })
}

fn check(batch: &EventBatch) -> Result<()> {
    if batch.events.len() > MAX_EVENTS_PER_BATCH {
        return Err(Error::invalid(
            "events",
            format!("at most {MAX_EVENTS_PER_BATCH} events per request"),
        ));
    }
    for (i, event) in batch.events.iter().enumerate() {
        if event.id.is_empty() || event.id.len() > 100 {
            return Err(Error::invalid(
                &format!("events[{i}].id"),
                "must have 1 to 100 characters",
            ));
        }
        if !EVENT_KINDS.contains(&event.kind.as_str()) {
            return Err(Error::invalid(
                &format!("events[{i}].type"),
                format!("must be one of: {}", EVENT_KINDS.join(", ")),
            ));
        }
    }
    Ok(())
}

/// What is kept of an event: the fields the evidence reads, bounded.
fn evidence_of(event: &ClientEvent) -> Result<Value> {
    let data = &event.data;
    Ok(match event.kind.as_str() {
        "snapshot" => {
            let code = data.get("code").and_then(Value::as_str).unwrap_or_default();
            if code.len() > MAX_CODE_BYTES {
                return Err(Error::invalid("code", "is too large"));
            }
            json!({"code": code, "hash": code_hash(code)})
        }
        "paste" => {
            let text: String = data
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .chars()
                .take(MAX_PASTE_CHARS)
                .collect();
            let chars = data
                .get("chars")
                .and_then(Value::as_u64)
                .unwrap_or(text.chars().count() as u64);
            json!({"chars": chars, "text": text, "line": data.get("line")})
        }
        "chat_insert" => json!({
            "chars": data.get("chars").and_then(Value::as_u64).unwrap_or(0),
            "line": data.get("line").and_then(Value::as_u64),
        }),
        _ => json!({}),
    })
}
