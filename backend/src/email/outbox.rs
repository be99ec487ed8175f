use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use tali_mail::Email;

use crate::db::entities::email_outbox;

/// Waiting for delivery; the email job moves it to `sent`, `failed`, or `stored` (no email service).
pub const QUEUED: &str = "queued";

/// Stores the message for `organization_id`; a second call with the same idempotency key is a no-op, so a
/// retried request or job never queues the same email twice.
pub async fn queue(
    db: &impl ConnectionTrait,
    organization_id: Option<i32>,
    email: Email,
    idempotency_key: String,
) -> Result<(), sea_orm::DbErr> {
    let row = email_outbox::ActiveModel {
        organization_id: Set(organization_id),
        kind: Set(email.kind().unwrap_or("other").to_string()),
        to_email: Set(email.to),
        subject: Set(email.subject),
        html: Set(email.html),
        text: Set(email.text),
        status: Set(QUEUED.into()),
        transport: Set("outbox".into()),
        idempotency_key: Set(idempotency_key),
        attempts: Set(0),
        last_error: Set(None),
        provider_id: Set(None),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        enqueued_at: Set(None),
        ..Default::default()
    };
    email_outbox::Entity::insert(row)
        .on_conflict_do_nothing_on([email_outbox::Column::IdempotencyKey])
        .exec(db)
        .await?;
    Ok(())
}
