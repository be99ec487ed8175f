use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub email: String,
    pub hashed_password: String,
    pub full_name: String,
    pub is_active: bool,
    pub is_superuser: bool,
    pub organization_id: i32,
    /// `owner`, `admin` or `member` of the organization (`domain::roles::Role`).
    pub role: String,
    /// Access tokens issued before this are refused (a password change ends every session).
    pub sessions_valid_after: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
