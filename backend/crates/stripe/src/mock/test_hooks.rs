//! `/test/...`: JSON endpoints for tests that drive the mock from outside the process (browser
//! tests). Each does what the matching [`super::StripeMock`] method does.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::completion;
use super::delivery::{self, SignatureVariant};
use super::errors::ApiError;
use super::event_hooks::{self, EventRequest};
use super::faults::Fault;
use super::state::{Delivery, Shared};

#[derive(Default, Deserialize)]
struct CompleteRequest {
    /// A test card id; `pm_card_visa` when absent.
    card: Option<String>,
}

#[derive(Default, Deserialize)]
struct RedeliverRequest {
    #[serde(default)]
    signature: SignatureVariant,
}

#[derive(Deserialize)]
struct FaultRequest {
    #[serde(flatten)]
    fault: Fault,
    /// How many of the next `/v1` requests get the fault (default 1).
    count: Option<usize>,
}

/// `POST /test/checkout/{id}/complete` `{"card"?}`: pays the session and delivers its webhooks.
pub(crate) async fn complete_checkout(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let request: CompleteRequest = match json_body(&body) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let card = request.card.as_deref().unwrap_or("pm_card_visa");
    match complete_and_deliver(&shared, &id, card).await {
        Ok((session, deliveries)) => Json(json!({
            "checkout_session": session,
            "deliveries": deliveries,
        }))
        .into_response(),
        Err(error) => error.into_response(),
    }
}

pub(crate) async fn complete_and_deliver(
    shared: &Shared,
    id: &str,
    card: &str,
) -> Result<(Value, Vec<Delivery>), ApiError> {
    let (session, events) = completion::complete(&mut shared.state().store, id, card)?;
    let deliveries = delivery::deliver_all(shared, &events, SignatureVariant::Valid).await;
    Ok((session, deliveries))
}

/// `POST /test/events` with an [`EventRequest`]: makes the event(s) and delivers them.
pub(crate) async fn send_event(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: EventRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => return bad_json(&err).into_response(),
    };
    match send_and_deliver(&shared, &request).await {
        Ok((events, deliveries)) => {
            Json(json!({ "events": events, "deliveries": deliveries })).into_response()
        }
        Err(error) => error.into_response(),
    }
}

pub(crate) async fn send_and_deliver(
    shared: &Shared,
    request: &EventRequest,
) -> Result<(Vec<Value>, Vec<Delivery>), ApiError> {
    let events = event_hooks::create_events(&mut shared.state().store, request)?;
    let deliveries = delivery::deliver_all(shared, &events, request.signature).await;
    Ok((events, deliveries))
}

/// `POST /test/events/{id}/redeliver` `{"signature"?}`: the same event (same id) again, freshly
/// signed, as Stripe does when it retries or when you resend from the dashboard.
pub(crate) async fn redeliver(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let request: RedeliverRequest = match json_body(&body) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    match redeliver_event(&shared, &id, request.signature).await {
        Ok(deliveries) => Json(json!({ "deliveries": deliveries })).into_response(),
        Err(error) => error.into_response(),
    }
}

pub(crate) async fn redeliver_event(
    shared: &Shared,
    id: &str,
    signature: SignatureVariant,
) -> Result<Vec<Delivery>, ApiError> {
    let event = shared
        .state()
        .store
        .event(id)
        .ok_or_else(|| ApiError::no_such("event", id))?;
    Ok(delivery::deliver_all(shared, &[event], signature).await)
}

/// `GET /test/events`: every event so far, oldest first.
pub(crate) async fn list_events(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(Value::Array(shared.state().store.events.clone()))
}

/// `GET /test/deliveries`: every delivery attempt so far.
pub(crate) async fn list_deliveries(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(shared.state().deliveries))
}

/// `GET /test/requests`: every `/v1` request so far.
pub(crate) async fn list_requests(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(shared.state().requests))
}

/// `GET /test/objects/{id}`: any stored object, e.g. to check a subscription's state.
pub(crate) async fn object(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match shared.state().store.object(&id) {
        Some(object) => Json(object).into_response(),
        None => ApiError::no_such("object", &id).into_response(),
    }
}

/// `POST /test/faults` `{"fault": "server_error", "count": 2}`.
pub(crate) async fn push_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: FaultRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => return bad_json(&err).into_response(),
    };
    let mut state = shared.state();
    let count = request.count.unwrap_or(1);
    state
        .faults
        .extend(std::iter::repeat_n(request.fault, count));
    Json(json!({ "queued": state.faults.len() })).into_response()
}

/// `DELETE /test/faults`: drops faults not yet used.
pub(crate) async fn clear_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    shared.state().faults.clear();
    Json(json!({ "queued": 0 }))
}

/// An optional JSON body: empty means all defaults.
fn json_body<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|err| bad_json(&err))
}

fn bad_json(err: &serde_json::Error) -> ApiError {
    ApiError::invalid(
        format!("Test hook body is not the expected JSON: {err}"),
        None,
    )
}
