//! The recruiter's list reads one organization's live (not archived) assessments newest first and counts them.
//! A partial index on (organization, created time, id) over the live rows serves that filter and order together:
//! a page is read in index order instead of sorting every row of the organization, and the count reads only the
//! index instead of every row with its evidence columns.

use sea_orm_migration::prelude::*;

const NAME: &str = "ix_assessments_live_by_organization";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Assessments::Table)
                    .col(Assessments::OrganizationId)
                    .col(Assessments::CreatedAt)
                    .col(Assessments::Id)
                    .and_where(Expr::col(Assessments::ArchivedAt).is_null())
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(Assessments::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    OrganizationId,
    CreatedAt,
    ArchivedAt,
}
