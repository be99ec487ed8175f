//! The Workable connection of an organization: how it authenticates (an account token or OAuth), the acting
//! member, the per-organization webhook id and Workable's subscription; single-use OAuth states; one row per
//! stage trigger (a candidate + job + stage invites once, whatever the redeliveries); and why a result could not
//! be posted back.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Organizations::WorkableAuthKind, 20),
            string_len_null(Organizations::WorkableMemberId, 100),
            string_len_null(Organizations::WorkableWebhookId, 64),
            string_len_null(Organizations::WorkableSubscriptionId, 100),
            integer_null(Organizations::WorkableConnectedBy),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_organizations_workable_webhook_id")
                    .table(Organizations::Table)
                    .col(Organizations::WorkableWebhookId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(text_null(Assessments::WorkablePostError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkableOauthStates::Table)
                    .col(pk_auto(WorkableOauthStates::Id))
                    .col(string_len(WorkableOauthStates::StateHash, 64))
                    .col(integer(WorkableOauthStates::OrganizationId))
                    .col(integer(WorkableOauthStates::UserId))
                    .col(timestamp_with_time_zone(WorkableOauthStates::ExpiresAt))
                    .col(timestamp_with_time_zone(WorkableOauthStates::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                WorkableOauthStates::Table,
                                WorkableOauthStates::OrganizationId,
                            )
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_workable_oauth_states_hash")
                    .table(WorkableOauthStates::Table)
                    .col(WorkableOauthStates::StateHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkableTriggers::Table)
                    .col(pk_auto(WorkableTriggers::Id))
                    .col(integer(WorkableTriggers::OrganizationId))
                    .col(string_len(WorkableTriggers::WorkableCandidateId, 100))
                    .col(string_len(WorkableTriggers::JobShortcode, 100))
                    .col(string_len(WorkableTriggers::StageSlug, 100))
                    .col(string_len(WorkableTriggers::CandidateName, 200))
                    .col(string_len(WorkableTriggers::Status, 20))
                    .col(integer_null(WorkableTriggers::AssessmentId))
                    .col(text_null(WorkableTriggers::Error))
                    .col(timestamp_with_time_zone(WorkableTriggers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkableTriggers::Table, WorkableTriggers::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkableTriggers::Table, WorkableTriggers::AssessmentId)
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // Redeliveries and concurrent deliveries of one move claim the same row: one assessment.
        manager
            .create_index(
                Index::create()
                    .name("ux_workable_triggers_once")
                    .table(WorkableTriggers::Table)
                    .col(WorkableTriggers::OrganizationId)
                    .col(WorkableTriggers::WorkableCandidateId)
                    .col(WorkableTriggers::JobShortcode)
                    .col(WorkableTriggers::StageSlug)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkableTriggers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(WorkableOauthStates::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .drop_column(Assessments::WorkablePostError)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_organizations_workable_webhook_id")
                    .table(Organizations::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Organizations::WorkableAuthKind,
            Organizations::WorkableMemberId,
            Organizations::WorkableWebhookId,
            Organizations::WorkableSubscriptionId,
            Organizations::WorkableConnectedBy,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    WorkableAuthKind,
    WorkableMemberId,
    WorkableWebhookId,
    WorkableSubscriptionId,
    WorkableConnectedBy,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    WorkablePostError,
}

#[derive(DeriveIden)]
enum WorkableOauthStates {
    Table,
    Id,
    StateHash,
    OrganizationId,
    UserId,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkableTriggers {
    Table,
    Id,
    OrganizationId,
    WorkableCandidateId,
    JobShortcode,
    StageSlug,
    CandidateName,
    Status,
    AssessmentId,
    Error,
    CreatedAt,
}
