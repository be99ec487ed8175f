//! Similarity and leak detection: `similarity_matches` (one row per match of an assessment's final code with
//! another submission of the task in its organization, the task's reference solution, or the AI replies the
//! candidate received) and `assessments.similarity_checked_at` (when the comparison ran, so "no match" is told
//! apart from "not checked yet").

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SimilarityMatches::Table)
                    .if_not_exists()
                    .col(pk_auto(SimilarityMatches::Id))
                    .col(integer(SimilarityMatches::AssessmentId))
                    .col(string_len(SimilarityMatches::Kind, 20))
                    .col(integer_null(SimilarityMatches::OtherAssessmentId))
                    .col(double(SimilarityMatches::Score))
                    .col(json_binary(SimilarityMatches::Regions))
                    .col(timestamp_with_time_zone(SimilarityMatches::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SimilarityMatches::Table, SimilarityMatches::AssessmentId)
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                SimilarityMatches::Table,
                                SimilarityMatches::OtherAssessmentId,
                            )
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_similarity_matches_assessment")
                    .table(SimilarityMatches::Table)
                    .col(SimilarityMatches::AssessmentId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(timestamp_with_time_zone_null(
                        Assessments::SimilarityCheckedAt,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .drop_column(Assessments::SimilarityCheckedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(SimilarityMatches::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum SimilarityMatches {
    Table,
    Id,
    AssessmentId,
    Kind,
    OtherAssessmentId,
    Score,
    Regions,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    SimilarityCheckedAt,
}
