//! Hands committed work to the job queue. Emails are written to `email_outbox` inside the request's transaction;
//! pushing the job only after the commit (and from a loop rather than the request) means a message is neither
//! sent for a rolled-back request nor lost when the process dies, or the queue is down, in between. The judges
//! are pushed by the submit itself; a slower pass catches a submit whose push failed.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use super::{Job, JobError};
use crate::app::AppState;
use crate::db::entities::email_outbox;
use crate::email::QUEUED;
use crate::session::judges;

const RELAY_EVERY: Duration = Duration::from_millis(500);
const JUDGES_EVERY: Duration = Duration::from_secs(60);
const PAUSE_AFTER_ERROR: Duration = Duration::from_secs(5);
const BATCH: u64 = 50;

/// Relays forever; runs in every process (server and worker), which is safe: the job's idempotency key makes a
/// message that two processes relay at once one job.
pub async fn run(state: AppState) {
    let mut emails = tokio::time::interval(RELAY_EVERY);
    let mut judges = tokio::time::interval(JUDGES_EVERY);
    loop {
        let relayed = tokio::select! {
            _ = emails.tick() => relay_emails(&state).await,
            _ = judges.tick() => judges::enqueue_overlooked(&state).await,
        };
        if let Err(err) = relayed {
            tracing::warn!(error = %err, "outbox relay failed; will try again");
            // The queue or the database is down: try again, but without a log line every tick.
            tokio::time::sleep(PAUSE_AFTER_ERROR).await;
        }
    }
}

async fn relay_emails(state: &AppState) -> Result<(), JobError> {
    let pending: Vec<(i32, DateTime<Utc>)> = email_outbox::Entity::find()
        .select_only()
        .columns([email_outbox::Column::Id, email_outbox::Column::CreatedAt])
        .filter(email_outbox::Column::Status.eq(QUEUED))
        .filter(email_outbox::Column::EnqueuedAt.is_null())
        .order_by_asc(email_outbox::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(&state.db)
        .await?;
    for (id, created_at) in pending {
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
