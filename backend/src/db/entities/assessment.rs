use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub candidate_id: i32,
    pub task_id: i32,
    /// The candidate's name and position as invited (a snapshot: editing the candidate later does not change it).
    pub candidate_name: String,
    pub candidate_position: Option<String>,
    pub created_by: Option<i32>,
    pub token: String,
    pub status: String,
    pub duration_minutes: i32,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub expires_at: DateTimeUtc,
    pub deadline_at: Option<DateTimeUtc>,
    pub score: Option<f64>,
    pub tests_passed: Option<i32>,
    pub tests_total: Option<i32>,
    pub code_quality_score: Option<f64>,
    pub time_efficiency_score: Option<f64>,
    pub ai_usage_score: Option<f64>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub test_results: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub code_snapshots: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub timeline: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub score_report: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub final_code: Option<String>,
    /// The provider's sandbox id (E2B calls it `sandboxID`); the column keeps the spec's name.
    pub e2b_session_id: Option<String>,
    pub workable_candidate_id: Option<String>,
    pub workable_job_id: Option<String>,
    pub posted_to_workable: bool,
    pub posted_to_workable_at: Option<DateTimeUtc>,
    /// Why the last attempt to post the result to Workable failed for good; cleared when a post lands.
    pub workable_post_error: Option<String>,
    pub archived_at: Option<DateTimeUtc>,
    /// The AI policy of this session: `off` (no assistant), `hints` (long code cut from replies) or `full`.
    pub ai_mode: String,
    /// When the final code was compared for similarity (`recruiting::similarity`); `None` until then.
    pub similarity_checked_at: Option<DateTimeUtc>,
    /// Why the similarity check gave up after its last attempt; `None` while it is pending or once it ran.
    pub similarity_error: Option<String>,
    /// Whether the candidate is asked the understanding check after submit (copied from the task when sent).
    pub understanding_check: bool,
    /// When the expiry reminder was claimed for the current `expires_at`; cleared when the link is extended.
    pub reminded_at: Option<DateTimeUtc>,
    /// When the candidate's code, evidence and identity were erased; the scores stay for the analytics.
    pub erased_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
