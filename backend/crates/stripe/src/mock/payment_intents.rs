//! `/v1/payment_intents`: charges whose outcome the test card decides.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::cards::Behaviour;
use super::delivery;
use super::errors::{ApiError, ApiResult};
use super::gate::RequestContext;
use super::ids::new_id;
use super::params::{self, Params};
use super::payment_methods;
use super::state::{Shared, now};

/// Stripe's minimum charge in GBP (its "$0.50 or equivalent" rule). Also catches amounts sent
/// in pounds instead of pence.
const MINIMUM_GBP_PENCE: i64 = 30;

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(Params(params)): Extension<Params>,
    Extension(context): Extension<RequestContext>,
) -> ApiResult {
    params::allow_only(
        &params,
        "",
        &[
            "amount",
            "currency",
            "customer",
            "payment_method",
            "payment_method_types",
            "confirm",
            "off_session",
            "description",
            "metadata",
            "return_url",
        ],
    )?;
    let amount = params::integer(&params, "amount", "amount")?
        .ok_or_else(|| ApiError::missing_param("amount"))?;
    let currency = params::required(&params, "currency", "currency")?;
    check_amount(amount, currency)?;
    let confirm = params::boolean(&params, "confirm")?.unwrap_or(false);
    // `one_off` and `recurring` are accepted too, and mean the same to the mock.
    let off_session = match params::string(&params, "off_session") {
        None => false,
        Some("true" | "one_off" | "recurring") => true,
        Some("false") => false,
        Some(other) => {
            return Err(ApiError::invalid(
                format!("Invalid off_session: {other}"),
                Some("off_session"),
            ));
        }
    };
    if params.get("off_session").is_some() && !confirm {
        return Err(ApiError::invalid(
            "You can only pass in `off_session` when `confirm` is set to true.",
            Some("off_session"),
        ));
    }
    check_payment_method_types(&params)?;
    let return_url = params::url(&params, "return_url")?;
    let customer = params::string(&params, "customer");
    let metadata = params::metadata(&params, "metadata")?;

    let mut state = shared.state();
    if let Some(customer) = customer {
        state.store.get("customer", customer)?;
    }
    let payment_method = match params::string(&params, "payment_method") {
        Some(id) => Some(payment_methods::resolve(
            &mut state.store,
            id,
            "payment_method",
        )?),
        None => None,
    };
    if let Some(owner) = payment_method
        .as_ref()
        .and_then(|pm| pm["customer"].as_str())
        && customer != Some(owner)
    {
        return Err(ApiError::invalid(
            "The provided PaymentMethod belongs to a customer; pass that customer as `customer`.",
            Some("payment_method"),
        ));
    }
    let mut intent = json!({
        "id": new_id("pi"),
        "object": "payment_intent",
        "amount": amount,
        "amount_received": 0,
        "currency": currency,
        "customer": customer,
        "description": params::string(&params, "description"),
        "payment_method": payment_method.as_ref().map(|pm| pm["id"].clone()),
        "payment_method_types": ["card"],
        "status": if payment_method.is_some() { "requires_confirmation" } else { "requires_payment_method" },
        "metadata": metadata,
        "next_action": null,
        "last_payment_error": null,
        "latest_charge": null,
        "created": now(),
        "livemode": false,
    });
    intent["client_secret"] =
        format!("{}_secret_mock", intent["id"].as_str().unwrap_or_default()).into();

    if !confirm {
        return Ok(Json(state.store.put(intent)));
    }
    let Some(payment_method) = payment_method else {
        return Err(ApiError::invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            Some("payment_method"),
        )
        .with("code", "payment_intent_unexpected_state"));
    };
    let pm_id = payment_method["id"].as_str().unwrap_or_default();
    let behaviour = state
        .store
        .card_behaviour
        .get(pm_id)
        .copied()
        .unwrap_or(Behaviour::Succeeds);
    // The card error to answer with; `None` when the intent itself is the answer.
    let card_error = match behaviour {
        Behaviour::Succeeds => {
            succeed(&mut intent);
            None
        }
        Behaviour::Declines {
            decline_code,
            message,
        } => Some(fail(
            &mut intent,
            "card_declined",
            Some(decline_code),
            message,
        )),
        Behaviour::RequiresAuthentication if off_session => Some(fail(
            &mut intent,
            "authentication_required",
            Some("authentication_required"),
            "Your card was declined. This transaction requires authentication.",
        )),
        Behaviour::RequiresAuthentication => {
            require_action(&mut intent, &shared.base_url, return_url);
            None
        }
    };
    let intent = state.store.put(intent);
    let event = state
        .store
        .record_event(event_type(&intent), &intent, None, Some(&context));
    drop(state);
    delivery::spawn(&shared, vec![event]);
    match card_error {
        None => Ok(Json(intent)),
        Some(error) => Err(error.with("payment_intent", intent)),
    }
}

