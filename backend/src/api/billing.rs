//! Billing for the organization (`crate::billing`): usage and credits, the ledger, Checkout, the customer portal,
//! auto-charge and cancelling the monthly plan.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::billing::ledger::{self, LedgerEntry};
use crate::billing::payments::{self, BillingSettings, CheckoutRequest, RedirectUrl};
use crate::billing::usage::{self, Usage};
use crate::domain::roles::Role;
use crate::error::ApiResult;
use crate::extract::{ApiQuery, ValidJson};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(usage))
        .routes(routes!(ledger_entries))
        .routes(routes!(checkout_session))
        .routes(routes!(portal_session))
        .routes(routes!(update_settings))
        .routes(routes!(cancel_plan))
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

/// Start a Stripe Checkout: `{kind: "credits", quantity: 1..100}` (£25 each; the card is saved for later
/// charges) or `{kind: "monthly"}` (£300 a month). Answers the hosted page to send the recruiter to.
#[utoipa::path(post, path = "/billing/checkout-session", tag = "billing", request_body = CheckoutRequest,
    responses((status = 200, body = RedirectUrl), (status = 409), (status = 422), (status = 503)),
    security(("bearer" = [])))]
async fn checkout_session(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<CheckoutRequest>,
) -> ApiResult<Json<RedirectUrl>> {
    current.require(Role::Owner, "manage billing")?;
    let organization_id = current.organization_id();
    Ok(Json(
        payments::checkout(&state, organization_id, &current.user, body).await?,
    ))
}

/// The Stripe customer portal: the saved card and the invoices.
#[utoipa::path(post, path = "/billing/portal-session", tag = "billing",
    responses((status = 200, body = RedirectUrl), (status = 503)), security(("bearer" = [])))]
async fn portal_session(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<RedirectUrl>> {
    current.require(Role::Owner, "manage billing")?;
    Ok(Json(
        payments::portal(&state, current.organization_id(), &current.user).await?,
    ))
}

/// Turn charging the saved card for an assessment without credits on or off.
#[utoipa::path(patch, path = "/billing/settings", tag = "billing", request_body = BillingSettings,
    responses((status = 200, body = Usage), (status = 503)), security(("bearer" = [])))]
async fn update_settings(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<BillingSettings>,
) -> ApiResult<Json<Usage>> {
    current.require(Role::Owner, "manage billing")?;
    payments::set_auto_charge(&state, current.organization_id(), body).await?;
    let page = PageParams {
        limit: None,
        offset: None,
        cursor: None,
    }
    .request()?;
    Ok(Json(
        usage::usage(&state, current.organization_id(), &page).await?,
    ))
}

/// Cancel the monthly plan at the end of the paid period.
#[utoipa::path(post, path = "/billing/cancel", tag = "billing",
    responses((status = 204), (status = 409), (status = 503)), security(("bearer" = [])))]
async fn cancel_plan(State(state): State<AppState>, current: CurrentUser) -> ApiResult<StatusCode> {
    current.require(Role::Owner, "manage billing")?;
    payments::cancel_monthly(&state, current.organization_id()).await?;
    Ok(StatusCode::NO_CONTENT)
}
