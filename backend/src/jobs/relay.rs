//! Hands committed outbox messages to the job queue. Emails are written to `email_outbox` inside the request's
//! transaction; pushing the job only after the commit (and from a loop rather than the request) means a message
//! is neither sent for a rolled-back request nor lost when the process dies, or the queue is down, in between.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use super::{Job, JobError};
use crate::app::AppState;
use crate::db::entities::email_outbox;
use crate::email::QUEUED;

const RELAY_EVERY: Duration = Duration::from_millis(500);
const PAUSE_AFTER_ERROR: Duration = Duration::from_secs(5);
const BATCH: u64 = 50;

/// Relays forever; runs in every process (server and worker), which is safe: the job's idempotency key makes a
/// message that two processes relay at once one job.
pub async fn run(state: AppState) {
    let mut every = tokio::time::interval(RELAY_EVERY);
    loop {
        every.tick().await;
        if let Err(err) = relay_pending(&state).await {
            tracing::warn!(error = %err, "outbox relay failed; will try again");
            // The queue or the database is down: try again, but without a log line every tick.
            tokio::time::sleep(PAUSE_AFTER_ERROR).await;
        }
    }
}

async fn relay_pending(state: &AppState) -> Result<(), JobError> {
    let pending = email_outbox::Entity::find()
        .filter(email_outbox::Column::Status.eq(QUEUED))
        .filter(email_outbox::Column::EnqueuedAt.is_null())
        .order_by_asc(email_outbox::Column::Id)
        .limit(BATCH)
        .all(&state.db)
        .await?;
    for message in pending {
        // The creation time keeps keys unique should the database be recreated while Redis keeps its keys.
        let key = format!(
            "email/{}/{}",
            message.id,
            message.created_at.timestamp_micros()
        );
        state
            .jobs
            .push(
                Job::DeliverEmail {
                    outbox_id: message.id,
                },
                &key,
            )
            .await?;
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::EnqueuedAt, Expr::value(Utc::now()))
            .filter(email_outbox::Column::Id.eq(message.id))
            .exec(&state.db)
            .await?;
    }
    Ok(())
}
