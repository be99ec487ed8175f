//! `/v1/checkout/sessions`: sessions in mode `payment` (price_data line items) or
//! `subscription` (a price id), with a `url` to the mock's hosted page.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Map, Value, json};

use super::errors::{ApiError, ApiResult};
use super::ids::new_id;
use super::params::{self, Params};
use super::state::{Shared, now};

/// Stripe's default: a session expires 24 hours after creation.
const SESSION_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// What a session will do when paid, which Stripe keeps but does not show on the session.
#[derive(Debug, Clone)]
pub(crate) struct CheckoutPlan {
    /// `payment_intent_data[setup_future_usage]`: save the card on the customer.
    pub save_card: bool,
    pub payment_intent_metadata: Map<String, Value>,
    pub subscription_metadata: Map<String, Value>,
    /// Subscription mode: the price subscribed to.
    pub price_id: Option<String>,
    pub product_name: String,
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(
        &params,
        "",
        &[
            "mode",
            "customer",
            "customer_email",
            "line_items",
            "success_url",
            "cancel_url",
            "client_reference_id",
            "metadata",
            "payment_intent_data",
            "subscription_data",
        ],
    )?;
    let mode = params::required(&params, "mode", "mode")?;
    if !matches!(mode, "payment" | "subscription") {
        return Err(ApiError::invalid(
            format!("The mock supports mode=payment and mode=subscription, not {mode:?}."),
            Some("mode"),
        ));
    }
    let subscription = mode == "subscription";
    if subscription && params.get("payment_intent_data").is_some() {
        return Err(ApiError::invalid(
            "You can not pass `payment_intent_data` in `subscription` mode.",
            Some("payment_intent_data"),
        ));
    }
    if !subscription && params.get("subscription_data").is_some() {
        return Err(ApiError::invalid(
            "You can not pass `subscription_data` in `payment` mode.",
            Some("subscription_data"),
        ));
    }
    let payment_intent_data = params
        .get("payment_intent_data")
        .cloned()
        .unwrap_or_default();
    params::allow_only(
        &payment_intent_data,
        "payment_intent_data",
        &["setup_future_usage", "metadata", "description"],
    )?;
    let save_card = match params::string(&payment_intent_data, "setup_future_usage") {
        None => false,
        Some("off_session" | "on_session") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                format!("Invalid payment_intent_data[setup_future_usage]: {other}"),
                Some("payment_intent_data[setup_future_usage]"),
            ));
        }
    };
    let subscription_data = params.get("subscription_data").cloned().unwrap_or_default();
    params::allow_only(&subscription_data, "subscription_data", &["metadata"])?;

    let line = single_line_item(&params)?;
    let priced = if subscription {
        subscription_line(line, shared.options.monthly_price_pence)?
    } else {
        payment_line(line, shared.options.monthly_price_pence)?
    };
    let success_url = params::url(&params, "success_url")?;
    let cancel_url = params::url(&params, "cancel_url")?;
    let metadata = params::metadata(&params, "metadata")?;

    let mut state = shared.state();
    let customer = params::string(&params, "customer");
    if let Some(customer) = customer {
        state.store.get("customer", customer)?;
    }
    let id = new_id("cs_test");
    let created = now();
    let session = json!({
        "id": id,
        "object": "checkout.session",
        "mode": mode,
        "status": "open",
        "payment_status": "unpaid",
        "url": format!("{}/checkout/{id}", shared.base_url),
        "customer": customer,
        "customer_email": params::string(&params, "customer_email"),
        "client_reference_id": params::string(&params, "client_reference_id"),
        "metadata": metadata,
        "amount_subtotal": priced.amount_total,
        "amount_total": priced.amount_total,
        "currency": priced.currency,
        "payment_intent": null,
        "subscription": null,
        "invoice": null,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "created": created,
        "expires_at": created + SESSION_LIFETIME_SECS,
        "livemode": false,
    });
    state.store.checkout_plans.insert(
        id,
        CheckoutPlan {
            save_card,
            payment_intent_metadata: params::metadata(
                &payment_intent_data,
                "payment_intent_data[metadata]",
            )?,
            subscription_metadata: params::metadata(
                &subscription_data,
                "subscription_data[metadata]",
            )?,
            price_id: priced.price_id,
            product_name: priced.product_name,
        },
    );
    Ok(Json(state.store.put(session)))
}

