//! The recruiter's list reads one organization's assessments newest first. An index on (organization, created
//! time, id) serves that filter and order together, so a page is read in index order instead of sorting every
//! row of the organization; it also covers lookups by organization alone, which the single-column index did.

use sea_orm_migration::prelude::*;

const OLD: &str = "ix_assessments_organization_id";
const NEW: &str = "ix_assessments_organization_created";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NEW)
                    .table(Assessments::Table)
                    .col(Assessments::OrganizationId)
                    .col(Assessments::CreatedAt)
                    .col(Assessments::Id)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(Index::drop().name(OLD).table(Assessments::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(OLD)
                    .table(Assessments::Table)
                    .col(Assessments::OrganizationId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(Index::drop().name(NEW).table(Assessments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    OrganizationId,
    CreatedAt,
}
