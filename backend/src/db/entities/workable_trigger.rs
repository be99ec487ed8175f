use sea_orm::entity::prelude::*;

/// A Workable candidate reaching a mapped stage of a job: claimed once (unique per organization, candidate, job
/// and stage), then `invited` with its assessment or `failed` with the reason (no credit, archived task, ...).
/// `move_to_stage` is the mapping's stage to move the candidate to once the result is posted, as it was when the
/// candidate was invited.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workable_triggers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub workable_candidate_id: String,
    pub job_shortcode: String,
    pub stage_slug: String,
    pub candidate_name: String,
    pub status: String,
    pub assessment_id: Option<i32>,
    pub error: Option<String>,
    pub move_to_stage: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
