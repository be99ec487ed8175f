//! When a failed attempt is tried again, and after how long. Follows stripe-python
//! (`_http_client.py`), plus a bounded retry of 429 which the SDK leaves to the caller.

use std::time::Duration;

use rand::Rng;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after connection errors, timeouts, 409 and 5xx (the SDK's `max_network_retries`).
    pub max_retries: u32,
    /// Separate, small budget for 429: Stripe's limits are per second, so a short wait usually
    /// clears them, but a sustained limit should reach the caller rather than hold a request.
    pub max_rate_limit_retries: u32,
    /// First wait, and the floor of every wait.
    pub initial_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            max_rate_limit_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Wait before retry number `retry` (1-based): `initial · 2^(retry-1)` capped at `max_delay`,
    /// scaled by a random 50–100 % so that clients failing together do not retry together, and
    /// never below `initial_delay`.
    pub fn delay(&self, retry: u32) -> Duration {
        let exponential = self
            .initial_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let capped = exponential.min(self.max_delay);
        let jittered = capped.mul_f64(rand::rng().random_range(0.5..=1.0));
        jittered.max(self.initial_delay)
    }
}

/// What a failed attempt calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Counts against `max_retries`.
    Retry,
    /// Counts against `max_rate_limit_retries`.
    RetryRateLimited,
    GiveUp,
}

/// Stripe's rules for an error status: its `Stripe-Should-Retry` header decides when present;
/// otherwise 409 (lock contention) and 5xx are retried, and 429 is retried on its own budget.
pub(crate) fn verdict_for_status(status: u16, should_retry: Option<bool>) -> Verdict {
    match (should_retry, status) {
        (Some(false), _) => Verdict::GiveUp,
        (_, 429) => Verdict::RetryRateLimited,
        (Some(true), _) => Verdict::Retry,
        (None, 409 | 500..) => Verdict::Retry,
        (None, _) => Verdict::GiveUp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_overrides_the_status() {
        assert_eq!(verdict_for_status(500, Some(false)), Verdict::GiveUp);
        assert_eq!(verdict_for_status(429, Some(false)), Verdict::GiveUp);
        assert_eq!(verdict_for_status(400, Some(true)), Verdict::Retry);
    }

    #[test]
    fn statuses_without_the_header() {
        assert_eq!(verdict_for_status(409, None), Verdict::Retry);
        assert_eq!(verdict_for_status(500, None), Verdict::Retry);
        assert_eq!(verdict_for_status(503, None), Verdict::Retry);
        assert_eq!(verdict_for_status(429, None), Verdict::RetryRateLimited);
        for status in [400, 401, 402, 403, 404] {
            assert_eq!(verdict_for_status(status, None), Verdict::GiveUp);
        }
    }

    #[test]
    fn delays_grow_stay_bounded_and_never_drop_below_the_floor() {
        let policy = RetryPolicy::default();
        for _ in 0..100 {
            assert_eq!(policy.delay(1), Duration::from_millis(500));
            let second = policy.delay(2);
            assert!((Duration::from_millis(500)..=Duration::from_secs(1)).contains(&second));
            let late = policy.delay(30);
            assert!((Duration::from_millis(2500)..=Duration::from_secs(5)).contains(&late));
        }
    }
}
