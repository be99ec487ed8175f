use sea_orm::entity::prelude::*;

/// Every email the app sends, whatever the transport: the record of what went out and, without an email
/// service, the place a local user reads it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: Option<i32>,
    pub kind: String,
    pub to_email: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub html: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub status: String,
    pub transport: String,
    pub idempotency_key: String,
    pub attempts: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub provider_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// When the row was handed to the job queue; unset rows are picked up by the outbox relay.
    pub enqueued_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
