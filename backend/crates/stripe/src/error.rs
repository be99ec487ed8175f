//! The crate's error type. `Display` texts are safe to show to a recruiter: they never contain the
//! API key, request bodies or Stripe's developer-facing messages (those stay in the fields, for
//! the logs via `Debug`). The one exception is a card error, whose message Stripe writes for the
//! person paying ("Your card was declined.").

use crate::payment_intents::PaymentIntent;
use crate::webhook::WebhookError;

#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    /// The settings are unusable (empty key, base URL that is not http(s), ...).
    #[error("payment configuration error: {0}")]
    Config(String),

    /// 402: the card was declined or needs the cardholder to authenticate.
    #[error("{}", .0.display_message())]
    Card(Box<CardError>),

    /// 400 or 404: Stripe refused the parameters, or an object does not exist. A bug on our side
    /// or stale data; retrying the same request cannot help.
    #[error("the payment service rejected the request")]
    InvalidRequest {
        status: u16,
        code: Option<String>,
        param: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
    },

    /// 401 or 403: the key is wrong, revoked, or lacks a permission.
    #[error("the payment service is not configured correctly")]
    Authentication {
        status: u16,
        message: Option<String>,
        request_id: Option<String>,
    },

    /// 429 after our bounded retries.
    #[error("the payment service is busy; please try again shortly")]
    RateLimited { request_id: Option<String> },

    /// 409, 5xx or an unexpected status after our retries.
    #[error("the payment service had a temporary problem; please try again")]
    Api {
        status: u16,
        message: Option<String>,
        request_id: Option<String>,
    },

    /// An `Idempotency-Key` was reused with different parameters (or concurrently).
    #[error("this payment request conflicts with an earlier one")]
    Idempotency {
        message: Option<String>,
        request_id: Option<String>,
    },

    /// Stripe could not be reached, or the connection broke before an answer arrived.
    #[error("the payment service cannot be reached right now")]
    Network(String),

    #[error("the payment service did not answer in time")]
    Timeout,

    /// A 2xx whose body does not match what we expect, e.g. after an unpinned API change.
    #[error("the payment service sent an answer that could not be understood")]
    InvalidResponse(String),

    /// A webhook that failed verification or could not be read.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
}

/// Details of a 402 `card_error`.
#[derive(Debug, Clone)]
pub struct CardError {
    /// E.g. `card_declined`, `authentication_required`, `expired_card`.
    pub code: Option<String>,
    /// E.g. `insufficient_funds`, `generic_decline`; only for declines.
    pub decline_code: Option<String>,
    /// Written by Stripe for the cardholder.
    pub message: Option<String>,
    /// The PaymentIntent the failed attempt belongs to, when Stripe included it.
    pub payment_intent: Option<PaymentIntent>,
    pub request_id: Option<String>,
}

impl CardError {
    /// `authentication_required`: the bank wants the cardholder present (SCA), so an off-session
    /// charge cannot succeed; ask them to pay through Checkout instead.
    pub fn needs_authentication(&self) -> bool {
        self.code.as_deref() == Some("authentication_required")
    }

    fn display_message(&self) -> String {
        match &self.message {
            Some(message) => format!("the card payment failed: {message}"),
            None => "the card payment failed".to_owned(),
        }
    }
}

impl StripeError {
    /// The card error, if this is one.
    pub fn as_card_error(&self) -> Option<&CardError> {
        match self {
            StripeError::Card(card) => Some(card),
            _ => None,
        }
    }

    /// True when the same call may succeed later without any change on our side.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            StripeError::RateLimited { .. }
                | StripeError::Api { .. }
                | StripeError::Network(_)
                | StripeError::Timeout
        )
    }

    /// Stripe's `Request-Id` of the failed call, to quote to Stripe support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            StripeError::Card(card) => card.request_id.as_deref(),
            StripeError::InvalidRequest { request_id, .. }
            | StripeError::Authentication { request_id, .. }
            | StripeError::RateLimited { request_id }
            | StripeError::Api { request_id, .. }
            | StripeError::Idempotency { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}
