use sea_orm::entity::prelude::*;

/// A completed submission's winnowing fingerprints, encoded by `tali_similarity::encode` (versioned: rows of
/// another version are taken again from the final code).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "submission_fingerprints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assessment_id: i32,
    pub fingerprints: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
