//! Delivers one outbox message through the configured transport; the email job calls it, and retries it on a
//! transient failure. Without a transport the message is marked `stored`: the outbox page is where a local user
//! reads it. The row is the record the Emails page shows, so every attempt is written back to it.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, sea_query::Expr,
};
use tali_mail::{Email, MailError, Transport};

use super::outbox::QUEUED;
use crate::db::entities::email_outbox;

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// Sending again later may work (rate limit, provider outage, network).
    #[error("{0}")]
    Transient(String),
    /// Sending again cannot work (rejected recipient, invalid key, bad settings).
    #[error("{0}")]
    Permanent(String),
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
}

/// Sends outbox message `id` unless it is no longer queued, so a job that runs twice sends once (and the
/// provider deduplicates on the row's idempotency key if a crash came between sending and recording).
pub async fn deliver(
    db: &DatabaseConnection,
    transport: Option<&dyn Transport>,
    id: i32,
) -> Result<(), DeliveryError> {
    let Some(row) = email_outbox::Entity::find_by_id(id).one(db).await? else {
        tracing::warn!(outbox_id = id, "outbox message is gone; nothing to deliver");
        return Ok(());
    };
    if row.status != QUEUED {
        return Ok(());
    }
    let Some(transport) = transport else {
        let mut update = row.into_active_model();
        update.status = Set("stored".into());
        update.update(db).await?;
        counted("stored", "none");
        return Ok(());
    };
    let email = Email {
        to: row.to_email.clone(),
        subject: row.subject.clone(),
        html: row.html.clone(),
        text: row.text.clone(),
        idempotency_key: Some(row.idempotency_key.clone()),
        tags: Vec::new(),
    };
    let result = transport.send(&email).await;
    let mut update = row.clone().into_active_model();
    update.attempts = Set(row.attempts + 1);
    update.transport = Set(transport.name().to_string());
    match result {
        Ok(receipt) => {
            update.status = Set("sent".into());
            update.sent_at = Set(Some(Utc::now()));
            update.provider_id = Set(receipt.provider_id);
            update.last_error = Set(None);
            update.update(db).await?;
            counted("sent", transport.name());
            Ok(())
        }
        Err(err) => {
            update.last_error = Set(Some(err.to_string()));
            update.update(db).await?;
            counted("attempt_failed", transport.name());
            Err(match err {
                MailError::Permanent(_) | MailError::Config(_) => {
                    DeliveryError::Permanent(err.to_string())
                }
                MailError::Transient(_) => DeliveryError::Transient(err.to_string()),
            })
        }
    }
}

fn counted(status: &'static str, transport: &'static str) {
    metrics::counter!("emails_total", "status" => status, "transport" => transport).increment(1);
}

/// Marks a queued message `failed` after its job gave up, so the Emails page shows it.
pub async fn give_up(db: &DatabaseConnection, id: i32, error: &str) -> Result<(), sea_orm::DbErr> {
    counted("failed", "any");
    email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::Status, Expr::value("failed"))
        .col_expr(email_outbox::Column::LastError, Expr::value(error))
        .filter(email_outbox::Column::Id.eq(id))
        .filter(email_outbox::Column::Status.eq(QUEUED))
        .exec(db)
        .await?;
    Ok(())
}