/// The event Stripe sends after a confirmation ends in this intent's status.
pub(crate) fn event_type(intent: &Value) -> &'static str {
    match intent["status"].as_str() {
        Some("succeeded") => "payment_intent.succeeded",
        Some("requires_action") => "payment_intent.requires_action",
        _ => "payment_intent.payment_failed",
    }
}

pub(crate) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    Ok(Json(
        shared.state().store.get("payment_intent", &id)?.clone(),
    ))
}

fn check_amount(amount: i64, currency: &str) -> Result<(), ApiError> {
    if currency != currency.to_ascii_lowercase() || currency.len() != 3 {
        return Err(ApiError::invalid(
            format!("Invalid currency: {currency}. Stripe currencies are three lowercase letters."),
            Some("currency"),
        ));
    }
    if amount <= 0 {
        return Err(ApiError::invalid(
            "This value must be greater than or equal to 1.",
            Some("amount"),
        ));
    }
    if currency == "gbp" && amount < MINIMUM_GBP_PENCE {
        return Err(ApiError::invalid(
            format!("Amount must be at least £0.{MINIMUM_GBP_PENCE} gbp"),
            Some("amount"),
        )
        .with("code", "amount_too_small"));
    }
    Ok(())
}

fn check_payment_method_types(params: &Value) -> Result<(), ApiError> {
    match params.get("payment_method_types") {
        None => Ok(()),
        Some(Value::Array(types)) if types.iter().all(|t| t == "card") && !types.is_empty() => {
            Ok(())
        }
        Some(_) => Err(ApiError::invalid(
            "The mock supports payment_method_types=[card] only.",
            Some("payment_method_types"),
        )),
    }
}

/// Marks the intent paid.
pub(crate) fn succeed(intent: &mut Value) {
    intent["status"] = "succeeded".into();
    intent["amount_received"] = intent["amount"].clone();
    intent["latest_charge"] = new_id("ch").into();
    intent["next_action"] = Value::Null;
    intent["last_payment_error"] = Value::Null;
}

/// Marks the attempt failed as Stripe does (back to `requires_payment_method`, with
/// `last_payment_error`); returns the 402 to answer with.
pub(crate) fn fail(
    intent: &mut Value,
    code: &str,
    decline_code: Option<&str>,
    message: &str,
) -> ApiError {
    intent["status"] = "requires_payment_method".into();
    intent["next_action"] = Value::Null;
    intent["last_payment_error"] = json!({
        "type": "card_error",
        "code": code,
        "decline_code": decline_code,
        "message": message,
        "payment_method": intent["payment_method"].clone(),
    });
    ApiError::card(code, decline_code, message, None)
}

/// On-session 3-D Secure: a redirect to the mock's authentication page when the request gave a
/// `return_url`, else the action Stripe.js would handle.
fn require_action(intent: &mut Value, base_url: &str, return_url: Option<&str>) {
    intent["status"] = "requires_action".into();
    let id = intent["id"].as_str().unwrap_or_default().to_owned();
    intent["next_action"] = match return_url {
        Some(return_url) => json!({
            "type": "redirect_to_url",
            "redirect_to_url": {
                "url": format!("{base_url}/authenticate/{id}"),
                "return_url": return_url,
            },
        }),
        None => {
            json!({ "type": "use_stripe_sdk", "use_stripe_sdk": { "type": "three_d_secure_redirect" } })
        }
    };
}
