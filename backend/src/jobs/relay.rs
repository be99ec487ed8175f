//! Hands committed work to the job queue. Emails are written to `email_outbox` inside the request's transaction;
//! pushing the job only after the commit (and from a loop rather than the request) means a message is neither
//! sent for a rolled-back request nor lost when the process dies, or the queue is down, in between. The judges
//! are pushed by the submit itself. A slower pass pushes again what the queue seems to have lost (a submit whose
//! push failed, a message still queued long after it was enqueued, as after Redis lost its data); pushing again
//! is harmless, since a job whose key the storage still holds is not duplicated.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, IntoCondition};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{Job, JobError};
use crate::db::entities::email_outbox;
use crate::email::QUEUED;
use crate::session::judges;
use crate::state::AppState;

const RELAY_EVERY: Duration = Duration::from_millis(500);
const RECOVERY_EVERY: Duration = Duration::from_secs(60);
/// Longer than an email job's retries take, so a message still queued this long after it was enqueued has no job.
const STRANDED_AFTER: chrono::Duration = chrono::Duration::minutes(15);
const PAUSE_AFTER_ERROR: Duration = Duration::from_secs(5);
const BATCH: u64 = 50;

/// Relays forever; runs in every process (server and worker), which is safe: the job's idempotency key makes a
/// message that two processes relay at once one job.
pub async fn run(state: AppState) {
    let mut emails = tokio::time::interval(RELAY_EVERY);
    let mut recovery = tokio::time::interval(RECOVERY_EVERY);
    loop {
        let relayed = tokio::select! {
            _ = emails.tick() => relay_emails(&state).await,
            _ = recovery.tick() => recover(&state).await,
        };
        if let Err(err) = relayed {
            tracing::warn!(error = %err, "outbox relay failed; will try again");
            // The queue or the database is down: try again, but without a log line every tick.
            tokio::time::sleep(PAUSE_AFTER_ERROR).await;
        }
    }
}

async fn relay_emails(state: &AppState) -> Result<(), JobError> {
    let pending = queued_emails(state, email_outbox::Column::EnqueuedAt.is_null()).await?;
    enqueue_emails(state, pending).await
}

async fn recover(state: &AppState) -> Result<(), JobError> {
    let stranded = queued_emails(
        state,
        email_outbox::Column::EnqueuedAt.lt(Utc::now() - STRANDED_AFTER),
    )
    .await?;
    enqueue_emails(state, stranded).await?;
    Ok(judges::enqueue_overlooked(state).await?)
}

async fn queued_emails(
    state: &AppState,
    enqueued: impl IntoCondition,
) -> Result<Vec<(i32, DateTime<Utc>)>, JobError> {
    Ok(email_outbox::Entity::find()
        .select_only()
        .columns([email_outbox::Column::Id, email_outbox::Column::CreatedAt])
        .filter(email_outbox::Column::Status.eq(QUEUED))
        .filter(enqueued)
        .order_by_asc(email_outbox::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(&state.db)
        .await?)
}

async fn enqueue_emails(
    state: &AppState,
    messages: Vec<(i32, DateTime<Utc>)>,
) -> Result<(), JobError> {
    for (id, created_at) in messages {
        // The creation time keeps keys unique should the database be recreated while Redis keeps its keys.
        let key = format!("email/{id}/{}", created_at.timestamp_micros());
        state
            .jobs
            .push(Job::DeliverEmail { outbox_id: id }, &key)
            .await?;
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::EnqueuedAt, Expr::value(Utc::now()))
            .filter(email_outbox::Column::Id.eq(id))
            .exec(&state.db)
            .await?;
    }
    Ok(())
}
