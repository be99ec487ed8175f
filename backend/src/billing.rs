//! What an organization has used and what it costs.

use chrono::{DateTime, Utc};
use sea_orm::PaginatorTrait;
use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::organizations;
use crate::db::entities::assessment;
use crate::domain::Result;
use crate::domain::page::{self, Page, PageRequest};
use crate::domain::pricing::{self, PRICE_PER_ASSESSMENT_PENCE};
use crate::recruiting::assessments::{self, AssessmentListItem};
use crate::state::AppState;

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
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
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
pub async fn usage(state: &AppState, organization_id: i32, page: &PageRequest) -> Result<Usage> {
    let org = organizations::load(&state.db, organization_id).await?;
    let all = assessments::of_organization(org.id);
    let total = all.clone().count(&state.db).await?;
    let rows = page::newest_first(
        all,
        assessment::Column::CreatedAt,
        assessment::Column::Id,
        page,
    );
    let listed = Page::from_rows(
        assessments::list_items(state, rows).await?,
        page.limit,
        total,
        AssessmentListItem::key,
    );
    let items = listed
        .items
        .into_iter()
        .map(|item| UsageItem {
            assessment_id: item.id,
            created_at: item.created_at,
            candidate_name: item.candidate_name,
            task_name: item.task_name,
            amount_pence: PRICE_PER_ASSESSMENT_PENCE,
        })
        .collect::<Vec<UsageItem>>();
    let total_cost_pence = total * PRICE_PER_ASSESSMENT_PENCE;
    Ok(Usage {
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
        limit: page.limit,
        offset: page.offset(),
        next_cursor: listed.next_cursor,
    })
}
