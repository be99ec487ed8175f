use sea_orm::entity::prelude::*;

/// An OAuth `state` handed out with an authorize URL: bound to the user, used once, valid for minutes. Only its
/// SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workable_oauth_states")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub state_hash: String,
    pub organization_id: i32,
    pub user_id: i32,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
