//! The understanding check: `tasks.understanding_check` (the task asks for it; the seed turns it on for the
//! template tasks), `assessments.understanding_check` (this candidate gets it, copied from the task when sent),
//! `understanding_checks` (one row per assessment whose candidate opened the check: the questions, the server's
//! deadline, the answers and their grades), and `assessments.similarity_error` (why the similarity check gave up,
//! so it reads "failed" instead of "pending" forever).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(boolean(Tasks::UnderstandingCheck).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(boolean(Assessments::UnderstandingCheck).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(text_null(Assessments::SimilarityError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UnderstandingChecks::Table)
                    .if_not_exists()
                    .col(pk_auto(UnderstandingChecks::Id))
                    .col(integer(UnderstandingChecks::AssessmentId))
                    .col(string_len(UnderstandingChecks::Status, 12))
                    .col(string_len(UnderstandingChecks::Source, 12))
                    .col(json_binary(UnderstandingChecks::Questions))
                    .col(json_binary_null(UnderstandingChecks::Answers))
                    .col(json_binary_null(UnderstandingChecks::Grades))
                    .col(string_len(UnderstandingChecks::Grading, 12))
                    .col(text_null(UnderstandingChecks::GradingError))
                    .col(timestamp_with_time_zone(UnderstandingChecks::OpenedAt))
                    .col(timestamp_with_time_zone(UnderstandingChecks::DeadlineAt))
                    .col(timestamp_with_time_zone_null(UnderstandingChecks::ClosedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                UnderstandingChecks::Table,
                                UnderstandingChecks::AssessmentId,
                            )
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One check per assessment: two tabs opening it at once get the same questions and deadline.
        manager
            .create_index(
                Index::create()
                    .name("ux_understanding_checks_assessment")
                    .table(UnderstandingChecks::Table)
                    .col(UnderstandingChecks::AssessmentId)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        // The auto-close sweep reads open checks past their deadline.
        manager
            .create_index(
                Index::create()
                    .name("ix_understanding_checks_open")
                    .table(UnderstandingChecks::Table)
                    .col(UnderstandingChecks::Status)
                    .col(UnderstandingChecks::DeadlineAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(UnderstandingChecks::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        for column in [
            Assessments::SimilarityError,
            Assessments::UnderstandingCheck,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Assessments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .drop_column(Tasks::UnderstandingCheck)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    UnderstandingCheck,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    UnderstandingCheck,
    SimilarityError,
}

#[derive(DeriveIden)]
enum UnderstandingChecks {
    Table,
    Id,
    AssessmentId,
    Status,
    Source,
    Questions,
    Answers,
    Grades,
    Grading,
    GradingError,
    OpenedAt,
    DeadlineAt,
    ClosedAt,
}
