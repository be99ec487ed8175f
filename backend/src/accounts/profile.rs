//! The signed-in user's own account: their name and email, and a new password given the current one. Each
//! changes only the caller's row, whatever organization or role they have.

use chrono::Utc;
use garde::Validate;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, SqlErr};
use serde::Deserialize;
use utoipa::ToSchema;

use super::login::{self, TokenOut};
use super::password_reset;
use super::refresh::{self, Issued};
use super::registration::{EMAIL_TAKEN, UserOut, password_rule};
use crate::auth::password;
use crate::db;
use crate::db::entities::user;
use crate::domain::input::{normalize_email, not_blank, optional_trimmed};
use crate::domain::{Error, Result};
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AccountUpdate {
    #[serde(default, deserialize_with = "optional_trimmed")]
    #[garde(inner(length(chars, min = 1, max = 200), custom(not_blank)))]
    pub full_name: Option<String>,
    #[serde(default, deserialize_with = "optional_trimmed")]
    #[garde(inner(email, length(max = 320)))]
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct PasswordChange {
    #[garde(length(min = 1, max = 200))]
    pub current_password: String,
    #[garde(custom(password_rule))]
    pub new_password: String,
}

/// Renames the caller and/or changes their email; 400 (as registering says it) when another account, in any
/// organization, has that email in any case.
pub async fn update(state: &AppState, user_id: i32, update: AccountUpdate) -> Result<UserOut> {
    let email = update.email.as_deref().map(normalize_email);
    if let Some(email) = &email
        && super::find_by_email(&state.db, email)
            .await?
            .is_some_and(|other| other.id != user_id)
    {
        return Err(Error::Refused(EMAIL_TAKEN.into()));
    }
    let mut change = user::Entity::update_many()
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id));
    if let Some(name) = update.full_name {
        change = change.col_expr(user::Column::FullName, Expr::value(name));
    }
    if let Some(email) = email {
        change = change.col_expr(user::Column::Email, Expr::value(email));
    }
    match change.exec(&state.db).await {
        Ok(_) => {}
        // Two accounts racing for one email: the unique index decides, the loser gets the same answer.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(Error::Refused(EMAIL_TAKEN.into()));
        }
        Err(err) => return Err(err.into()),
    }
    state.caches.users.changed(user_id);
    let account = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::NotFound("User not found".into()))?;
    login::me(state, account).await
}

/// Sets a new password when `current_password` is right (400 otherwise: a typo must not sign the caller out).
/// Every session of the account ends, as after a reset, and the caller gets a new one in the answer, so only
/// the other devices must log in again.
pub async fn change_password(
    state: &AppState,
    user_id: i32,
    change: PasswordChange,
) -> Result<(TokenOut, Issued)> {
    let account = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::NotFound("User not found".into()))?;
    if !password::verify(
        change.current_password.clone(),
        account.hashed_password.clone(),
    )
    .await?
    {
        return Err(Error::Refused("Current password is incorrect".into()));
    }
    if change.current_password == change.new_password {
        return Err(Error::Refused(
            "The new password must differ from the current one".into(),
        ));
    }
    let hashed = password::hash(change.new_password, state.settings.server.bcrypt_cost).await?;
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::HashedPassword, Expr::value(hashed))
        .col_expr(user::Column::SessionsValidAfter, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    refresh::revoke_all(&txn, user_id).await?;
    password_reset::void_links(&txn, user_id).await?;
    txn.commit().await?;
    state.caches.users.changed(user_id);
    let account = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::NotFound("User not found".into()))?;
    let issued = refresh::start(state, user_id).await?;
    Ok((login::signed_in(state, account).await?, issued))
}
