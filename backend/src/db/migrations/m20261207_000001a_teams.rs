//! Teams: each user has a role in their organization (`owner`, `admin`, `member`), and colleagues are invited by
//! a single-use link. Every user who existed before teams ran their organization alone, so they become its owner.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string_len(Users::Role, 20).default("owner"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TeamInvitations::Table)
                    .col(pk_auto(TeamInvitations::Id))
                    .col(integer(TeamInvitations::OrganizationId))
                    .col(string_len(TeamInvitations::Email, 320))
                    .col(string_len(TeamInvitations::Role, 20))
                    .col(string_len(TeamInvitations::TokenHash, 64))
                    .col(integer_null(TeamInvitations::InvitedBy))
                    .col(timestamp_with_time_zone(TeamInvitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(TeamInvitations::AcceptedAt))
                    .col(timestamp_with_time_zone_null(TeamInvitations::CancelledAt))
                    .col(timestamp_with_time_zone(TeamInvitations::CreatedAt))
                    .col(timestamp_with_time_zone(TeamInvitations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TeamInvitations::Table, TeamInvitations::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TeamInvitations::Table, TeamInvitations::InvitedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_team_invitations_token_hash")
                    .table(TeamInvitations::Table)
                    .col(TeamInvitations::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_team_invitations_organization")
                    .table(TeamInvitations::Table)
                    .col(TeamInvitations::OrganizationId)
                    .col(TeamInvitations::Email)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TeamInvitations::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::Role)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Role,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TeamInvitations {
    Table,
    Id,
    OrganizationId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}
