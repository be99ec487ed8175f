//! Usage and cost for the organization. Payment collection through Stripe is not part of this server yet,
//! and the checkout endpoint says so instead of pretending.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::assessments;
use super::organizations;
use super::pagination::PageParams;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::assessment;
use crate::domain::pricing::{self, PRICE_PER_ASSESSMENT_PENCE};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(usage))
        .routes(routes!(checkout_session))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageItem {
    pub assessment_id: i32,
    pub created_at: DateTime<Utc>,
    pub candidate_name: String,
    pub task_name: String,
    pub amount_pence: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Usage {
    pub plan: String,
    pub assessments_used: i32,
    pub assessments_limit: Option<i32>,
    pub price_per_assessment_pence: u64,
    /// Every assessment the organization has sent, at the price of one.
    pub total_cost_pence: u64,
    pub stripe_configured: bool,
    /// One page of the usage history, newest first.
    pub items: Vec<UsageItem>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
    /// The same page in the reference client's shape.
    pub usage: Vec<UsageLine>,
    /// `total_cost_pence` in pounds, as the reference client reads it.
    pub total_cost: f64,
}

/// One usage row as the reference client shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageLine {
    /// `Dec 04, 2026`.
    pub date: String,
    pub candidate: String,
    pub task: String,
    /// `£25`.
    pub cost: String,
}

impl From<&UsageItem> for UsageLine {
    fn from(item: &UsageItem) -> Self {
        Self {
            date: item.created_at.format("%b %d, %Y").to_string(),
            candidate: item.candidate_name.clone(),
            task: item.task_name.clone(),
            cost: pricing::format_pounds(item.amount_pence),
        }
    }
}

/// The plan, the assessments used and what they cost, with one page of the history, newest first.
#[utoipa::path(get, path = "/billing/usage", tag = "billing", params(PageParams),
    responses((status = 200, body = Usage)), security(("bearer" = [])))]
async fn usage(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Usage>> {
    let (limit, offset) = page.resolve()?;
    let org = organizations::load(&state.db, current.organization_id()).await?;
    let all = assessments::of_organization(org.id);
    let total = all.clone().count(&state.db).await?;
    let newest_first = all
        .order_by_desc(assessment::Column::CreatedAt)
        .order_by_desc(assessment::Column::Id)
        .limit(limit)
        .offset(offset);
    let items = assessments::list_items(&state, newest_first)
        .await?
        .into_iter()
        .map(|a| UsageItem {
            assessment_id: a.id,
            created_at: a.created_at,
            candidate_name: a.candidate_name,
            task_name: a.task_name,
            amount_pence: PRICE_PER_ASSESSMENT_PENCE,
        })
        .collect::<Vec<UsageItem>>();
    let total_cost_pence = total * PRICE_PER_ASSESSMENT_PENCE;
    Ok(Json(Usage {
        usage: items.iter().map(UsageLine::from).collect(),
        total_cost: pricing::pounds(total_cost_pence),
        plan: org.plan,
        assessments_used: org.assessments_used,
        assessments_limit: org.assessments_limit,
        price_per_assessment_pence: PRICE_PER_ASSESSMENT_PENCE,
        total_cost_pence,
        stripe_configured: state.settings.integrations.stripe.is_some(),
        items,
        total,
        limit,
        offset,
    }))
}

/// Start a Stripe Checkout for credits. Not available on this server yet.
#[utoipa::path(post, path = "/billing/checkout-session", tag = "billing",
    responses((status = 503, description = "Billing is not available")), security(("bearer" = [])))]
async fn checkout_session(_current: CurrentUser) -> ApiResult<Json<()>> {
    Err(ApiError::unavailable(
        "Online payment is not available on this server yet. Contact sales@tali.dev to add credits.",
    ))
}
