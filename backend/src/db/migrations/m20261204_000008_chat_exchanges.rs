//! Chat exchanges as rows. The conversation lived in `assessments.ai_prompts`, a JSON array read, extended and
//! written back per request, so two overlapping requests could lose an exchange; each exchange is now one
//! inserted row. Existing conversations move over, and `ai_prompts` goes.
//!
//! `assessment_sessions` goes too: its counters were written on every run and chat and never read (the events and
//! the exchanges hold the same facts, with times).

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};
use serde_json::Value;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChatExchanges::Table)
                    .col(pk_auto(ChatExchanges::Id))
                    .col(integer(ChatExchanges::AssessmentId))
                    .col(text(ChatExchanges::Message))
                    .col(text(ChatExchanges::Response))
                    .col(timestamp_with_time_zone(ChatExchanges::CreatedAt))
                    .col(timestamp_with_time_zone(ChatExchanges::RespondedAt))
                    .col(big_integer(ChatExchanges::TPromptMs))
                    .col(big_integer(ChatExchanges::TReplyMs))
                    .col(big_integer(ChatExchanges::InputTokens))
                    .col(big_integer(ChatExchanges::OutputTokens))
                    .col(big_integer(ChatExchanges::LatencyMs))
                    .col(string(ChatExchanges::CodeHash))
                    .col(double_null(ChatExchanges::QualityScore))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChatExchanges::Table, ChatExchanges::AssessmentId)
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_chat_exchanges_assessment")
                    .table(ChatExchanges::Table)
                    .col(ChatExchanges::AssessmentId)
                    .col(ChatExchanges::Id)
                    .to_owned(),
            )
            .await?;
        move_conversations_to_rows(manager).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .drop_column(Assessments::AiPrompts)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AssessmentSessions::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AssessmentSessions::Table)
                    .col(pk_auto(AssessmentSessions::Id))
                    .col(integer_uniq(AssessmentSessions::AssessmentId))
                    .col(timestamp_with_time_zone(AssessmentSessions::SessionStart))
                    .col(timestamp_with_time_zone_null(
                        AssessmentSessions::SessionEnd,
                    ))
                    .col(integer(AssessmentSessions::Keystrokes).default(0))
                    .col(integer(AssessmentSessions::CodeExecutions).default(0))
                    .col(integer(AssessmentSessions::AiRequests).default(0))
                    .col(json_binary_null(AssessmentSessions::ActivityLog))
                    .col(timestamp_with_time_zone(AssessmentSessions::CreatedAt))
                    .col(timestamp_with_time_zone(AssessmentSessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AssessmentSessions::Table, AssessmentSessions::AssessmentId)
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(json_binary_null(Assessments::AiPrompts))
                    .to_owned(),
            )
            .await?;
        move_rows_to_conversations(manager).await?;
        manager
            .drop_table(Table::drop().table(ChatExchanges::Table).to_owned())
            .await
    }
}

/// The columns of an exchange, in the order both directions read and write them.
const FIELDS: [&str; 11] = [
    "message",
    "response",
    "created_at",
    "responded_at",
    "t_prompt_ms",
    "t_reply_ms",
    "input_tokens",
    "output_tokens",
    "latency_ms",
    "code_hash",
    "quality_score",
];

async fn move_conversations_to_rows(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, ai_prompts FROM assessments WHERE ai_prompts IS NOT NULL",
        ))
        .await?;
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let conversation = json_column(backend, &row, "ai_prompts")?;
        for exchange in conversation.as_array().into_iter().flatten() {
            let text = |key: &str| {
                exchange
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            };
            let number = |key: &str| exchange.get(key).and_then(Value::as_i64).unwrap_or(0);
            let time = |key: &str| {
                exchange
                    .get(key)
                    .and_then(Value::as_str)
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .unwrap_or_default()
            };
            let insert = Query::insert()
                .into_table(ChatExchanges::Table)
                .columns(
                    [Alias::new("assessment_id")]
                        .into_iter()
                        .chain(FIELDS.map(Alias::new)),
                )
                .values_panic([
                    id.into(),
                    text("message").into(),
                    text("response").into(),
                    time("created_at").into(),
                    time("responded_at").into(),
                    number("t_prompt_ms").into(),
                    number("t_reply_ms").into(),
                    number("input_tokens").into(),
                    number("output_tokens").into(),
                    number("latency_ms").into(),
                    text("code_hash").into(),
                    exchange.get("quality_score").and_then(Value::as_f64).into(),
                ])
                .to_owned();
            manager.exec_stmt(insert).await?;
        }
    }
    Ok(())
}

async fn move_rows_to_conversations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT assessment_id, {} FROM chat_exchanges ORDER BY assessment_id, id",
                FIELDS.join(", ")
            ),
        ))
        .await?;
    let mut conversations: std::collections::BTreeMap<i32, Vec<Value>> = Default::default();
    for row in rows {
        let time = |key: &str| -> Result<String, DbErr> {
            Ok(row
                .try_get::<chrono::DateTime<chrono::Utc>>("", key)?
                .to_rfc3339())
        };
        let exchange = serde_json::json!({
            "message": row.try_get::<String>("", "message")?,
            "response": row.try_get::<String>("", "response")?,
            "created_at": time("created_at")?,
            "responded_at": time("responded_at")?,
            "t_prompt_ms": row.try_get::<i64>("", "t_prompt_ms")?,
            "t_reply_ms": row.try_get::<i64>("", "t_reply_ms")?,
            "input_tokens": row.try_get::<i64>("", "input_tokens")?,
            "output_tokens": row.try_get::<i64>("", "output_tokens")?,
            "latency_ms": row.try_get::<i64>("", "latency_ms")?,
            "code_hash": row.try_get::<String>("", "code_hash")?,
            "quality_score": row.try_get::<Option<f64>>("", "quality_score")?,
        });
        conversations
            .entry(row.try_get("", "assessment_id")?)
            .or_default()
            .push(exchange);
    }
    for (id, exchanges) in conversations {
        let update = Query::update()
            .table(Assessments::Table)
            .value(Assessments::AiPrompts, Value::Array(exchanges))
            .and_where(Expr::col(Assessments::Id).eq(id))
            .to_owned();
        manager.exec_stmt(update).await?;
    }
    Ok(())
}

/// A JSON column: PostgreSQL's jsonb decodes as JSON, SQLite keeps it as text.
pub(super) fn json_column(
    backend: DbBackend,
    row: &sea_orm::QueryResult,
    column: &str,
) -> Result<Value, DbErr> {
    match backend {
        DbBackend::Sqlite => {
            let text: String = row.try_get("", column)?;
            serde_json::from_str(&text).map_err(|e| DbErr::Custom(format!("{column}: {e}")))
        }
        _ => row.try_get("", column),
    }
}

#[derive(DeriveIden)]
enum ChatExchanges {
    Table,
    Id,
    AssessmentId,
    Message,
    Response,
    CreatedAt,
    RespondedAt,
    TPromptMs,
    TReplyMs,
    InputTokens,
    OutputTokens,
    LatencyMs,
    CodeHash,
    QualityScore,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    AiPrompts,
}

#[derive(DeriveIden)]
enum AssessmentSessions {
    Table,
    Id,
    AssessmentId,
    SessionStart,
    SessionEnd,
    Keystrokes,
    CodeExecutions,
    AiRequests,
    ActivityLog,
    CreatedAt,
    UpdatedAt,
}
