//! Sends events to the webhook URL the way Stripe does: pretty-printed JSON signed with
//! `Stripe-Signature`, retried while the endpoint does not answer 2xx.

use std::sync::Arc;

use secrecy::SecretString;
use serde::Deserialize;
use serde_json::Value;

use super::state::{Delivery, Shared, now};
use crate::webhook::{self, DEFAULT_TOLERANCE};

/// How to sign a delivery; anything but `Valid` is for testing the endpoint's refusals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureVariant {
    #[default]
    Valid,
    /// Signed correctly but with a timestamp older than the 300 s tolerance.
    StaleTimestamp,
    /// Signed, then the body is changed.
    TamperedBody,
    /// Signed with a secret the endpoint does not know.
    WrongSecret,
}

const WRONG_SECRET: &str = "whsec_not_the_endpoint_secret";

/// Delivers in the background: for events caused by an API call, whose caller must not wait for
/// its own webhook handler.
pub(crate) fn spawn(shared: &Arc<Shared>, events: Vec<Value>) {
    if events.is_empty() || shared.webhook_url().is_none() {
        return;
    }
    let shared = Arc::clone(shared);
    tokio::spawn(async move {
        deliver_all(&shared, &events, SignatureVariant::Valid).await;
    });
}

/// Delivers each event in turn, retrying each until a 2xx or the retries run out. Returns the
/// attempts; nothing when no webhook URL is configured.
pub(crate) async fn deliver_all(
    shared: &Shared,
    events: &[Value],
    variant: SignatureVariant,
) -> Vec<Delivery> {
    let mut attempts = Vec::new();
    for event in events {
        attempts.extend(deliver(shared, event, variant).await);
    }
    attempts
}

async fn deliver(shared: &Shared, event: &Value, variant: SignatureVariant) -> Vec<Delivery> {
    let Some(url) = shared.webhook_url() else {
        return Vec::new();
    };
    // Stripe sends indented JSON; an endpoint that re-serializes before verifying fails here
    // just as it would in production.
    let body = serde_json::to_vec_pretty(event).unwrap_or_default();
    let retry_delays = &shared.options.webhook_retry_delays;
    let mut attempts = Vec::new();
    for attempt in 1..=retry_delays.len() + 1 {
        if attempt > 1 {
            tokio::time::sleep(retry_delays[attempt - 2]).await;
        }
        let (sent_body, signature_header) = signed(shared, &body, variant);
        let result = shared
            .http
            .post(&url)
            .header("content-type", "application/json; charset=utf-8")
            .header(
                "user-agent",
                "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            )
            .header(webhook::SIGNATURE_HEADER, &signature_header)
            .body(sent_body)
            .send()
            .await;
        let (status, error) = match result {
            Ok(response) => (Some(response.status().as_u16()), None),
            Err(err) => (None, Some(err.to_string())),
        };
        let delivery = Delivery {
            event_id: event["id"].as_str().unwrap_or_default().to_owned(),
            event_type: event["type"].as_str().unwrap_or_default().to_owned(),
            attempt: attempt as u32,
            status,
            error,
            signature_header,
        };
        let delivered = status.is_some_and(|status| (200..300).contains(&status));
        if !delivered {
            tracing::warn!(?delivery, "the webhook endpoint did not accept the event");
        }
        shared.state().deliveries.push(delivery.clone());
        attempts.push(delivery);
        if delivered {
            break;
        }
    }
    attempts
}

/// The body to send and its `Stripe-Signature`. A valid one carries a second `v1` while a
/// previous secret is configured, as during a secret roll.
fn signed(shared: &Shared, body: &[u8], variant: SignatureVariant) -> (Vec<u8>, String) {
    let options = &shared.options;
    let mut secrets: Vec<&SecretString> = vec![&options.webhook_secret];
    secrets.extend(options.previous_webhook_secret.as_ref());
    let timestamp = now();
    match variant {
        SignatureVariant::Valid => (
            body.to_vec(),
            webhook::sign_with_secrets(body, &secrets, timestamp),
        ),
        SignatureVariant::StaleTimestamp => {
            let old = timestamp - 2 * DEFAULT_TOLERANCE.as_secs() as i64;
            (
                body.to_vec(),
                webhook::sign_with_secrets(body, &secrets, old),
            )
        }
        SignatureVariant::TamperedBody => {
            let header = webhook::sign_with_secrets(body, &secrets, timestamp);
            let mut tampered = String::from_utf8_lossy(body).replacen(
                "\"livemode\": false",
                "\"livemode\": true",
                1,
            );
            if tampered.as_bytes() == body {
                tampered.push(' ');
            }
            (tampered.into_bytes(), header)
        }
        SignatureVariant::WrongSecret => (
            body.to_vec(),
            webhook::sign(body, &SecretString::from(WRONG_SECRET), timestamp),
        ),
    }
}
