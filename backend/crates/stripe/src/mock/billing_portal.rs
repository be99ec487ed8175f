//! `/v1/billing_portal/sessions`: a link to the mock's portal page for one customer.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::State;
use serde_json::json;

use super::errors::ApiResult;
use super::ids::new_id;
use super::params::{self, Params};
use super::state::{Shared, now};

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(Params(params)): Extension<Params>,
) -> ApiResult {
    params::allow_only(&params, "", &["customer", "return_url"])?;
    let customer = params::required(&params, "customer", "customer")?;
    let return_url = params::url(&params, "return_url")?;
    let mut state = shared.state();
    state.store.get("customer", customer)?;
    let id = new_id("bps");
    let session = json!({
        "id": id,
        "object": "billing_portal.session",
        "customer": customer,
        "return_url": return_url,
        "url": format!("{}/billing_portal/{id}", shared.base_url),
        "created": now(),
        "livemode": false,
    });
    Ok(Json(state.store.put(session)))
}
