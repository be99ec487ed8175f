//! Accounts: registering a recruiter with their organization, logging in, the organization itself, its team
//! (members, roles, invitations), resetting a forgotten password, and the signed-in user's own name, email and
//! password.

pub mod invitations;
pub mod joining;
pub mod login;
pub mod organizations;
pub mod password_reset;
pub mod profile;
pub mod refresh;
pub mod registration;
pub mod team;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::user;
use crate::domain::Result;

/// The account with this (normalised) email, active or not.
async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}
