use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assessment_id: i32,
    /// The IDE's event id (or a server-made one for runs), unique per assessment.
    pub client_id: String,
    /// `snapshot`, `paste`, `focus_lost`, `focus_gained`, `run_click`, `test_click`, `chat_insert`, `run`,
    /// `test_run`, and `judge_input` (what the judging job needs, stored at submit).
    pub kind: String,
    /// Server milliseconds since the session started: the scoring engine trusts only server time.
    pub t_ms: i64,
    pub at: DateTimeUtc,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub data: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
