//! The recruiter's pipeline tools.
//!
//! - `assessments.candidate_name` and `candidate_position`: the candidate as they were invited, so a completed
//!   report keeps its name when the candidate is edited or invited again under another name (backfilled from the
//!   candidate).
//! - Indexes for the list's orders (`?sort=`): score, completion time and the (lower-cased) name, each with the
//!   id that breaks ties, over the live rows of one organization as the default list reads them.

use sea_orm_migration::{prelude::*, schema::*};

/// (index name, the column the order reads) over (organization_id, <column>, id) where not archived.
const INDEXES: [(&str, &str); 3] = [
    ("ix_assessments_live_by_score", "score"),
    ("ix_assessments_live_by_completed_at", "completed_at"),
    (
        "ix_assessments_live_by_candidate_name",
        "lower(candidate_name)",
    ),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(string_len(Assessments::CandidateName, 200).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(string_len_null(Assessments::CandidatePosition, 200))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE assessments SET \
             candidate_name = (SELECT full_name FROM candidates WHERE candidates.id = assessments.candidate_id), \
             candidate_position = (SELECT position FROM candidates WHERE candidates.id = assessments.candidate_id)",
        )
        .await?;
        // Expression indexes (the name is ordered lower-cased) are written as SQL both databases read alike.
        for (name, column) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON assessments (organization_id, {column}, id) \
                 WHERE archived_at IS NULL"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        for column in [Assessments::CandidatePosition, Assessments::CandidateName] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Assessments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    CandidateName,
    CandidatePosition,
}
