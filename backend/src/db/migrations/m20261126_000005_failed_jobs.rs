//! Durable background jobs: `failed_jobs`, where a job that ran out of attempts is kept for an operator, and
//! `email_outbox.enqueued_at`, set once an outbox row has been handed to the job queue. The job queue schedules
//! delivery retries itself, so the outbox's own `next_attempt_at` goes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FailedJobs::Table)
                    .col(pk_auto(FailedJobs::Id))
                    .col(string(FailedJobs::JobId))
                    .col(string(FailedJobs::Name))
                    .col(json_binary(FailedJobs::Payload))
                    .col(text(FailedJobs::Error))
                    .col(integer(FailedJobs::Attempts))
                    .col(timestamp_with_time_zone(FailedJobs::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_failed_jobs_failed_at")
                    .table(FailedJobs::Table)
                    .col(FailedJobs::FailedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EmailOutbox::Table)
                    .add_column(timestamp_with_time_zone_null(EmailOutbox::EnqueuedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EmailOutbox::Table)
                    .drop_column(EmailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(EmailOutbox::Table)
                    .add_column(timestamp_with_time_zone_null(EmailOutbox::NextAttemptAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EmailOutbox::Table)
                    .drop_column(EmailOutbox::EnqueuedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(FailedJobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FailedJobs {
    Table,
    Id,
    JobId,
    Name,
    Payload,
    Error,
    Attempts,
    FailedAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    EnqueuedAt,
    NextAttemptAt,
}
