use sea_orm::entity::prelude::*;

/// The understanding check of one assessment, created when its candidate first opens it after submit
/// (`session::understanding`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "understanding_checks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub assessment_id: i32,
    /// `open` (answers accepted until `deadline_at`), `answered`, `skipped` or `expired`.
    pub status: String,
    /// Who wrote the questions: `ai` or `templates` (deterministic, over the diff and the test runs).
    pub source: String,
    /// `[{question, basis}]`, in order.
    #[sea_orm(column_type = "JsonBinary")]
    pub questions: Json,
    /// `[answer]`, one string per question (empty when left blank).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub answers: Option<Json>,
    /// `[{score (0-10) | null, reason, by: "ai" | "recruiter"}]`, one per question.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub grades: Option<Json>,
    /// `none` (nothing to grade), `pending` (the AI grading job), `done`, `failed` (the job gave up; the
    /// recruiter grades) or `recruiter` (no AI: awaiting the recruiter's grades).
    pub grading: String,
    pub grading_error: Option<String>,
    pub opened_at: DateTimeUtc,
    pub deadline_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
