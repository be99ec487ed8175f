//! The spec's `get_current_user`: every recruiter route takes a `CurrentUser`, and every query it makes is
//! scoped by `organization_id` from here. A route that needs more than a member's rights says so with
//! [`CurrentUser::require`], the one place a role is checked.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sea_orm::EntityTrait;

use crate::auth::jwt::Verified;
use crate::db::entities::user;
use crate::domain::roles::Role;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: user::Model,
}

impl CurrentUser {
    pub fn organization_id(&self) -> i32 {
        self.user.organization_id
    }

    pub fn role(&self) -> Role {
        Role::parse(&self.user.role)
    }

    /// 403 unless the user holds at least `role`; `action` completes the sentence "Only an owner can ...".
    pub fn require(&self, role: Role, action: &str) -> Result<(), ApiError> {
        if self.role() >= role {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "Only {} can {action}",
                role.holders()
            )))
        }
    }
}

const INVALID: &str = "Could not validate credentials";

/// An active account whose sessions were not ended after the token was issued.
fn accepts(user: &user::Model, token: &Verified) -> bool {
    user.is_active
        && user
            .sessions_valid_after
            .is_none_or(|after| token.issued_at_ms >= after.timestamp_millis())
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::Unauthorized("Not authenticated".into()))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::Unauthorized(INVALID.into()))?;
        let token = state
            .jwt
            .verify(token)
            .ok_or_else(|| ApiError::Unauthorized(INVALID.into()))?;
        let user = state
            .caches
            .users
            .get_or_load(token.user_id, || {
                user::Entity::find_by_id(token.user_id).one(&state.db)
            })
            .await?
            .filter(|user| accepts(user, &token))
            .ok_or_else(|| ApiError::Unauthorized(INVALID.into()))?;
        Ok(Self { user })
    }
}
