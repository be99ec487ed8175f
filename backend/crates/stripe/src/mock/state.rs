//! Everything the mock remembers: Stripe objects, events, the request and delivery logs, the
//! idempotency cache and queued faults. One mutex, never held across an `.await`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use serde::Serialize;
use serde_json::{Value, json};

use super::cards::Behaviour;
use super::checkout::CheckoutPlan;
use super::errors::ApiError;
use super::faults::Fault;
use super::gate::RequestContext;
use super::ids::new_id;
use super::{MockOptions, RecordedRequest};
use crate::STRIPE_VERSION;
use crate::webhook::unix_seconds;

/// What handlers share: fixed settings, the HTTP client that delivers webhooks, and the state.
pub(crate) struct Shared {
    pub options: MockOptions,
    /// `http://127.0.0.1:{port}`, for the URLs of hosted pages.
    pub base_url: String,
    pub http: reqwest::Client,
    /// Where webhooks go; settable after start, when the receiving app's port is known only then.
    webhook_url: Mutex<Option<String>>,
    state: Mutex<State>,
}

impl Shared {
    pub fn new(options: MockOptions, base_url: String, http: reqwest::Client) -> Self {
        Self {
            webhook_url: Mutex::new(options.webhook_url.clone()),
            options,
            base_url,
            http,
            state: Mutex::default(),
        }
    }

    pub fn webhook_url(&self) -> Option<String> {
        self.webhook_url
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn set_webhook_url(&self, url: String) {
        *self
            .webhook_url
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(url);
    }

    /// A test that panicked while holding the lock must not hide the state from the next one.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub store: Store,
    pub faults: VecDeque<Fault>,
    pub requests: Vec<RecordedRequest>,
    pub deliveries: Vec<Delivery>,
    /// Idempotency key → the first request's fingerprint and, once answered, its answer.
    pub idempotency: HashMap<String, IdempotentEntry>,
    next_request_number: u64,
}

impl State {
    pub fn next_request_id(&mut self) -> String {
        self.next_request_number += 1;
        format!("req_mock_{:06}", self.next_request_number)
    }
}

pub(crate) struct IdempotentEntry {
    /// Method, path and parameters of the first request with this key.
    pub fingerprint: Value,
    /// `None` while the first request is still being processed.
    pub answer: Option<(u16, Vec<u8>)>,
}

/// One attempt to deliver an event to the webhook URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub event_id: String,
    pub event_type: String,
    /// 1 for the first attempt of this delivery.
    pub attempt: u32,
    /// The endpoint's HTTP status, when it answered.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub signature_header: String,
}

/// Stripe objects as JSON, keyed by id (ids have a distinct prefix per type), plus what Stripe
/// knows about them but does not show.
#[derive(Default)]
pub(crate) struct Store {
    objects: HashMap<String, Value>,
    /// How each stored payment method behaves when charged (from the test card it came from).
    pub card_behaviour: HashMap<String, Behaviour>,
    /// What each Checkout Session does when paid.
    pub checkout_plans: HashMap<String, CheckoutPlan>,
    /// Events in the order they happened.
    pub events: Vec<Value>,
}

impl Store {
    /// Stores `object` under its `id` and returns a copy to answer with.
    pub fn put(&mut self, object: Value) -> Value {
        let id = object["id"].as_str().unwrap_or_default().to_owned();
        self.objects.insert(id, object.clone());
        object
    }

    /// The object `id` of type `object_type` (Stripe's `object` field), or Stripe's 404.
    pub fn get(&self, object_type: &str, id: &str) -> Result<&Value, ApiError> {
        self.objects
            .get(id)
            .filter(|object| object["object"] == object_type)
            .ok_or_else(|| ApiError::no_such(&object_type.replace('.', " "), id))
    }

    pub fn get_mut(&mut self, object_type: &str, id: &str) -> Result<&mut Value, ApiError> {
        self.objects
            .get_mut(id)
            .filter(|object| object["object"] == object_type)
            .ok_or_else(|| ApiError::no_such(&object_type.replace('.', " "), id))
    }

    /// Objects of one type matching `keep`, newest first (as Stripe lists them).
    pub fn list(&self, object_type: &str, keep: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut found: Vec<Value> = self
            .objects
            .values()
            .filter(|object| object["object"] == object_type && keep(object))
            .cloned()
            .collect();
        found.sort_by(|a, b| {
            (b["created"].as_i64(), b["id"].as_str())
                .cmp(&(a["created"].as_i64(), a["id"].as_str()))
        });
        found
    }

    pub fn object(&self, id: &str) -> Option<Value> {
        self.objects.get(id).cloned()
    }

    /// Records an event about `object` (a snapshot, as Stripe sends) and returns it. `origin` is
    /// the API request that caused it, if any.
    pub fn record_event(
        &mut self,
        event_type: &str,
        object: &Value,
        previous_attributes: Option<Value>,
        origin: Option<&RequestContext>,
    ) -> Value {
        let mut data = json!({ "object": object });
        if let Some(previous) = previous_attributes {
            data["previous_attributes"] = previous;
        }
        let event = json!({
            "id": new_id("evt"),
            "object": "event",
            "api_version": STRIPE_VERSION,
            "created": now(),
            "data": data,
            "livemode": false,
            "pending_webhooks": 1,
            "request": {
                "id": origin.map(|o| o.request_id.as_str()),
                "idempotency_key": origin.and_then(|o| o.idempotency_key.as_deref()),
            },
            "type": event_type,
        });
        self.events.push(event.clone());
        event
    }

    pub fn event(&self, id: &str) -> Option<Value> {
        self.events.iter().find(|event| event["id"] == id).cloned()
    }
}

/// Unix seconds, as in Stripe's timestamps.
pub(crate) fn now() -> i64 {
    unix_seconds(SystemTime::now())
}
