//! `submission_fingerprints`: each completed submission's winnowing fingerprints (`tali_similarity::encode`),
//! taken once when its similarity check runs, so a later submission's check reads them instead of fingerprinting
//! every earlier submission again: the check's cost no longer grows with the task's history. Rows go with their
//! assessment, and an erasure deletes them (they are derived from the candidate's code).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SubmissionFingerprints::Table)
                    .if_not_exists()
                    .col(integer(SubmissionFingerprints::AssessmentId).primary_key())
                    .col(blob(SubmissionFingerprints::Fingerprints))
                    .col(timestamp_with_time_zone(SubmissionFingerprints::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                SubmissionFingerprints::Table,
                                SubmissionFingerprints::AssessmentId,
                            )
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(SubmissionFingerprints::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum SubmissionFingerprints {
    Table,
    AssessmentId,
    Fingerprints,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
}
