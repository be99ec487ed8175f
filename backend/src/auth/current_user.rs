//! The spec's `get_current_user`: every recruiter route takes a `CurrentUser`, and every query it makes is
//! scoped by `organization_id` from here.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sea_orm::EntityTrait;

use crate::db::entities::user;
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
}

const INVALID: &str = "Could not validate credentials";

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
        let user_id = state
            .jwt
            .verify(token)
            .ok_or_else(|| ApiError::Unauthorized(INVALID.into()))?;
        let user = user::Entity::find_by_id(user_id)
            .one(&state.db)
            .await?
            .filter(|u| u.is_active)
            .ok_or_else(|| ApiError::Unauthorized(INVALID.into()))?;
        Ok(Self { user })
    }
}
