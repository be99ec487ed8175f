//! What an organization has used and what it costs: the assessments its candidates started (an invitation ignored,
//! revoked or expired costs nothing), its plan, and with billing on its credits and subscription.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

use super::{admission, ledger};
use crate::accounts::organizations;
use crate::db::entities::assessment;
use crate::domain::Result;
use crate::domain::page::{self, Page, PageRequest};
use crate::domain::pricing::{self, MONTHLY_PLAN_PENCE, PRICE_PER_ASSESSMENT_PENCE};
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
    /// What the monthly plan costs a month.
    pub monthly_price_pence: u64,
    /// Every started assessment at the price of one (pay per use; on the monthly plan they are included).
    pub total_cost_pence: u64,
    pub stripe_configured: bool,
    /// Whether this server charges (a Stripe key is set); off, sending is unlimited.
    pub billing_enabled: bool,
    /// Credits left to send assessments with (pay per use), `null` with billing off.
    pub credits_remaining: Option<i64>,
    pub auto_charge: bool,
    /// Whether a card is saved for off-session charges.
    pub card_saved: bool,
    pub subscription_status: Option<String>,
    pub current_period_end: Option<DateTime<Utc>>,
    /// The monthly plan was cancelled: it ends at `current_period_end`.
    pub cancel_at_period_end: bool,
    /// A subscription payment failed and is not settled yet.
    pub past_due: bool,
    pub past_due_since: Option<DateTime<Utc>>,
    /// Past due: sending is refused after this moment unless the payment is settled.
    pub grace_ends_at: Option<DateTime<Utc>>,
    /// Assessments the monthly plan includes per period.
    pub monthly_limit: Option<u64>,
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
    let billing = state.settings.integrations.stripe.as_ref();
    let monthly = org.plan == admission::MONTHLY;
    let price = if monthly {
        0
    } else {
        PRICE_PER_ASSESSMENT_PENCE
    };
    let all =
        assessments::of_organization(org.id).filter(assessment::Column::StartedAt.is_not_null());
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
            amount_pence: price,
        })
        .collect::<Vec<UsageItem>>();
    let total_cost_pence = total * price;
    let credits_remaining = match billing {
        Some(_) => Some(ledger::balance(&state.db, org.id).await?),
        None => None,
    };
    Ok(Usage {
        usage: items.iter().map(UsageLine::from).collect(),
        total_cost: pricing::pounds(total_cost_pence),
        plan: org.plan,
        assessments_used: org.assessments_used,
        assessments_limit: org.assessments_limit,
        price_per_assessment_pence: PRICE_PER_ASSESSMENT_PENCE,
        monthly_price_pence: MONTHLY_PLAN_PENCE,
        total_cost_pence,
        stripe_configured: billing.is_some(),
        billing_enabled: billing.is_some(),
        credits_remaining,
        auto_charge: org.auto_charge,
        card_saved: org.default_payment_method.is_some(),
        past_due: org.past_due_since.is_some(),
        past_due_since: org.past_due_since,
        grace_ends_at: org
            .past_due_since
            .zip(billing)
            .map(|(since, b)| since + Duration::days(b.grace_days)),
        subscription_status: org.subscription_status,
        current_period_end: org.current_period_end,
        cancel_at_period_end: org.cancel_at_period_end,
        monthly_limit: billing.map(|b| b.monthly_limit),
        items,
        total,
        limit: page.limit,
        offset: page.offset(),
        next_cursor: listed.next_cursor,
    })
}
