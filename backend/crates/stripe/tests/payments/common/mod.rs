//! Shared by the integration tests: a client pointed at the mock with millisecond backoff, and
//! a webhook endpoint that records what it receives.

#![allow(dead_code)] // Each test file uses a different part.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use secrecy::SecretString;
use tali_stripe::mock::{MockOptions, StripeMock};
use tali_stripe::{IdempotencyKey, Metadata, NewCustomer, RetryPolicy, StripeClient, StripeConfig};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        max_rate_limit_retries: 2,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
    }
}

pub fn client(mock: &StripeMock) -> StripeClient {
    let config = StripeConfig::new(SecretString::from(StripeMock::API_KEY))
        .with_base_url(mock.base_url())
        .with_retry(fast_retry());
    StripeClient::new(config).unwrap()
}

pub fn metadata(pairs: &[(&str, &str)]) -> Metadata {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

pub async fn customer(client: &StripeClient) -> String {
    let new = NewCustomer {
        email: Some("billing@acme.test".into()),
        name: Some("Acme Ltd".into()),
        metadata: metadata(&[("organization_id", "7")]),
    };
    client
        .create_customer(&new, &IdempotencyKey::random())
        .await
        .unwrap()
        .id
}

/// A mock that delivers webhooks to `receiver` with short retry delays.
pub async fn mock_delivering_to(receiver: &WebhookReceiver) -> StripeMock {
    StripeMock::start_with(MockOptions {
        webhook_url: Some(receiver.url()),
        webhook_retry_delays: vec![Duration::from_millis(10), Duration::from_millis(10)],
        ..MockOptions::default()
    })
    .await
    .unwrap()
}

#[derive(Debug, Clone)]
pub struct ReceivedWebhook {
    pub headers: HeaderMap,
    /// The raw bytes, as signature verification needs them.
    pub body: Bytes,
}

impl ReceivedWebhook {
    pub fn signature(&self) -> &str {
        self.headers
            .get("stripe-signature")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

#[derive(Default)]
struct ReceiverState {
    received: Mutex<Vec<ReceivedWebhook>>,
    /// Statuses to answer with, in order; 200 once empty.
    statuses: Mutex<VecDeque<u16>>,
}

/// The app's webhook endpoint, as far as the mock can tell.
pub struct WebhookReceiver {
    url: String,
    state: Arc<ReceiverState>,
    server: JoinHandle<()>,
}

impl WebhookReceiver {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhooks/stripe", listener.local_addr().unwrap());
        let state = Arc::new(ReceiverState::default());
        let app = Router::new()
            .route("/webhooks/stripe", post(receive))
            .with_state(Arc::clone(&state));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { url, state, server }
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn received(&self) -> Vec<ReceivedWebhook> {
        self.state.received.lock().unwrap().clone()
    }

    pub fn answer_next_with(&self, status: u16) {
        self.state.statuses.lock().unwrap().push_back(status);
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn receive(
    State(state): State<Arc<ReceiverState>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    state
        .received
        .lock()
        .unwrap()
        .push(ReceivedWebhook { headers, body });
    let status = state.statuses.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

/// Waits (up to 5 s) until `done` holds, for webhooks the mock sends in the background.
pub async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Verifies a received webhook like the app's endpoint will.
pub fn verify(webhook: &ReceivedWebhook, secret: &SecretString) -> tali_stripe::Event {
    tali_stripe::webhook::verify(
        &webhook.body,
        webhook.signature(),
        secret,
        std::time::SystemTime::now(),
        tali_stripe::webhook::DEFAULT_TOLERANCE,
    )
    .unwrap()
}
