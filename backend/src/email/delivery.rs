//! Sends queued outbox messages through the configured transport, with retries and backoff. Without a
//! transport, messages are marked `stored`: the outbox page is where a local user reads them.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use tali_mail::{Email, MailError, Transport};

use super::outbox::QUEUED;
use crate::db::entities::email_outbox;

/// Attempts before a message is marked `failed` for an operator to look at.
pub const MAX_ATTEMPTS: i32 = 5;
const BATCH: u64 = 20;

/// Delivers the messages that are due; returns how many were handled.
pub async fn deliver_due(
    db: &DatabaseConnection,
    transport: Option<&dyn Transport>,
) -> Result<usize, sea_orm::DbErr> {
    let now = Utc::now();
    let Some(transport) = transport else {
        let stored = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, Expr::value("stored"))
            .filter(email_outbox::Column::Status.eq(QUEUED))
            .exec(db)
            .await?;
        return Ok(stored.rows_affected as usize);
    };
    let due = email_outbox::Entity::find()
        .filter(email_outbox::Column::Status.eq(QUEUED))
        .filter(
            Condition::any()
                .add(email_outbox::Column::NextAttemptAt.is_null())
                .add(email_outbox::Column::NextAttemptAt.lte(now)),
        )
        .order_by_asc(email_outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let count = due.len();
    for row in due {
        let email = Email {
            to: row.to_email.clone(),
            subject: row.subject.clone(),
            html: row.html.clone(),
            text: row.text.clone(),
            // The provider deduplicates on this key, so a crash between sending and recording sends once.
            idempotency_key: Some(row.idempotency_key.clone()),
            tags: Vec::new(),
        };
        let result = transport.send(&email).await;
        let attempts = row.attempts + 1;
        let mut update = row.into_active_model();
        update.attempts = Set(attempts);
        update.transport = Set(transport.name().to_string());
        match result {
            Ok(receipt) => {
                update.status = Set("sent".into());
                update.sent_at = Set(Some(Utc::now()));
                update.provider_id = Set(receipt.provider_id);
                update.last_error = Set(None);
            }
            Err(err) => {
                let permanent = matches!(err, MailError::Permanent(_) | MailError::Config(_));
                update.last_error = Set(Some(err.to_string()));
                if permanent || attempts >= MAX_ATTEMPTS {
                    tracing::error!(error = %err, attempts, "email delivery failed for good");
                    update.status = Set("failed".into());
                } else {
                    tracing::warn!(error = %err, attempts, "email delivery failed; will retry");
                    update.next_attempt_at = Set(Some(Utc::now() + backoff(attempts)));
                }
            }
        }
        update.update(db).await?;
    }
    Ok(count)
}

/// 10 s, 40 s, 2.7 min, 10.7 min: quick enough for a blip, patient with an outage.
fn backoff(attempts: i32) -> Duration {
    Duration::seconds(10 * 4i64.pow(attempts.clamp(1, 6) as u32 - 1))
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows() {
        assert_eq!(backoff(1).num_seconds(), 10);
        assert_eq!(backoff(2).num_seconds(), 40);
        assert!(backoff(4) > backoff(3));
    }
}
