//! Events that tests ask for, with the state change Stripe would make alongside them (a renewal
//! advances the period, a failed invoice makes the subscription `past_due`, ...).

use serde::Deserialize;
use serde_json::{Value, json};

use super::completion;
use super::delivery::SignatureVariant;
use super::errors::ApiError;
use super::invoices::{InvoiceOutcome, new_invoice};
use super::payment_intents;
use super::state::{Store, now};
use super::subscriptions::{self, advance_period};
use crate::EventKind;

/// As JSON for `POST /test/events`. Which ids are needed depends on `type`:
///
/// | `type` | needs | also changes |
/// |---|---|---|
/// | `invoice.paid` | `subscription` or `customer` | starts the next period; status `active` |
/// | `invoice.payment_failed` | `subscription` or `customer` | status `past_due` |
/// | `customer.subscription.updated` | `subscription` or `customer` | `status`, `cancel_at_period_end` if given |
/// | `customer.subscription.deleted` | `subscription` or `customer` | cancelled now |
/// | `payment_intent.succeeded` / `.payment_failed` | `payment_intent`, or `customer` (+ `amount`) | the intent |
/// | `checkout.session.completed` | `checkout_session` | paid with `pm_card_visa` (and its other events) |
/// | `checkout.session.async_payment_succeeded` / `_failed` | `checkout_session` | `payment_status` |
/// | anything else | `object` | nothing |
///
/// With `object`, any type is sent with that `data.object` as given, and nothing changes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EventRequest {
    #[serde(rename = "type")]
    pub event_type: String,
    pub customer: Option<String>,
    pub subscription: Option<String>,
    pub payment_intent: Option<String>,
    pub checkout_session: Option<String>,
    /// `customer.subscription.updated`: the new status, e.g. `past_due` or `unpaid`.
    pub status: Option<String>,
    pub cancel_at_period_end: Option<bool>,
    /// A new `payment_intent.*` for a customer: its amount in pence (default 2500).
    pub amount: Option<i64>,
    pub object: Option<Value>,
    #[serde(default)]
    pub signature: SignatureVariant,
}

impl EventRequest {
    pub fn new(event_type: impl Into<String>) -> Self {
        Self {
            event_type: event_type.into(),
            ..Self::default()
        }
    }
}

/// Applies the request's state change and records its event(s), in delivery order.
pub(crate) fn create_events(
    store: &mut Store,
    request: &EventRequest,
) -> Result<Vec<Value>, ApiError> {
    let event_type = request.event_type.as_str();
    if let Some(object) = &request.object {
        return Ok(vec![store.record_event(event_type, object, None, None)]);
    }
    let event = match EventKind::parse(event_type) {
        EventKind::InvoicePaid => invoice(store, request, InvoiceOutcome::Paid)?,
        EventKind::InvoicePaymentFailed => invoice(store, request, InvoiceOutcome::PaymentFailed)?,
        EventKind::CustomerSubscriptionUpdated => subscription_updated(store, request)?,
        EventKind::CustomerSubscriptionDeleted => {
            let id = subscription_id(store, request)?;
            let (subscription, event) = subscriptions::cancel_now(store, &id, None)?;
            // Already cancelled: send the event again anyway, as the test asked for it.
            event.unwrap_or_else(|| store.record_event(event_type, &subscription, None, None))
        }
        EventKind::PaymentIntentSucceeded => payment_intent(store, request, true)?,
        EventKind::PaymentIntentPaymentFailed => payment_intent(store, request, false)?,
        EventKind::CheckoutSessionCompleted => {
            let id = required(&request.checkout_session, "checkout_session", event_type)?;
            return Ok(completion::complete(store, id, "pm_card_visa")?.1);
        }
        EventKind::CheckoutSessionAsyncPaymentSucceeded => async_payment(store, request, true)?,
        EventKind::CheckoutSessionAsyncPaymentFailed => async_payment(store, request, false)?,
        _ => {
            return Err(ApiError::invalid(
                format!("The mock cannot make up a {event_type:?} event; pass its `object`."),
                Some("object"),
            ));
        }
    };
    Ok(vec![event])
}

fn required<'a>(id: &'a Option<String>, name: &str, event_type: &str) -> Result<&'a str, ApiError> {
    id.as_deref().ok_or_else(|| {
        ApiError::invalid(format!("A {event_type} event needs `{name}`."), Some(name))
    })
}

