//! The session's recorded evidence: every code state, run, test run, paste and focus change, as rows of
//! `assessment_events` with their time since the start (`t_ms`: the server's clock for what the server does, the
//! client's corrected and bounded time for telemetry, see `event_time`) and the time of receipt (`at`). Client events carry their own id, so a
//! retried upload stores nothing twice.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

use super::elapsed_ms;
use super::evidence::{Event, code_hash};
use crate::db::entities::{assessment, assessment_event, task};
use crate::domain::Result;

pub async fn load(db: &impl ConnectionTrait, assessment_id: i32) -> Result<Vec<Event>> {
    Ok(assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(assessment_id))
        .order_by_asc(assessment_event::Column::TMs)
        .order_by_asc(assessment_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| Event {
            kind: e.kind,
            t_ms: e.t_ms.max(0) as u64,
            data: e.data.unwrap_or(Value::Null),
        })
        .collect())
}

/// The newest code the server has seen (a snapshot, or code sent with a run), else the starter code.
pub async fn latest_code(
    db: &impl ConnectionTrait,
    assessment: &assessment::Model,
    task: &task::Model,
) -> Result<String> {
    let latest = assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(assessment.id))
        .filter(assessment_event::Column::Kind.eq("snapshot"))
        .order_by_desc(assessment_event::Column::TMs)
        .order_by_desc(assessment_event::Column::Id)
        .one(db)
        .await?;
    Ok(latest
        .and_then(|e| e.data)
        .and_then(|d| d.get("code").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| task.starter_code.clone()))
}

/// Stores one event that happened on receipt; false when its id was already stored (a retried upload).
pub async fn record(
    db: &impl ConnectionTrait,
    assessment: &assessment::Model,
    client_id: &str,
    kind: &str,
    data: Value,
    now: DateTime<Utc>,
) -> Result<bool> {
    record_at(db, assessment, client_id, kind, data, now, now).await
}

/// Stores one event that happened at `happened` (at or before its receipt `now`); false when its id was
/// already stored.
pub async fn record_at(
    db: &impl ConnectionTrait,
    assessment: &assessment::Model,
    client_id: &str,
    kind: &str,
    data: Value,
    happened: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = assessment_event::ActiveModel {
        assessment_id: Set(assessment.id),
        client_id: Set(client_id.to_string()),
        kind: Set(kind.to_string()),
        t_ms: Set(elapsed_ms(assessment, happened) as i64),
        at: Set(now),
        data: Set(Some(data)),
        ..Default::default()
    };
    let result = assessment_event::Entity::insert(row)
        .on_conflict_do_nothing_on([
            assessment_event::Column::AssessmentId,
            assessment_event::Column::ClientId,
        ])
        .exec(db)
        .await?;
    Ok(matches!(result, sea_orm::TryInsertResult::Inserted(_)))
}

/// Records the code a run used as a snapshot, so the evidence holds every state that was executed; returns its
/// hash.
pub async fn record_code_state(
    db: &impl ConnectionTrait,
    assessment: &assessment::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let hash = code_hash(code);
    let client_id = format!("server-snapshot-{hash}-{}", elapsed_ms(assessment, now));
    record(
        db,
        assessment,
        &client_id,
        "snapshot",
        json!({"code": code, "hash": hash}),
        now,
    )
    .await?;
    Ok(hash)
}
