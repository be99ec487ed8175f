//! The dashboard's numbers for the caller's organization.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::analytics::{self, Analytics};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_analytics))
}

/// Active (in progress), completion rate, average and top score, this month's cost, per-task figures, the score
/// distribution, the last five weeks' completion and the mean time taken.
#[utoipa::path(get, path = "/analytics", tag = "analytics",
    responses((status = 200, body = Analytics)), security(("bearer" = [])))]
async fn get_analytics(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<Analytics>> {
    Ok(Json(
        analytics::of_organization(&state.db, current.organization_id(), Utc::now()).await?,
    ))
}
