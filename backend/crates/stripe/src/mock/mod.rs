//! A local, stateful Stripe for tests and browser tests (feature `mock`; never in production).
//!
//! It speaks the `/v1` endpoints [`crate::StripeClient`] uses, with Stripe's checks: form bodies
//! only (JSON is refused), `Bearer sk_test_...` keys, the pinned `Stripe-Version`,
//! `Idempotency-Key` replay, unknown parameters refused, Stripe's error bodies, and a
//! `Request-Id` on every answer. Test cards (`pm_card_visa`, `pm_card_chargeDeclined`,
//! `pm_card_authenticationRequired`, ...) decide how charges go. Checkout Sessions have a hosted
//! page whose "Pay" button completes them and delivers signed webhooks to the configured URL.
//!
//! Tests steer it through [`StripeMock`]'s methods, or from outside the process through the
//! `/test/...` JSON endpoints (which is what browser tests against `tali-stripe-mock` use):
//!
//! | Endpoint | Does |
//! |---|---|
//! | `POST /test/checkout/{id}/complete` `{"card"?}` | pays a session, delivers its webhooks |
//! | `POST /test/events` (an [`EventRequest`]) | makes an event (and its state change), delivers it |
//! | `POST /test/events/{id}/redeliver` `{"signature"?}` | sends an event again, same id |
//! | `GET /test/events`, `/test/deliveries`, `/test/requests` | what happened so far |
//! | `GET /test/objects/{id}` | any stored object |
//! | `POST /test/faults` `{"fault", "count"?}`, `DELETE /test/faults` | queue or drop [`Fault`]s |

mod billing_portal;
mod cards;
mod checkout;
mod completion;
mod customers;
mod delivery;
mod errors;
mod event_hooks;
mod faults;
mod form;
mod gate;
mod hosted;
mod ids;
mod invoices;
mod params;
mod payment_intents;
mod payment_methods;
mod state;
mod subscriptions;
mod test_hooks;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::Method;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use secrecy::SecretString;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use delivery::SignatureVariant;
pub use event_hooks::EventRequest;
pub use faults::Fault;
pub use gate::RecordedRequest;
pub use state::Delivery;

use errors::ApiError;
use state::Shared;

use crate::StripeError;

/// How the mock behaves; the defaults suit in-process tests.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Where to deliver webhooks; without one, events are only recorded.
    pub webhook_url: Option<String>,
    pub webhook_secret: SecretString,
    /// Adds a second `v1` signed with this secret, as Stripe does while a secret is rolled.
    pub previous_webhook_secret: Option<SecretString>,
    /// Waits before each retry of a delivery the endpoint did not accept with a 2xx.
    pub webhook_retry_delays: Vec<Duration>,
    /// Refuses requests without exactly [`crate::STRIPE_VERSION`] in `Stripe-Version`.
    pub strict_version: bool,
    /// The mock has no price catalogue: every `price_...` id costs this much per month.
    pub monthly_price_pence: u64,
}

impl Default for MockOptions {
    fn default() -> Self {
        Self {
            webhook_url: None,
            webhook_secret: SecretString::from(StripeMock::WEBHOOK_SECRET),
            previous_webhook_secret: None,
            webhook_retry_delays: vec![
                Duration::from_millis(100),
                Duration::from_millis(500),
                Duration::from_secs(2),
            ],
            strict_version: true,
            monthly_price_pence: 30_000,
        }
    }
}

