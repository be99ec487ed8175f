use sea_orm::entity::prelude::*;

/// A background job that ran out of attempts (or failed for a reason a retry cannot fix), kept for an operator:
/// `tali jobs failed` lists them.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "failed_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The job queue's id for the job, as in the worker's log lines.
    pub job_id: String,
    pub name: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    #[sea_orm(column_type = "Text")]
    pub error: String,
    pub attempts: i32,
    pub failed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
