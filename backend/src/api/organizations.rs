//! The caller's own organization.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::organization;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ValidJson, not_blank};

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationOut {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub plan: String,
    pub billing_status: String,
    pub assessments_used: i32,
    pub assessments_limit: Option<i32>,
    pub workable_connected: bool,
    pub created_at: DateTime<Utc>,
}

impl From<organization::Model> for OrganizationOut {
    fn from(org: organization::Model) -> Self {
        Self {
            id: org.id,
            name: org.name,
            slug: org.slug,
            plan: org.plan,
            billing_status: org.billing_status,
            assessments_used: org.assessments_used,
            assessments_limit: org.assessments_limit,
            workable_connected: org.workable_connected,
            created_at: org.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UpdateOrganization {
    #[garde(length(chars, min = 1, max = 200), custom(not_blank))]
    pub name: String,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_my_organization, update_my_organization))
}

pub async fn load(db: &impl ConnectionTrait, id: i32) -> ApiResult<organization::Model> {
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Organization"))
}

/// The signed-in user's organization.
#[utoipa::path(get, path = "/organizations/me", tag = "organizations",
    responses((status = 200, body = OrganizationOut)), security(("bearer" = [])))]
async fn get_my_organization(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<OrganizationOut>> {
    Ok(Json(
        load(&state.db, current.organization_id()).await?.into(),
    ))
}

/// Rename the organization.
#[utoipa::path(patch, path = "/organizations/me", tag = "organizations", request_body = UpdateOrganization,
    responses((status = 200, body = OrganizationOut)), security(("bearer" = [])))]
async fn update_my_organization(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<UpdateOrganization>,
) -> ApiResult<Json<OrganizationOut>> {
    let mut org = load(&state.db, current.organization_id())
        .await?
        .into_active_model();
    org.name = Set(body.name.trim().to_string());
    org.updated_at = Set(Utc::now());
    Ok(Json(org.update(&state.db).await?.into()))
}