/// A running mock on 127.0.0.1; it stops when dropped.
pub struct StripeMock {
    base_url: String,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl StripeMock {
    /// A key the mock accepts (any `sk_test_<something>` without further `_` works).
    pub const API_KEY: &'static str = "sk_test_talimock";
    /// The default webhook signing secret.
    pub const WEBHOOK_SECRET: &'static str = "whsec_tali_mock_secret";

    /// On a random port, with default options.
    pub async fn start() -> io::Result<Self> {
        Self::start_with(MockOptions::default()).await
    }

    /// On a random port.
    pub async fn start_with(options: MockOptions) -> io::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), options).await
    }

    pub async fn start_on(addr: SocketAddr, options: MockOptions) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(io::Error::other)?;
        let shared = Arc::new(Shared::new(options, base_url.clone(), http));
        let router = router(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, router).await {
                tracing::error!(%err, "Stripe mock stopped");
            }
        });
        Ok(Self {
            base_url,
            shared,
            server,
        })
    }

    /// `http://127.0.0.1:{port}`: the client's base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Delivers webhooks to `url` from now on.
    pub fn set_webhook_url(&self, url: impl Into<String>) {
        self.shared.set_webhook_url(url.into());
    }

    pub fn webhook_secret(&self) -> &SecretString {
        &self.shared.options.webhook_secret
    }

    /// Answers the next `count` `/v1` requests (that pass the key check) with `fault`.
    pub fn push_fault(&self, fault: Fault, count: usize) {
        self.shared
            .state()
            .faults
            .extend(std::iter::repeat_n(fault, count));
    }

    /// Every `/v1` request so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// `/v1` requests with this method and path, e.g. `("POST", "/v1/customers")`.
    pub fn requests_to(&self, method: &str, path: &str) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.method == method && request.path == path)
            .collect()
    }

    /// Any stored object by id (customer, payment method, subscription, invoice, ...).
    pub fn object(&self, id: &str) -> Option<Value> {
        self.shared.state().store.object(id)
    }

    /// Stored objects of one type (`"customer"`, `"subscription"`, ...), newest first.
    pub fn objects(&self, object_type: &str) -> Vec<Value> {
        self.shared.state().store.list(object_type, |_| true)
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> Vec<Value> {
        self.shared.state().store.events.clone()
    }

    /// Every webhook delivery attempt so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.state().deliveries.clone()
    }

    /// Pays a Checkout Session with a test card (e.g. `pm_card_visa`) and delivers its webhooks
    /// before returning. Returns the completed session and the delivery attempts.
    pub async fn complete_checkout(
        &self,
        session_id: &str,
        card: &str,
    ) -> Result<(Value, Vec<Delivery>), StripeError> {
        test_hooks::complete_and_deliver(&self.shared, session_id, card)
            .await
            .map_err(hook_error)
    }

    /// Makes an event (with its state change) and delivers it before returning.
    pub async fn send_event(
        &self,
        request: &EventRequest,
    ) -> Result<(Vec<Value>, Vec<Delivery>), StripeError> {
        test_hooks::send_and_deliver(&self.shared, request)
            .await
            .map_err(hook_error)
    }

    /// Delivers a recorded event again (same id), freshly signed per `signature`.
    pub async fn redeliver(
        &self,
        event_id: &str,
        signature: SignatureVariant,
    ) -> Result<Vec<Delivery>, StripeError> {
        test_hooks::redeliver_event(&self.shared, event_id, signature)
            .await
            .map_err(hook_error)
    }
}

impl Drop for StripeMock {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A refused test hook reads like a refused API request.
fn hook_error(error: ApiError) -> StripeError {
    StripeError::InvalidRequest {
        status: error.status,
        code: error
            .body
            .get("code")
            .and_then(Value::as_str)
            .map(str::to_owned),
        param: error
            .body
            .get("param")
            .and_then(Value::as_str)
            .map(str::to_owned),
        message: error
            .body
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned),
        request_id: None,
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/v1/customers", post(customers::create))
        .route("/v1/customers/{id}", get(customers::retrieve))
        .route(
            "/v1/customers/{id}/payment_methods",
            get(customers::list_payment_methods),
        )
        .route("/v1/payment_methods/{id}", get(payment_methods::retrieve))
        .route(
            "/v1/payment_methods/{id}/attach",
            post(payment_methods::attach),
        )
        .route("/v1/payment_intents", post(payment_intents::create))
        .route("/v1/payment_intents/{id}", get(payment_intents::retrieve))
        .route("/v1/checkout/sessions", post(checkout::create))
        .route("/v1/checkout/sessions/{id}", get(checkout::retrieve))
        .route("/v1/billing_portal/sessions", post(billing_portal::create))
        .route(
            "/v1/subscriptions/{id}",
            get(subscriptions::retrieve)
                .post(subscriptions::update)
                .delete(subscriptions::cancel),
        )
        .route("/v1/invoices/{id}", get(invoices::retrieve))
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(unknown_endpoint)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            gate::gate,
        ));
    let pages = Router::new()
        .route(
            "/checkout/{id}",
            get(hosted::checkout_page).post(hosted::pay),
        )
        .route("/billing_portal/{id}", get(hosted::portal_page))
        .route("/billing_portal/{id}/cancel", post(hosted::portal_cancel))
        .route("/billing_portal/{id}/renew", post(hosted::portal_renew))
        .route(
            "/authenticate/{id}",
            get(hosted::authentication_page).post(hosted::authenticate),
        );
    let hooks = Router::new()
        .route(
            "/test/checkout/{id}/complete",
            post(test_hooks::complete_checkout),
        )
        .route(
            "/test/events",
            get(test_hooks::list_events).post(test_hooks::send_event),
        )
        .route("/test/events/{id}/redeliver", post(test_hooks::redeliver))
        .route("/test/deliveries", get(test_hooks::list_deliveries))
        .route("/test/requests", get(test_hooks::list_requests))
        .route("/test/objects/{id}", get(test_hooks::object))
        .route(
            "/test/faults",
            post(test_hooks::push_fault).delete(test_hooks::clear_faults),
        );
    api.merge(pages).merge(hooks).with_state(shared)
}

async fn unknown_endpoint(method: Method, uri: axum::http::Uri) -> impl IntoResponse {
    ApiError::invalid(
        format!("Unrecognized request URL ({method}: {}).", uri.path()),
        None,
    )
    .with_status(404)
}
