//! Invoices of subscriptions: the first one (paid by Checkout) and the ones test hooks create
//! for renewals and failed payments.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::errors::ApiResult;
use super::ids::new_id;
use super::params::{self, Params};
use super::state::{Shared, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvoiceOutcome {
    Paid,
    /// The card was declined; Stripe will retry (`next_payment_attempt`).
    PaymentFailed,
}

/// An invoice for the subscription's current period, in the pinned version's shape: the
/// subscription is under `parent.subscription_details`.
pub(crate) fn new_invoice(
    subscription: &Value,
    outcome: InvoiceOutcome,
    billing_reason: &str,
) -> Value {
    let item = &subscription["items"]["data"][0];
    let amount = item["price"]["unit_amount"].as_i64().unwrap_or_default();
    let paid = outcome == InvoiceOutcome::Paid;
    let created = now();
    json!({
        "id": new_id("in"),
        "object": "invoice",
        "customer": subscription["customer"],
        "status": if paid { "paid" } else { "open" },
        "billing_reason": billing_reason,
        "currency": crate::CURRENCY,
        "amount_due": amount,
        "amount_paid": if paid { amount } else { 0 },
        "amount_remaining": if paid { 0 } else { amount },
        "attempt_count": 1,
        "attempted": true,
        "next_payment_attempt": if paid { Value::Null } else { (created + 3 * 24 * 60 * 60).into() },
        "period_start": item["current_period_start"],
        "period_end": item["current_period_end"],
        "hosted_invoice_url": null,
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription["id"],
                "metadata": subscription["metadata"],
            },
        },
        "metadata": {},
        "created": created,
        "livemode": false,
    })
}

pub(crate) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    Ok(Json(shared.state().store.get("invoice", &id)?.clone()))
}
