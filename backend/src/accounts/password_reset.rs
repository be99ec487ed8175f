//! Resetting a forgotten password: a single-use link valid for an hour, stored only as a hash; using it voids
//! every other outstanding link of the account.

use chrono::{Duration, Utc};
use garde::Validate;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::refresh;
use super::registration::password_rule;
use crate::auth::password;
use crate::db;
use crate::db::entities::{password_reset_token, user};
use crate::domain::input::trimmed;
use crate::domain::{Error, Result};
use crate::email;
use crate::state::AppState;

const RESET_TOKEN_MINUTES: i64 = 60;

#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub detail: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ForgotPasswordRequest {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPasswordRequest {
    #[garde(length(min = 1, max = 200))]
    pub token: String,
    #[garde(custom(password_rule))]
    pub new_password: String,
}

/// Emails a reset link to the (normalised) `email` when it names an active account; the answer never says
/// whether it does.
pub async fn forgot(state: &AppState, email: &str) -> Result<Message> {
    if let Some(user) = super::find_by_email(&state.db, email)
        .await?
        .filter(|u| u.is_active)
    {
        send_link(state, &user).await?;
    }
    Ok(Message {
        detail: "If an account exists for that email, a reset link is on its way.".into(),
    })
}

async fn send_link(state: &AppState, user: &user::Model) -> Result<()> {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let now = Utc::now();
    password_reset_token::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(hash_token(&token)),
        expires_at: Set(now + Duration::minutes(RESET_TOKEN_MINUTES)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let message = tali_mail::templates::password_reset(&tali_mail::templates::ResetData {
        email: user.email.clone(),
        full_name: user.full_name.clone(),
        link: state.settings.reset_link(&token),
        valid_minutes: RESET_TOKEN_MINUTES as u32,
    });
    email::queue(
        &state.db,
        Some(user.organization_id),
        message,
        format!("password-reset/{}", hash_token(&token)),
    )
    .await?;
    Ok(())
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Sets a new password with a token from the reset email; each token works once.
pub async fn reset(state: &AppState, request: ResetPasswordRequest) -> Result<Message> {
    let invalid = || Error::Refused("Invalid or expired reset token".into());
    let now = Utc::now();
    let token_hash = hash_token(request.token.trim());
    let record = password_reset_token::Entity::find()
        .filter(password_reset_token::Column::TokenHash.eq(token_hash))
        .one(&state.db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or_else(invalid)?;
    let hashed = password::hash(request.new_password, state.settings.server.bcrypt_cost).await?;

    let txn = db::write_transaction(&state.db).await?;
    // Claiming the token with a conditional update makes a replayed or concurrent second use fail.
    let claimed = password_reset_token::Entity::update_many()
        .col_expr(password_reset_token::Column::UsedAt, Expr::value(now))
        .filter(password_reset_token::Column::Id.eq(record.id))
        .filter(password_reset_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    user::Entity::update_many()
        .col_expr(user::Column::HashedPassword, Expr::value(hashed))
        // Whoever signed in with the old password (perhaps the reason for the reset) is signed out.
        .col_expr(user::Column::SessionsValidAfter, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(record.user_id))
        .exec(&txn)
        .await?;
    refresh::revoke_all(&txn, record.user_id).await?;
    void_links(&txn, record.user_id).await?;
    txn.commit().await?;
    state.caches.users.changed(record.user_id);
    Ok(Message {
        detail: "Password updated. You can now log in.".into(),
    })
}

/// Any outstanding link of the account is void once its password changed (by a link or in Settings).
pub async fn void_links(db: &impl ConnectionTrait, user_id: i32) -> Result<()> {
    password_reset_token::Entity::update_many()
        .col_expr(
            password_reset_token::Column::UsedAt,
            Expr::value(Utc::now()),
        )
        .filter(password_reset_token::Column::UserId.eq(user_id))
        .filter(password_reset_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
