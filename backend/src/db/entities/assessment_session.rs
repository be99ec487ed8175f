use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assessment_id: i32,
    pub session_start: DateTimeUtc,
    pub session_end: Option<DateTimeUtc>,
    pub keystrokes: i32,
    pub code_executions: i32,
    pub ai_requests: i32,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub activity_log: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
