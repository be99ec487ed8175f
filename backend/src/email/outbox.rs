use chrono::Utc;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::db::entities::email_outbox;

pub struct OutgoingEmail {
    pub organization_id: Option<i32>,
    /// What the message is for (`invitation`, `results`, `password_reset`), shown in the outbox.
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub html: String,
    pub text: String,
    /// Makes queueing idempotent: the same key twice stores (and later sends) one message.
    pub idempotency_key: String,
}

/// Stores the message; a second call with the same idempotency key is a no-op.
pub async fn queue(db: &DatabaseConnection, email: OutgoingEmail) -> Result<(), sea_orm::DbErr> {
    let row = email_outbox::ActiveModel {
        organization_id: Set(email.organization_id),
        kind: Set(email.kind.to_string()),
        to_email: Set(email.to),
        subject: Set(email.subject),
        html: Set(email.html),
        text: Set(email.text),
        status: Set("stored".into()),
        transport: Set("outbox".into()),
        idempotency_key: Set(email.idempotency_key),
        attempts: Set(0),
        last_error: Set(None),
        provider_id: Set(None),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        ..Default::default()
    };
    email_outbox::Entity::insert(row)
        .on_conflict_do_nothing_on([email_outbox::Column::IdempotencyKey])
        .exec(db)
        .await?;
    Ok(())
}
