use sea_orm::entity::prelude::*;

/// One prompt to the AI assistant and its reply, appended as the reply completes.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_exchanges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assessment_id: i32,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    #[sea_orm(column_type = "Text")]
    pub response: String,
    pub created_at: DateTimeUtc,
    pub responded_at: DateTimeUtc,
    /// Milliseconds from the session's start to the prompt and to the reply, by the server's clock.
    pub t_prompt_ms: i64,
    pub t_reply_ms: i64,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub latency_ms: i64,
    /// Hash of the candidate's code when the prompt was sent.
    pub code_hash: String,
    /// The prompt-quality judge's 0-10 score, once judged.
    pub quality_score: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
