//! The caller's own organization.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::organizations::{self, OrganizationChanges, OrganizationOut};
use crate::auth::CurrentUser;
use crate::domain::roles::Role;
use crate::error::ApiResult;
use crate::extract::ValidJson;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_my_organization, update_my_organization))
}

/// The signed-in user's organization.
#[utoipa::path(get, path = "/organizations/me", tag = "organizations",
    responses((status = 200, body = OrganizationOut)), security(("bearer" = [])))]
async fn get_my_organization(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<OrganizationOut>> {
    Ok(Json(
        organizations::load(&state.db, current.organization_id())
            .await?
            .into(),
    ))
}

/// Rename the organization, choose whether candidates see their score after submitting, when they are reminded,
/// and how many months their data is kept.
#[utoipa::path(patch, path = "/organizations/me", tag = "organizations", request_body = OrganizationChanges,
    responses((status = 200, body = OrganizationOut)), security(("bearer" = [])))]
async fn update_my_organization(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<OrganizationChanges>,
) -> ApiResult<Json<OrganizationOut>> {
    current.require(Role::Admin, "change the organization's settings")?;
    Ok(Json(
        organizations::rename(&state.db, current.organization_id(), body).await?,
    ))
}
