use sea_orm::entity::prelude::*;

/// One match of an assessment's final code: with another submission of the task in the same organization
/// (`other_assessment_id`), the task's reference solution, or the AI replies the candidate received.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "similarity_matches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assessment_id: i32,
    /// `submission`, `reference` or `ai`.
    pub kind: String,
    pub other_assessment_id: Option<i32>,
    /// The share (0-1) of the assessment's own code (starter excluded) found in the other.
    pub score: f64,
    /// `[{ours: [start, end], theirs: [start, end]}]`, 1-based inclusive lines.
    #[sea_orm(column_type = "JsonBinary")]
    pub regions: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
