use sea_orm::entity::prelude::*;

/// One refresh token of a family (one login's chain of rotations); only its SHA-256 is stored. Usable while
/// neither rotated nor revoked and not past `expires_at`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub family_id: String,
    pub token_hash: String,
    pub expires_at: DateTimeUtc,
    /// When it was exchanged for its successor.
    pub rotated_at: Option<DateTimeUtc>,
    /// When its family was revoked (logout, reuse, removal from the team, a new password).
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
