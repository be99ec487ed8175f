//! `/v1/subscriptions/{id}`: monthly subscriptions created by Checkout, read, cancelled at
//! period end (`POST`) or now (`DELETE`).

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Map, Value, json};

use super::delivery;
use super::errors::{ApiError, ApiResult};
use super::gate::RequestContext;
use super::ids::new_id;
use super::params::{self, Params};
use super::state::{Shared, Store, now};

/// The mock's month: long enough for any test, and a round number to assert on.
pub(crate) const PERIOD_SECS: i64 = 30 * 24 * 60 * 60;

/// A new active subscription in the shape of the pinned API version: the billing period lives
/// on the item, not on the subscription.
pub(crate) fn new_subscription(
    customer: &str,
    price_id: &str,
    amount: i64,
    metadata: Map<String, Value>,
    payment_method: &str,
) -> Value {
    let id = new_id("sub");
    let start = now();
    json!({
        "id": id,
        "object": "subscription",
        "customer": customer,
        "status": "active",
        "cancel_at_period_end": false,
        "cancel_at": null,
        "canceled_at": null,
        "ended_at": null,
        "created": start,
        "start_date": start,
        "default_payment_method": payment_method,
        "latest_invoice": null,
        "metadata": metadata,
        "items": {
            "object": "list",
            "data": [{
                "id": new_id("si"),
                "object": "subscription_item",
                "subscription": id,
                "quantity": 1,
                "current_period_start": start,
                "current_period_end": start + PERIOD_SECS,
                "price": {
                    "id": price_id,
                    "object": "price",
                    "currency": crate::CURRENCY,
                    "unit_amount": amount,
                    "recurring": { "interval": "month", "interval_count": 1 },
                },
            }],
        },
        "livemode": false,
    })
}

pub(crate) fn period_end(subscription: &Value) -> i64 {
    subscription["items"]["data"][0]["current_period_end"]
        .as_i64()
        .unwrap_or_default()
}

/// Starts the next month (a renewal).
pub(crate) fn advance_period(subscription: &mut Value) {
    let item = &mut subscription["items"]["data"][0];
    let end = item["current_period_end"].as_i64().unwrap_or_else(now);
    item["current_period_start"] = end.into();
    item["current_period_end"] = (end + PERIOD_SECS).into();
}

/// Ends the subscription now; returns the event to send.
pub(crate) fn cancel_now(
    store: &mut Store,
    id: &str,
    origin: Option<&RequestContext>,
) -> Result<(Value, Option<Value>), ApiError> {
    let subscription = store.get_mut("subscription", id)?;
    if subscription["status"] == "canceled" {
        // Cancelling twice changes nothing; answering with the object keeps a retried DELETE
        // harmless.
        return Ok((subscription.clone(), None));
    }
    let at = now();
    subscription["status"] = "canceled".into();
    subscription["canceled_at"] = at.into();
    subscription["ended_at"] = at.into();
    subscription["cancel_at_period_end"] = false.into();
    let subscription = subscription.clone();
    let event = store.record_event("customer.subscription.deleted", &subscription, None, origin);
    Ok((subscription, Some(event)))
}

/// Sets or clears cancellation at period end; returns the event to send, if anything changed.
pub(crate) fn set_cancel_at_period_end(
    store: &mut Store,
    id: &str,
    cancel: bool,
    origin: Option<&RequestContext>,
) -> Result<(Value, Option<Value>), ApiError> {
    let subscription = store.get_mut("subscription", id)?;
    if subscription["status"] == "canceled" {
        return Err(ApiError::invalid(
            "A canceled subscription can only update its cancellation_details and metadata.",
            Some("cancel_at_period_end"),
        ));
    }
    let previous = subscription["cancel_at_period_end"]
        .as_bool()
        .unwrap_or(false);
    if previous == cancel {
        return Ok((subscription.clone(), None));
    }
    let previous_cancel_at = subscription["cancel_at"].clone();
    subscription["cancel_at_period_end"] = cancel.into();
    subscription["cancel_at"] = if cancel {
        period_end(subscription).into()
    } else {
        Value::Null
    };
    let subscription = subscription.clone();
    let event = store.record_event(
        "customer.subscription.updated",
        &subscription,
        Some(json!({ "cancel_at_period_end": previous, "cancel_at": previous_cancel_at })),
        origin,
    );
    Ok((subscription, Some(event)))
}

pub(crate) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    Ok(Json(shared.state().store.get("subscription", &id)?.clone()))
}

/// `POST /v1/subscriptions/{id}`: `cancel_at_period_end` and `metadata` (merged; `""` deletes).
pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
    Extension(context): Extension<RequestContext>,
) -> ApiResult {
    params::allow_only(&params, "", &["cancel_at_period_end", "metadata"])?;
    let cancel = params::boolean(&params, "cancel_at_period_end")?;
    let metadata = params::metadata(&params, "metadata")?;
    let mut state = shared.state();
    let mut events = Vec::new();
    let mut subscription = state.store.get("subscription", &id)?.clone();
    if let Some(cancel) = cancel {
        let (updated, event) =
            set_cancel_at_period_end(&mut state.store, &id, cancel, Some(&context))?;
        subscription = updated;
        events.extend(event);
    }
    if !metadata.is_empty() {
        let stored = state.store.get_mut("subscription", &id)?;
        if let Some(current) = stored["metadata"].as_object_mut() {
            for (key, value) in metadata {
                if value == "" {
                    current.remove(&key);
                } else {
                    current.insert(key, value);
                }
            }
        }
        subscription = stored.clone();
    }
    drop(state);
    delivery::spawn(&shared, events);
    Ok(Json(subscription))
}

/// `DELETE /v1/subscriptions/{id}`: cancels now, sending `customer.subscription.deleted`.
pub(crate) async fn cancel(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
    Extension(context): Extension<RequestContext>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    let (subscription, event) = cancel_now(&mut shared.state().store, &id, Some(&context))?;
    delivery::spawn(&shared, event.into_iter().collect());
    Ok(Json(subscription))
}
