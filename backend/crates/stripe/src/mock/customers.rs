//! `/v1/customers`.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Map, Value, json};

use super::errors::{ApiError, ApiResult};
use super::ids::new_id;
use super::params::{self, Params};
use super::state::{Shared, now};

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &["email", "name", "metadata"])?;
    let customer = new_customer(
        params::string(&params, "email"),
        params::string(&params, "name"),
        params::metadata(&params, "metadata")?,
    );
    Ok(Json(shared.state().store.put(customer)))
}

pub(crate) fn new_customer(
    email: Option<&str>,
    name: Option<&str>,
    metadata: Map<String, Value>,
) -> Value {
    json!({
        "id": new_id("cus"),
        "object": "customer",
        "created": now(),
        "email": email,
        "name": name,
        "metadata": metadata,
        "invoice_settings": { "default_payment_method": null },
        "livemode": false,
    })
}

pub(crate) async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &[])?;
    Ok(Json(shared.state().store.get("customer", &id)?.clone()))
}

/// `GET /v1/customers/{id}/payment_methods`: the customer's saved cards, newest first.
pub(crate) async fn list_payment_methods(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &["type", "limit"])?;
    if let Some(kind) = params::string(&params, "type")
        && kind != "card"
    {
        return Err(ApiError::invalid(
            format!("The mock only has card payment methods, not {kind:?}."),
            Some("type"),
        ));
    }
    let limit = params::integer(&params, "limit", "limit")?.unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid(
            "Invalid limit: must be between 1 and 100",
            Some("limit"),
        ));
    }
    let state = shared.state();
    state.store.get("customer", &id)?;
    let cards = state
        .store
        .list("payment_method", |pm| pm["customer"] == id.as_str());
    let has_more = cards.len() > limit as usize;
    let data: Vec<Value> = cards.into_iter().take(limit as usize).collect();
    Ok(Json(json!({
        "object": "list",
        "url": format!("/v1/customers/{id}/payment_methods"),
        "has_more": has_more,
        "data": data,
    })))
}
