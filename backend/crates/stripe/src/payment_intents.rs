//! Charging a saved card without the cardholder present (£25 per assessment).

use serde::{Deserialize, Serialize};

use crate::idempotency::IdempotencyKey;
use crate::{CURRENCY, Metadata, StripeClient, StripeError, expandable};

/// An off-session charge of a card saved through Checkout.
#[derive(Debug, Clone)]
pub struct OffSessionCharge {
    pub customer: String,
    pub payment_method: String,
    /// In pence: £25.00 is `2500`.
    pub amount_pence: u64,
    /// Shown in the dashboard and on receipts.
    pub description: Option<String>,
    /// E.g. `organization_id` and `assessment_id`, echoed in `payment_intent.*` webhooks.
    pub metadata: Metadata,
}

#[derive(Serialize)]
struct CreateParams<'a> {
    amount: u64,
    currency: &'static str,
    customer: &'a str,
    payment_method: &'a str,
    /// Card only: with automatic payment methods Stripe would require a `return_url` for
    /// redirect-based methods, which an off-session charge cannot use.
    payment_method_types: [&'static str; 1],
    confirm: bool,
    off_session: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    metadata: &'a Metadata,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    pub status: PaymentIntentStatus,
    #[serde(default)]
    pub amount: u64,
    #[serde(default)]
    pub currency: String,
    #[serde(default, deserialize_with = "expandable::id")]
    pub customer: Option<String>,
    #[serde(default, deserialize_with = "expandable::id")]
    pub payment_method: Option<String>,
    #[serde(default)]
    pub metadata: Metadata,
    #[serde(default)]
    pub next_action: Option<NextAction>,
    /// Why the last attempt failed (`payment_intent.payment_failed`).
    #[serde(default)]
    pub last_payment_error: Option<LastPaymentError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentIntentStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture,
    Canceled,
    Succeeded,
    /// A status added after our pinned version; treat as not paid.
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NextAction {
    /// `redirect_to_url`, `use_stripe_sdk`, ...
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub redirect_to_url: Option<RedirectToUrl>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RedirectToUrl {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LastPaymentError {
    pub code: Option<String>,
    pub decline_code: Option<String>,
    pub message: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

impl PaymentIntent {
    /// Where to send the cardholder to authenticate, when Stripe gave a URL.
    pub fn next_action_url(&self) -> Option<&str> {
        let next_action = self.next_action.as_ref()?;
        Some(next_action.redirect_to_url.as_ref()?.url.as_str())
    }
}

impl StripeClient {
    /// Creates and confirms a PaymentIntent off-session (`confirm=true&off_session=true`).
    ///
    /// `Ok` carries the intent whatever its status: `Succeeded`, `Processing` (wait for the
    /// `payment_intent.*` webhook), or `RequiresAction` (see [`PaymentIntent::next_action_url`]).
    /// A decline, or a bank demanding authentication (`authentication_required`), is
    /// `Err(StripeError::Card)` with the intent inside.
    pub async fn charge_off_session(
        &self,
        charge: &OffSessionCharge,
        idempotency_key: &IdempotencyKey,
    ) -> Result<PaymentIntent, StripeError> {
        let params = CreateParams {
            amount: charge.amount_pence,
            currency: CURRENCY,
            customer: &charge.customer,
            payment_method: &charge.payment_method,
            payment_method_types: ["card"],
            confirm: true,
            off_session: true,
            description: charge.description.as_deref(),
            metadata: &charge.metadata,
        };
        self.post(&["payment_intents"], &params, idempotency_key)
            .await
    }

    /// `GET /v1/payment_intents/{id}`.
    pub async fn retrieve_payment_intent(&self, id: &str) -> Result<PaymentIntent, StripeError> {
        self.get(&["payment_intents", id], &[]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_action_exposes_the_redirect() {
        let intent: PaymentIntent = serde_json::from_str(
            r#"{"id":"pi_1","status":"requires_action","amount":2500,"currency":"gbp",
                "customer":"cus_1","payment_method":"pm_1","metadata":{},
                "next_action":{"type":"redirect_to_url","redirect_to_url":{"url":"https://hooks.stripe.com/3ds","return_url":null}}}"#,
        )
        .unwrap();
        assert_eq!(intent.status, PaymentIntentStatus::RequiresAction);
        assert_eq!(
            intent.next_action_url(),
            Some("https://hooks.stripe.com/3ds")
        );
    }

    #[test]
    fn unknown_statuses_and_sdk_actions_are_tolerated() {
        let intent: PaymentIntent = serde_json::from_str(
            r#"{"id":"pi_1","status":"requires_something_new","next_action":{"type":"use_stripe_sdk"}}"#,
        )
        .unwrap();
        assert_eq!(intent.status, PaymentIntentStatus::Unknown);
        assert_eq!(intent.next_action_url(), None);
    }
}
