//! Paying a Checkout Session, as the hosted page's "Pay" button or the test hook does.

use serde_json::{Map, Value, json};

use super::cards::{self, Behaviour};
use super::customers::new_customer;
use super::errors::ApiError;
use super::ids::new_id;
use super::invoices::{InvoiceOutcome, new_invoice};
use super::payment_intents;
use super::payment_methods::store_card;
use super::state::{Store, now};
use super::subscriptions::new_subscription;

/// Completes an open session paid with the test card `card` (a magic id such as
/// `pm_card_visa`). Returns the completed session and the events to deliver, in order.
///
/// Mode `payment`: a succeeded PaymentIntent; with `setup_future_usage` the card is saved on the
/// customer and made its default. Mode `subscription`: an active subscription and its paid first
/// invoice. A card that declines leaves the session open and returns the card error.
pub(crate) fn complete(
    store: &mut Store,
    session_id: &str,
    card: &str,
) -> Result<(Value, Vec<Value>), ApiError> {
    let session = store.get("checkout.session", session_id)?.clone();
    if session["status"] != "open" {
        return Err(ApiError::invalid(
            format!(
                "Checkout Session {session_id} is {} and cannot be paid.",
                session["status"]
            ),
            None,
        ));
    }
    let card = cards::by_magic_id(card)
        .ok_or_else(|| ApiError::invalid(format!("Unknown test card {card:?}."), Some("card")))?;
    // On the hosted page the cardholder is present, so 3-D Secure succeeds; only declines fail.
    if let Behaviour::Declines {
        decline_code,
        message,
    } = card.behaviour
    {
        return Err(ApiError::card(
            "card_declined",
            Some(decline_code),
            message,
            None,
        ));
    }
    let plan = store
        .checkout_plans
        .get(session_id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("checkout session", session_id))?;

    let customer_id = match session["customer"].as_str() {
        Some(id) => id.to_owned(),
        None => create_customer(store, session["customer_email"].as_str()),
    };
    let subscription_mode = session["mode"] == "subscription";
    let saves_card = plan.save_card || subscription_mode;
    let payment_method = store_card(store, &card, saves_card.then_some(customer_id.as_str()));
    let payment_method_id = payment_method["id"].as_str().unwrap_or_default().to_owned();
    if plan.save_card && !subscription_mode {
        let customer = store.get_mut("customer", &customer_id)?;
        customer["invoice_settings"]["default_payment_method"] = payment_method_id.clone().into();
    }

    let mut completed = session.clone();
    completed["status"] = "complete".into();
    completed["payment_status"] = "paid".into();
    completed["customer"] = customer_id.clone().into();
    completed["url"] = Value::Null;
    let mut follow_ups = Vec::new();
    if subscription_mode {
        let amount = session["amount_total"].as_i64().unwrap_or_default();
        let price_id = plan.price_id.clone().unwrap_or_default();
        let mut subscription = new_subscription(
            &customer_id,
            &price_id,
            amount,
            plan.subscription_metadata.clone(),
            &payment_method_id,
        );
        let invoice = store.put(new_invoice(
            &subscription,
            InvoiceOutcome::Paid,
            "subscription_create",
        ));
        subscription["latest_invoice"] = invoice["id"].clone();
        let subscription = store.put(subscription);
        completed["subscription"] = subscription["id"].clone();
        completed["invoice"] = invoice["id"].clone();
        follow_ups.push(("invoice.paid", invoice));
    } else {
        let mut intent = json!({
            "id": new_id("pi"),
            "object": "payment_intent",
            "amount": session["amount_total"],
            "currency": session["currency"],
            "customer": customer_id,
            "payment_method": payment_method_id,
            "payment_method_types": ["card"],
            "setup_future_usage": if plan.save_card { "off_session".into() } else { Value::Null },
            "metadata": plan.payment_intent_metadata,
            "description": plan.product_name,
            "created": now(),
            "livemode": false,
        });
        payment_intents::succeed(&mut intent);
        let intent = store.put(intent);
        completed["payment_intent"] = intent["id"].clone();
        follow_ups.push(("payment_intent.succeeded", intent));
    }
    let completed = store.put(completed);

    let mut events = vec![store.record_event("checkout.session.completed", &completed, None, None)];
    for (event_type, object) in follow_ups {
        events.push(store.record_event(event_type, &object, None, None));
    }
    Ok((completed, events))
}

/// Checkout makes a customer when the session did not name one.
fn create_customer(store: &mut Store, email: Option<&str>) -> String {
    let customer = store.put(new_customer(email, None, Map::new()));
    customer["id"].as_str().unwrap_or_default().to_owned()
}
