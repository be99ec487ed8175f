use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "candidates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub email: String,
    pub full_name: String,
    pub position: Option<String>,
    pub workable_candidate_id: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub workable_data: Option<Json>,
    pub deleted_at: Option<DateTimeUtc>,
    /// When the candidate's personal data was erased (`recruiting::privacy`); the row stays, anonymised.
    pub erased_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
