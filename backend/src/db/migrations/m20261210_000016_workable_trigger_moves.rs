//! `workable_triggers.move_to_stage`: the stage the inviting mapping moves the candidate to once the result is
//! posted, kept on the row since the stage map (several mappings per organization) can change before the
//! candidate finishes. Rows made under the single trigger of before get that trigger's stage, so candidates
//! already invited still move as promised.

use sea_orm::Statement;
use sea_orm_migration::{prelude::*, schema::*};
use serde_json::Value;

use super::m20261204_000008_chat_exchanges::json_column;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WorkableTriggers::Table)
                    .add_column(string_len_null(WorkableTriggers::MoveToStage, 100))
                    .to_owned(),
            )
            .await?;
        let backend = manager.get_database_backend();
        let configs = manager
            .get_connection()
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, workable_config FROM organizations WHERE workable_config IS NOT NULL",
            ))
            .await?;
        for row in configs {
            let organization_id: i32 = row.try_get("", "id")?;
            let config = json_column(backend, &row, "workable_config")?;
            let Some(trigger) = config.get("trigger").filter(|t| t.is_object()) else {
                continue;
            };
            let (Some(target), Some(stage)) = (
                trigger.get("move_to_stage").and_then(Value::as_str),
                trigger.get("stage_slug").and_then(Value::as_str),
            ) else {
                continue;
            };
            let mut update = Query::update()
                .table(WorkableTriggers::Table)
                .value(WorkableTriggers::MoveToStage, target)
                .and_where(Expr::col(WorkableTriggers::OrganizationId).eq(organization_id))
                .and_where(Expr::col(WorkableTriggers::StageSlug).eq(stage))
                .to_owned();
            if let Some(job) = trigger.get("job_shortcode").and_then(Value::as_str) {
                // The row holds the candidate's job as Workable spells it; the trigger matched it ignoring case.
                update.and_where(
                    Func::lower(Expr::col(WorkableTriggers::JobShortcode)).eq(job.to_lowercase()),
                );
            }
            manager.exec_stmt(update).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WorkableTriggers::Table)
                    .drop_column(WorkableTriggers::MoveToStage)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum WorkableTriggers {
    Table,
    OrganizationId,
    JobShortcode,
    StageSlug,
    MoveToStage,
}
