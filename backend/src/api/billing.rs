//! Usage and cost for the organization (`crate::billing`). Payment collection through Stripe is not part of this
//! server yet, and the checkout endpoint says so instead of pretending.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::billing::ledger::{self, LedgerEntry};
use crate::billing::usage::{self, Usage};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(usage))
        .routes(routes!(ledger_entries))
        .routes(routes!(checkout_session))
}

/// The plan, the assessments used and what they cost, with one page of the history, newest first.
#[utoipa::path(get, path = "/billing/usage", tag = "billing", params(PageParams),
    responses((status = 200, body = Usage)), security(("bearer" = [])))]
async fn usage(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Usage>> {
    let page = page.request()?;
    Ok(Json(
        usage::usage(&state, current.organization_id(), &page).await?,
    ))
}

/// The credit ledger, newest first: trial, purchases, each assessment's reservation, use or release, refunds and
/// adjustments.
#[utoipa::path(get, path = "/billing/ledger", tag = "billing", params(PageParams),
    responses((status = 200, body = Page<LedgerEntry>)), security(("bearer" = [])))]
async fn ledger_entries(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<LedgerEntry>>> {
    let page = page.request()?;
    let found = ledger::entries(&state.db, current.organization_id(), &page).await?;
    Ok(Json(Page::answer(found, &page)))
}

/// Start a Stripe Checkout for credits. Not available on this server yet.
#[utoipa::path(post, path = "/billing/checkout-session", tag = "billing",
    responses((status = 503, description = "Billing is not available")), security(("bearer" = [])))]
async fn checkout_session(_current: CurrentUser) -> ApiResult<Json<()>> {
    Err(ApiError::unavailable(
        "Online payment is not available on this server yet. Contact sales@tali.dev to add credits.",
    ))
}
