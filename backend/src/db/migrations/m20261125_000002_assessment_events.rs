//! The candidate session's evidence: telemetry from the IDE (snapshots, pastes, focus) and the server's own
//! records of runs and test runs. One row per event; the client's event id makes uploads idempotent.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AssessmentEvents::Table)
                    .if_not_exists()
                    .col(pk_auto(AssessmentEvents::Id))
                    .col(integer(AssessmentEvents::AssessmentId))
                    .col(string_len(AssessmentEvents::ClientId, 100))
                    .col(string_len(AssessmentEvents::Kind, 30))
                    .col(big_integer(AssessmentEvents::TMs))
                    .col(timestamp_with_time_zone(AssessmentEvents::At))
                    .col(json_binary_null(AssessmentEvents::Data))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AssessmentEvents::Table, AssessmentEvents::AssessmentId)
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_assessment_events_client_id")
                    .table(AssessmentEvents::Table)
                    .col(AssessmentEvents::AssessmentId)
                    .col(AssessmentEvents::ClientId)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(AssessmentEvents::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AssessmentEvents {
    Table,
    Id,
    AssessmentId,
    ClientId,
    Kind,
    TMs,
    At,
    Data,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
}