/// The named subscription, else the customer's newest one that is not cancelled.
fn subscription_id(store: &Store, request: &EventRequest) -> Result<String, ApiError> {
    if let Some(id) = &request.subscription {
        store.get("subscription", id)?;
        return Ok(id.clone());
    }
    let customer = required(
        &request.customer,
        "subscription` or `customer",
        &request.event_type,
    )?;
    store.get("customer", customer)?;
    store
        .list("subscription", |s| {
            s["customer"] == customer && s["status"] != "canceled"
        })
        .first()
        .and_then(|s| s["id"].as_str().map(str::to_owned))
        .ok_or_else(|| {
            ApiError::invalid(
                format!("Customer {customer} has no live subscription."),
                Some("customer"),
            )
        })
}

fn invoice(
    store: &mut Store,
    request: &EventRequest,
    outcome: InvoiceOutcome,
) -> Result<Value, ApiError> {
    let id = subscription_id(store, request)?;
    let subscription = store.get_mut("subscription", &id)?;
    if outcome == InvoiceOutcome::Paid {
        advance_period(subscription);
        subscription["status"] = "active".into();
    } else {
        subscription["status"] = "past_due".into();
    }
    let invoice = new_invoice(subscription, outcome, "subscription_cycle");
    subscription["latest_invoice"] = invoice["id"].clone();
    let invoice = store.put(invoice);
    Ok(store.record_event(&request.event_type, &invoice, None, None))
}

fn subscription_updated(store: &mut Store, request: &EventRequest) -> Result<Value, ApiError> {
    let id = subscription_id(store, request)?;
    if let Some(cancel) = request.cancel_at_period_end
        && request.status.is_none()
    {
        let (subscription, event) =
            subscriptions::set_cancel_at_period_end(store, &id, cancel, None)?;
        return Ok(event.unwrap_or_else(|| {
            store.record_event(&request.event_type, &subscription, None, None)
        }));
    }
    let subscription = store.get_mut("subscription", &id)?;
    let mut previous = json!({});
    if let Some(status) = &request.status {
        previous["status"] = subscription["status"].clone();
        subscription["status"] = status.as_str().into();
    }
    if let Some(cancel) = request.cancel_at_period_end {
        previous["cancel_at_period_end"] = subscription["cancel_at_period_end"].clone();
        subscription["cancel_at_period_end"] = cancel.into();
    }
    let subscription = subscription.clone();
    Ok(store.record_event(&request.event_type, &subscription, Some(previous), None))
}

fn payment_intent(
    store: &mut Store,
    request: &EventRequest,
    succeeded: bool,
) -> Result<Value, ApiError> {
    let mut intent = match (&request.payment_intent, &request.customer) {
        (Some(id), _) => store.get("payment_intent", id)?.clone(),
        (None, Some(customer)) => {
            let customer_object = store.get("customer", customer)?;
            let default_card =
                customer_object["invoice_settings"]["default_payment_method"].clone();
            json!({
                "id": super::ids::new_id("pi"),
                "object": "payment_intent",
                "amount": request.amount.unwrap_or(2500),
                "amount_received": 0,
                "currency": crate::CURRENCY,
                "customer": customer,
                "payment_method": default_card,
                "payment_method_types": ["card"],
                "metadata": {},
                "created": now(),
                "livemode": false,
            })
        }
        (None, None) => {
            return Err(ApiError::invalid(
                format!(
                    "A {} event needs `payment_intent` or `customer`.",
                    request.event_type
                ),
                Some("payment_intent"),
            ));
        }
    };
    if succeeded {
        payment_intents::succeed(&mut intent);
    } else {
        payment_intents::fail(
            &mut intent,
            "card_declined",
            Some("generic_decline"),
            "Your card was declined.",
        );
    }
    let intent = store.put(intent);
    Ok(store.record_event(&request.event_type, &intent, None, None))
}

fn async_payment(
    store: &mut Store,
    request: &EventRequest,
    succeeded: bool,
) -> Result<Value, ApiError> {
    let id = required(
        &request.checkout_session,
        "checkout_session",
        &request.event_type,
    )?;
    let session = store.get_mut("checkout.session", id)?;
    session["status"] = "complete".into();
    session["url"] = Value::Null;
    session["payment_status"] = if succeeded { "paid" } else { "unpaid" }.into();
    let session = session.clone();
    Ok(store.record_event(&request.event_type, &session, None, None))
}
