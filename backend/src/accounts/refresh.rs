//! Refresh tokens: what keeps a recruiter signed in for a working day and more while access tokens stay short.
//!
//! Logging in starts a *family*; each `POST /auth/refresh` exchanges the family's current token for a new one
//! (rotation) and a new access token. Only SHA-256 hashes are stored. A token that was already exchanged and is
//! presented again means two holders of one token, one of them possibly a thief: the whole family is revoked and
//! both must log in again. The exception is a second exchange within a few seconds of the first, which is two
//! tabs of one browser refreshing at once; it gets a token of its own in the same family. Logging out revokes
//! the family; removal from the team and a new password revoke every family of the account.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use sha2::{Digest, Sha256};

use crate::db;
use crate::db::entities::{refresh_token, user};
use crate::domain::{Error, Result};
use crate::state::AppState;

/// How long after a rotation presenting the old token again counts as a concurrent refresh, not a reuse.
pub const CONCURRENT_REFRESH_SECONDS: i64 = 10;

pub const EXPIRED: &str = "Your session has ended: log in again";
const REUSED: &str =
    "This session was ended because its refresh token was used twice: log in again";

/// A new refresh token, to hand to the browser once.
#[derive(Debug)]
pub struct Issued {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Stores a new token for `user_id` in `family` (a new family when `None`), valid for `days`.
async fn issue_in(
    db: &impl ConnectionTrait,
    user_id: i32,
    family: Option<String>,
    days: u32,
) -> Result<Issued> {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let now = Utc::now();
    let expires_at = now + Duration::days(i64::from(days));
    refresh_token::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string())),
        token_hash: Set(hash(&token)),
        expires_at: Set(expires_at),
        rotated_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Issued { token, expires_at })
}

/// The first token of a new family: a login.
pub async fn start(state: &AppState, user_id: i32) -> Result<Issued> {
    issue_in(
        &state.db,
        user_id,
        None,
        state.settings.server.refresh_token_days,
    )
    .await
}

/// Exchanges `presented` for the account it belongs to and the family's next token; 401 when it is unknown,
/// expired, revoked, or a reuse (which revokes its family).
pub async fn rotate(state: &AppState, presented: &str) -> Result<(user::Model, Issued)> {
    let expired = || Error::Unauthorized(EXPIRED.into());
    let now = Utc::now();
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash(presented.trim())))
        .one(&state.db)
        .await?
        .ok_or_else(expired)?;
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(expired());
    }
    let concurrent = |at: DateTime<Utc>| now - at <= Duration::seconds(CONCURRENT_REFRESH_SECONDS);
    let txn = db::write_transaction(&state.db).await?;
    if row.rotated_at.is_none() {
        // Claimed with a conditional update: of two exchanges racing, one rotates and the other is judged below.
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RotatedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(row.id))
            .filter(refresh_token::Column::RotatedAt.is_null())
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            txn.rollback().await?;
            return Err(expired());
        }
    } else if !row.rotated_at.is_some_and(concurrent) {
        revoke_family(&txn, &row.family_id).await?;
        txn.commit().await?;
        tracing::warn!(user_id = row.user_id, family = %row.family_id, "refresh token reused: family revoked");
        return Err(Error::Unauthorized(REUSED.into()));
    }
    let account = user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .filter(|u| {
            u.is_active
                && u.sessions_valid_after
                    .is_none_or(|after| row.created_at >= after)
        });
    let Some(account) = account else {
        revoke_family(&txn, &row.family_id).await?;
        txn.commit().await?;
        return Err(expired());
    };
    let issued = issue_in(
        &txn,
        account.id,
        Some(row.family_id.clone()),
        state.settings.server.refresh_token_days,
    )
    .await?;
    txn.commit().await?;
    Ok((account, issued))
}

async fn revoke_family(db: &impl ConnectionTrait, family_id: &str) -> Result<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Logging out: the family of `presented` ends, whatever state it is in. Unknown tokens are ignored.
pub async fn end(db: &impl ConnectionTrait, presented: &str) -> Result<()> {
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash(presented.trim())))
        .one(db)
        .await?;
    if let Some(row) = row {
        revoke_family(db, &row.family_id).await?;
    }
    Ok(())
}

/// Every session of the account ends: removal from the team, a new password, a move to another team.
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i32) -> Result<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