pub(crate) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    Ok(Json(
        shared.state().store.get("checkout.session", &id)?.clone(),
    ))
}

struct PricedLine {
    amount_total: i64,
    currency: String,
    price_id: Option<String>,
    product_name: String,
}

/// TALI buys one kind of thing per session; the mock keeps to that rather than model carts.
fn single_line_item(params: &Value) -> Result<&Value, ApiError> {
    match params.get("line_items") {
        Some(Value::Array(items)) if items.len() == 1 => Ok(&items[0]),
        Some(Value::Array(items)) if !items.is_empty() => Err(ApiError::invalid(
            "The mock supports exactly one line item per session.",
            Some("line_items"),
        )),
        _ => Err(ApiError::missing_param("line_items")),
    }
}

fn quantity(line: &Value) -> Result<i64, ApiError> {
    let quantity = params::integer(line, "quantity", "line_items[0][quantity]")?
        .ok_or_else(|| ApiError::missing_param("line_items[0][quantity]"))?;
    if quantity < 1 {
        return Err(ApiError::invalid(
            "Quantity must be at least 1.",
            Some("line_items[0][quantity]"),
        ));
    }
    Ok(quantity)
}

/// `price_data` with GBP, `unit_amount` and `product_data[name]` (or a `price` id).
fn payment_line(line: &Value, price_amount: u64) -> Result<PricedLine, ApiError> {
    params::allow_only(line, "line_items[0]", &["price", "price_data", "quantity"])?;
    let quantity = quantity(line)?;
    if let Some(price) = params::string(line, "price") {
        return Ok(PricedLine {
            amount_total: price_amount as i64 * quantity,
            currency: crate::CURRENCY.to_owned(),
            price_id: Some(price.to_owned()),
            product_name: price.to_owned(),
        });
    }
    let price_data = line
        .get("price_data")
        .ok_or_else(|| ApiError::missing_param("line_items[0][price_data]"))?;
    params::allow_only(
        price_data,
        "line_items[0][price_data]",
        &["currency", "unit_amount", "product_data", "product"],
    )?;
    let currency = params::required(
        price_data,
        "currency",
        "line_items[0][price_data][currency]",
    )?;
    let unit_amount = params::integer(
        price_data,
        "unit_amount",
        "line_items[0][price_data][unit_amount]",
    )?
    .ok_or_else(|| ApiError::missing_param("line_items[0][price_data][unit_amount]"))?;
    if unit_amount < 0 {
        return Err(ApiError::invalid(
            "unit_amount must not be negative.",
            Some("line_items[0][price_data][unit_amount]"),
        ));
    }
    let product_data = price_data.get("product_data").cloned().unwrap_or_default();
    params::allow_only(
        &product_data,
        "line_items[0][price_data][product_data]",
        &["name", "description"],
    )?;
    let product_name = params::required(
        &product_data,
        "name",
        "line_items[0][price_data][product_data][name]",
    )?;
    Ok(PricedLine {
        amount_total: unit_amount * quantity,
        currency: currency.to_owned(),
        price_id: None,
        product_name: product_name.to_owned(),
    })
}

/// A recurring `price` id. The mock has no price catalogue: any `price_...` id is a monthly GBP
/// price of `monthly_price_pence`.
fn subscription_line(line: &Value, price_amount: u64) -> Result<PricedLine, ApiError> {
    params::allow_only(line, "line_items[0]", &["price", "quantity"])?;
    let price = params::required(line, "price", "line_items[0][price]")?;
    if !price.starts_with("price_") {
        return Err(ApiError::no_such("price", price).with("param", "line_items[0][price]"));
    }
    let quantity = quantity(line)?;
    Ok(PricedLine {
        amount_total: price_amount as i64 * quantity,
        currency: crate::CURRENCY.to_owned(),
        price_id: Some(price.to_owned()),
        product_name: "Monthly plan".to_owned(),
    })
}
