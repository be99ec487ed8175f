//! `/v1/payment_methods`: test cards become stored payment methods that remember how they behave.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::cards::{self, Behaviour, CHARGE_CUSTOMER_FAIL, TestCard};
use super::errors::{ApiError, ApiResult};
use super::ids::new_id;
use super::params::{self, Params};
use super::state::{Shared, Store, now};

/// A new stored payment method made from a test card, like Stripe does when a magic id such as
/// `pm_card_visa` is used.
pub(crate) fn store_card(store: &mut Store, card: &TestCard, customer: Option<&str>) -> Value {
    let id = new_id("pm");
    store.card_behaviour.insert(id.clone(), card.behaviour);
    store.put(json!({
        "id": id,
        "object": "payment_method",
        "type": "card",
        "created": now(),
        "customer": customer,
        "card": {
            "brand": card.brand,
            "last4": card.last4,
            "exp_month": 12,
            "exp_year": 2034,
            "funding": "credit",
            "country": "GB",
        },
        "billing_details": { "email": null, "name": null },
        "metadata": {},
        "livemode": false,
    }))
}

/// The payment method a request names: a magic test id (made into a stored one) or a stored id.
pub(crate) fn resolve(store: &mut Store, id: &str, param: &str) -> Result<Value, ApiError> {
    if let Some(card) = cards::by_magic_id(id) {
        return Ok(store_card(store, &card, None));
    }
    store
        .get("payment_method", id)
        .cloned()
        .map_err(|_| ApiError::no_such("PaymentMethod", id).with("param", param))
}

pub(crate) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    Ok(Json(
        shared.state().store.get("payment_method", &id)?.clone(),
    ))
}

/// `POST /v1/payment_methods/{id}/attach` with `customer`: saves a card on a customer, e.g. to
/// set up a card that will decline later (`pm_card_chargeCustomerFail`).
pub(crate) async fn attach(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &["customer"])?;
    let customer = params::required(&params, "customer", "customer")?;
    let mut state = shared.state();
    state.store.get("customer", customer)?;
    if let Some(card) = cards::by_magic_id(&id)
        && let Behaviour::Declines {
            decline_code,
            message,
        } = card.behaviour
        && card.magic_id != CHARGE_CUSTOMER_FAIL
    {
        // Attaching checks the card with the bank; only `chargeCustomerFail` passes that check
        // and declines later.
        return Err(ApiError::card(
            "card_declined",
            Some(decline_code),
            message,
            None,
        ));
    }
    let method = resolve(&mut state.store, &id, "payment_method")?;
    let method_id = method["id"].as_str().unwrap_or_default().to_owned();
    let stored = state.store.get_mut("payment_method", &method_id)?;
    match stored["customer"].as_str() {
        Some(owner) if owner != customer => {
            return Err(ApiError::invalid(
                "The payment method you provided has already been attached to a customer.",
                Some("payment_method"),
            ));
        }
        _ => stored["customer"] = customer.into(),
    }
    Ok(Json(stored.clone()))
}
