//! Paying through Stripe: the organization's customer (made on its first billing action), Checkout for credits or
//! the monthly plan, the customer portal, cancelling the plan at the period end, the auto-charge switch, and
//! charging the saved card for one assessment when no credit is left.

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use tali_stripe::{
    IdempotencyKey, Metadata, NewCustomer, OffSessionCharge, PaymentCheckout, PaymentIntentStatus,
    StripeClient, StripeError, SubscriptionCheckout,
};
use utoipa::ToSchema;

use super::admission::MONTHLY;
use super::ledger;
use crate::accounts::organizations;
use crate::db::entities::{organization, user};
use crate::domain::pricing::PRICE_PER_ASSESSMENT_PENCE;
use crate::domain::{Error, Result};
use crate::state::AppState;

const MAX_CREDITS_PER_PURCHASE: u32 = 100;

/// Why a payment was made; echoed in every webhook about it.
pub mod purpose {
    pub const CREDITS: &str = "credits";
    pub const MONTHLY: &str = "monthly";
    pub const ASSESSMENT_CHARGE: &str = "assessment_charge";
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CheckoutRequest {
    /// `credits` (pay per use, `quantity` of them) or `monthly` (the £300 plan).
    #[garde(custom(purchase_kind))]
    pub kind: String,
    /// 1 to 100 credits at £25 each; for `credits` only.
    #[serde(default, deserialize_with = "crate::domain::input::optional_number")]
    #[garde(inner(range(min = 1, max = MAX_CREDITS_PER_PURCHASE)))]
    pub quantity: Option<u32>,
}

fn purchase_kind(value: &str, _: &()) -> garde::Result {
    if [purpose::CREDITS, purpose::MONTHLY].contains(&value) {
        Ok(())
    } else {
        Err(garde::Error::new("must be credits or monthly"))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RedirectUrl {
    /// Where to send the recruiter (Stripe's hosted page).
    pub url: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct BillingSettings {
    /// Charge the saved card £25 for an assessment when no credit is left.
    #[garde(skip)]
    pub auto_charge: bool,
}

/// The Stripe client, or 503 saying billing is off on this server.
fn stripe(state: &AppState) -> Result<&StripeClient> {
    state.stripe.as_ref().ok_or_else(|| {
        Error::unavailable(
            "Billing is not configured on this server (no STRIPE_API_KEY): sending is unlimited.",
        )
    })
}

/// What a Stripe failure means to the recruiter.
pub fn stripe_failure(err: StripeError) -> Error {
    tracing::warn!(error = ?err, "Stripe call failed");
    match &err {
        StripeError::Card(_) => Error::PaymentRequired(err.to_string()),
        StripeError::RateLimited { .. }
        | StripeError::Api { .. }
        | StripeError::Network(_)
        | StripeError::Timeout => Error::unavailable(err.to_string()),
        _ => Error::Upstream(err.to_string()),
    }
}

/// A key naming one logical payment action, so a retried request never does it twice.
fn idempotency_key(name: String) -> Result<IdempotencyKey> {
    IdempotencyKey::new(name).map_err(stripe_failure)
}

fn metadata(organization_id: i32, purpose: &str) -> Metadata {
    Metadata::from([
        ("organization_id".to_string(), organization_id.to_string()),
        ("purpose".to_string(), purpose.to_string()),
    ])
}

/// The organization's Stripe customer, made the first time it is needed.
async fn customer_of(
    state: &AppState,
    organization: &organization::Model,
    email: &str,
) -> Result<String> {
    if let Some(id) = &organization.stripe_customer_id {
        return Ok(id.clone());
    }
    let created = stripe(state)?
        .create_customer(
            &NewCustomer {
                email: Some(email.to_string()),
                name: Some(organization.name.clone()),
                metadata: metadata(organization.id, "customer"),
            },
            &idempotency_key(format!("customer/organization/{}", organization.id))?,
        )
        .await
        .map_err(stripe_failure)?;
    // The idempotency key gives a concurrent first action the same customer; store it once.
    organization::Entity::update_many()
        .col_expr(
            organization::Column::StripeCustomerId,
            Expr::value(&created.id),
        )
        .filter(organization::Column::Id.eq(organization.id))
        .filter(organization::Column::StripeCustomerId.is_null())
        .exec(&state.db)
        .await?;
    Ok(created.id)
}

fn return_url(state: &AppState, outcome: &str) -> String {
    format!(
        "{}/#/settings?tab=billing&checkout={outcome}",
        state.settings.server.frontend_url
    )
}

/// Starts a Checkout for credits or the monthly plan; answers where to send the recruiter.
pub async fn checkout(
    state: &AppState,
    organization_id: i32,
    buyer: &user::Model,
    request: CheckoutRequest,
) -> Result<RedirectUrl> {
    let billing = state
        .settings
        .integrations
        .stripe
        .as_ref()
        .ok_or_else(|| Error::unavailable("Billing is not configured on this server."))?;
    let organization = organizations::load(&state.db, organization_id).await?;
    let customer = customer_of(state, &organization, &buyer.email).await?;
    let client = stripe(state)?;
    let key = IdempotencyKey::random();
    let session = if request.kind == purpose::MONTHLY {
        if organization.plan == MONTHLY && organization.subscription_status.is_some() {
            return Err(Error::Conflict(
                "This organization is already on the monthly plan".into(),
            ));
        }
        let price_id = billing.monthly_price.clone().ok_or_else(|| {
            Error::unavailable(
                "The monthly plan is not available on this server (no STRIPE_PRICE_MONTHLY).",
            )
        })?;
        client
            .create_subscription_checkout(
                &SubscriptionCheckout {
                    customer,
                    price_id,
                    success_url: return_url(state, "success"),
                    cancel_url: return_url(state, "cancelled"),
                    client_reference_id: Some(organization_id.to_string()),
                    metadata: metadata(organization_id, purpose::MONTHLY),
                },
                &key,
            )
            .await
    } else {
        let quantity = request
            .quantity
            .ok_or_else(|| Error::invalid("quantity", "give how many credits to buy (1 to 100)"))?;
        let mut metadata = metadata(organization_id, purpose::CREDITS);
        metadata.insert("credits".into(), quantity.to_string());
        client
            .create_payment_checkout(
                &PaymentCheckout {
                    customer,
                    product_name: "TALI assessment credit".into(),
                    unit_amount_pence: PRICE_PER_ASSESSMENT_PENCE,
                    quantity,
                    success_url: return_url(state, "success"),
                    cancel_url: return_url(state, "cancelled"),
                    client_reference_id: Some(organization_id.to_string()),
                    metadata,
                },
                &key,
            )
            .await
    }
    .map_err(stripe_failure)?;
    let url = session
        .url
        .ok_or_else(|| Error::Upstream("Stripe answered without a Checkout page".into()))?;
    Ok(RedirectUrl { url })
}

/// The Stripe customer portal, to manage the card and see invoices.
pub async fn portal(
    state: &AppState,
    organization_id: i32,
    user: &user::Model,
) -> Result<RedirectUrl> {
    let organization = organizations::load(&state.db, organization_id).await?;
    let customer = customer_of(state, &organization, &user.email).await?;
    let session = stripe(state)?
        .create_billing_portal_session(
            &customer,
            &format!(
                "{}/#/settings?tab=billing",
                state.settings.server.frontend_url
            ),
            &IdempotencyKey::random(),
        )
        .await
        .map_err(stripe_failure)?;
    Ok(RedirectUrl { url: session.url })
}

/// Cancels the monthly plan at the end of the paid period.
pub async fn cancel_monthly(state: &AppState, organization_id: i32) -> Result<()> {
    let organization = organizations::load(&state.db, organization_id).await?;
    let subscription = organization
        .stripe_subscription_id
        .filter(|_| organization.plan == MONTHLY)
        .ok_or_else(|| Error::Conflict("This organization is not on the monthly plan".into()))?;
    let cancelled = stripe(state)?
        .set_cancel_at_period_end(
            &subscription,
            true,
            &idempotency_key(format!("cancel/{subscription}"))?,
        )
        .await
        .map_err(stripe_failure)?;
    // Stored from the answer too, so the tab shows the end date before the webhook lands.
    let mut update = organization::Entity::update_many()
        .col_expr(
            organization::Column::CancelAtPeriodEnd,
            Expr::value(cancelled.cancel_at_period_end),
        )
        .col_expr(organization::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(end) = cancelled
        .current_period_end
        .and_then(|unix| DateTime::from_timestamp(unix, 0))
    {
        update = update.col_expr(organization::Column::CurrentPeriodEnd, Expr::value(end));
    }
    update
        .filter(organization::Column::Id.eq(organization_id))
        .exec(&state.db)
        .await?;
    Ok(())
}

pub async fn set_auto_charge(
    state: &AppState,
    organization_id: i32,
    settings: BillingSettings,
) -> Result<()> {
    stripe(state)?;
    organization::Entity::update_many()
        .col_expr(
            organization::Column::AutoCharge,
            Expr::value(settings.auto_charge),
        )
        .col_expr(organization::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(organization::Column::Id.eq(organization_id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Whether sending without a credit may charge the saved card instead.
pub fn can_charge(state: &AppState, organization: &organization::Model) -> bool {
    state.stripe.is_some()
        && organization.auto_charge
        && organization.plan != MONTHLY
        && organization.stripe_customer_id.is_some()
        && organization.default_payment_method.is_some()
}

/// Charges the saved card £25 off-session and records one credit. `attempt` names this send, so a retried request
/// never charges twice. A decline is a 402 with the card's message; a bank asking the cardholder to confirm is a
/// 402 with where to do it.
pub async fn charge_one_assessment(
    state: &AppState,
    organization: &organization::Model,
    attempt: &str,
) -> Result<()> {
    let (Some(customer), Some(card)) = (
        &organization.stripe_customer_id,
        &organization.default_payment_method,
    ) else {
        return Err(Error::PaymentRequired(ledger::NO_CREDITS.into()));
    };
    let charged = stripe(state)?
        .charge_off_session(
            &OffSessionCharge {
                customer: customer.clone(),
                payment_method: card.clone(),
                amount_pence: PRICE_PER_ASSESSMENT_PENCE,
                description: Some("TALI assessment".into()),
                metadata: metadata(organization.id, purpose::ASSESSMENT_CHARGE),
            },
            &idempotency_key(format!("charge/{}/{attempt}", organization.id))?,
        )
        .await;
    let intent = match charged {
        Ok(intent) => intent,
        Err(StripeError::Card(card_error)) => {
            let needs_action = card_error.code.as_deref() == Some("authentication_required");
            let message = card_error
                .message
                .clone()
                .unwrap_or_else(|| "Your card was declined.".into());
            return Err(Error::PaymentRequired(if needs_action {
                format!(
                    "{message} Your bank asks you to confirm the payment: use Settings → Billing → Manage payment method, or buy credits."
                )
            } else {
                format!("The saved card was charged £25 and declined: {message}")
            }));
        }
        Err(other) => return Err(stripe_failure(other)),
    };
    match intent.status {
        PaymentIntentStatus::Succeeded => {
            ledger::add_purchase(&state.db, organization.id, 1, &intent.id, "£25 charged to the saved card for an assessment")
                .await?;
            Ok(())
        }
        PaymentIntentStatus::RequiresAction => Err(Error::PaymentRequired(match intent.next_action_url() {
            Some(url) => format!("Your bank asks you to confirm the £25 payment: {url}"),
            None => "Your bank asks you to confirm the £25 payment; buy credits in Settings → Billing instead.".into(),
        })),
        _ => Err(Error::PaymentRequired(
            "The £25 payment is still processing; try again in a minute or buy credits in Settings → Billing.".into(),
        )),
    }
}
