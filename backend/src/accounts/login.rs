//! Logging in: email and password for a 30-minute access token and a refresh token (`accounts::refresh`). A wrong
//! email and a wrong password take the same time and get the same answer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::organizations;
use super::refresh::{self, Issued};
use super::registration::UserOut;
use crate::auth::password;
use crate::db::entities::user;
use crate::domain::{Error, Result};
use crate::state::AppState;

const BAD_CREDENTIALS: &str = "Incorrect email or password";

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub access_token: String,
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub user: UserOut,
}

/// Checks the credentials of the (normalised) `email` and issues an access token, and a refresh token starting a
/// new session family.
pub async fn login(
    state: &AppState,
    email: &str,
    given_password: String,
) -> Result<(TokenOut, Issued)> {
    let found = super::find_by_email(&state.db, email).await?;
    let hashed = found
        .as_ref()
        .map(|u| u.hashed_password.clone())
        .unwrap_or_else(|| state.dummy_password_hash.to_string());
    let matches = password::verify(given_password, hashed).await?;
    let user = match found {
        Some(user) if matches => user,
        _ => return Err(Error::Unauthorized(BAD_CREDENTIALS.into())),
    };
    if !user.is_active {
        return Err(Error::Forbidden("Inactive user".into()));
    }
    let issued = refresh::start(state, user.id).await?;
    Ok((signed_in(state, user).await?, issued))
}

/// A new access token for `user`, as login and refresh answer it.
pub async fn signed_in(state: &AppState, user: user::Model) -> Result<TokenOut> {
    let org = organizations::load(&state.db, user.organization_id).await?;
    let access_token = state.jwt.issue(user.id, user.organization_id)?;
    Ok(TokenOut {
        access_token,
        token_type: "bearer",
        expires_in: state.jwt.lifetime_seconds(),
        user: UserOut::new(user, org),
    })
}

/// The signed-in user with their organization.
pub async fn me(state: &AppState, user: user::Model) -> Result<UserOut> {
    let org = organizations::load(&state.db, user.organization_id).await?;
    Ok(UserOut::new(user, org))
}
