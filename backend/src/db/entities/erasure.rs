use sea_orm::entity::prelude::*;

/// One erasure of a candidate's personal data, recorded without any of it: who the candidate was is only a
/// hash of their id, so the log proves the erasure happened without keeping what it erased.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "erasures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    /// SHA-256 (hex) of `"<organization id>:<candidate id>"`.
    pub candidate_hash: String,
    /// `request` (an owner or admin asked) or `retention` (the organization's retention period ran out).
    pub reason: String,
    /// The user who asked; `None` for the retention job.
    pub erased_by: Option<i32>,
    /// Rows removed or anonymised, per table: `{"assessments": 2, "chat_exchanges": 14, ...}`.
    #[sea_orm(column_type = "JsonBinary")]
    pub removed: Json,
    pub erased_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
