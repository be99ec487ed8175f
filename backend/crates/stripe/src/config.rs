//! How to reach Stripe and how patient to be. Built by the app from its settings; this crate reads
//! no environment variables.

use std::time::Duration;

use secrecy::SecretString;

use crate::retry::RetryPolicy;

pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";

/// The API version every request pins. Object shapes change between versions (e.g.
/// `current_period_end` moved onto subscription items), so an account's default version must not
/// decide what we parse. Same as stripe-python's pin.
pub const STRIPE_VERSION: &str = "2026-06-24.dahlia";

#[derive(Debug, Clone)]
pub struct StripeConfig {
    /// `sk_live_...`, `sk_test_...` or a restricted `rk_...` key.
    pub api_key: SecretString,
    /// Without `/v1`: `https://api.stripe.com`, or a mock's address in tests.
    pub base_url: String,
    pub connect_timeout: Duration,
    /// One attempt, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl StripeConfig {
    pub fn new(api_key: SecretString) -> Self {
        Self {
            api_key,
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            // Shorter than stripe-python's 80 s: our calls run inside a recruiter's HTTP request,
            // and an unanswered attempt is retried with the same idempotency key anyway.
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }

    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}
