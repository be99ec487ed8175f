//! Candidate privacy: `organizations.retention_months` (how long candidate data is kept after the last
//! assessment ends, 12 by default), `candidates.erased_at` and `assessments.erased_at` (the personal data is gone,
//! the anonymous aggregates stay), and `erasures`, the log of each erasure without personal data: a hash of the
//! candidate's id, what was removed (counts per table), why, and who asked.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(integer(Organizations::RetentionMonths).default(12))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Candidates::Table)
                    .add_column(timestamp_with_time_zone_null(Candidates::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(timestamp_with_time_zone_null(Assessments::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Erasures::Table)
                    .if_not_exists()
                    .col(pk_auto(Erasures::Id))
                    .col(integer(Erasures::OrganizationId))
                    .col(string_len(Erasures::CandidateHash, 64))
                    .col(string_len(Erasures::Reason, 20))
                    .col(integer_null(Erasures::ErasedBy))
                    .col(json_binary(Erasures::Removed))
                    .col(timestamp_with_time_zone(Erasures::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_erasures_organization")
                    .table(Erasures::Table)
                    .col(Erasures::OrganizationId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Erasures::Table).if_exists().to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .drop_column(Assessments::ErasedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Candidates::Table)
                    .drop_column(Candidates::ErasedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .drop_column(Organizations::RetentionMonths)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    RetentionMonths,
}

#[derive(DeriveIden)]
enum Candidates {
    Table,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Erasures {
    Table,
    Id,
    OrganizationId,
    CandidateHash,
    Reason,
    ErasedBy,
    Removed,
    ErasedAt,
}
