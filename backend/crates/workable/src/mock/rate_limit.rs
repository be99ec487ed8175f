//! Workable's limits as the mock enforces them: per token, a fixed interval (10 s unless configured) allowing 10
//! requests for an account token or 50 for an OAuth token, with `X-Rate-Limit-*` on every answer.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::HeaderValue;
use axum::response::Response;

use crate::TokenKind;

#[derive(Debug, Default)]
pub(crate) struct Buckets {
    by_token: HashMap<String, Interval>,
}

#[derive(Debug, Clone, Copy)]
struct Interval {
    started: Instant,
    used: u32,
}

/// The outcome of counting one request, and the headers that tell the client about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RateVerdict {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Unix time (seconds, rounded up) when the next interval starts.
    pub reset_at: u64,
}

impl Buckets {
    /// Counts a request of `token`. `forced` answers 429 whatever the count (the test switch).
    pub fn take(
        &mut self,
        token: &str,
        kind: TokenKind,
        window: Duration,
        forced: bool,
    ) -> RateVerdict {
        let now = Instant::now();
        let limit = kind.requests_per_window();
        let interval = self.by_token.entry(token.to_owned()).or_insert(Interval {
            started: now,
            used: 0,
        });
        if now >= interval.started + window {
            *interval = Interval {
                started: now,
                used: 0,
            };
        }
        interval.used += 1;
        let ends_in = (interval.started + window).saturating_duration_since(now);
        RateVerdict {
            allowed: !forced && interval.used <= limit,
            limit,
            remaining: if forced {
                0
            } else {
                limit.saturating_sub(interval.used)
            },
            reset_at: unix_time_after(ends_in),
        }
    }
}

fn unix_time_after(wait: Duration) -> u64 {
    let at = SystemTime::now() + wait;
    let since_epoch = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    // Rounded up, so a client waiting until then is never early.
    since_epoch.as_secs() + u64::from(since_epoch.subsec_nanos() > 0)
}

impl RateVerdict {
    pub fn apply(&self, response: &mut Response) {
        let headers = response.headers_mut();
        for (name, value) in [
            ("x-rate-limit-limit", self.limit.to_string()),
            ("x-rate-limit-remaining", self.remaining.to_string()),
            ("x-rate-limit-reset", self.reset_at.to_string()),
        ] {
            if let Ok(value) = HeaderValue::try_from(value) {
                headers.insert(name, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_token_gets_ten_per_interval() {
        let mut buckets = Buckets::default();
        let window = Duration::from_secs(10);
        for expected_remaining in (0..10).rev() {
            let verdict = buckets.take("t", TokenKind::Account, window, false);
            assert!(verdict.allowed);
            assert_eq!(verdict.remaining, expected_remaining);
        }
        let refused = buckets.take("t", TokenKind::Account, window, false);
        assert!(!refused.allowed);
        assert_eq!((refused.limit, refused.remaining), (10, 0));
        assert!(
            buckets
                .take("other", TokenKind::OAuth, window, false)
                .allowed
        );
    }

    #[test]
    fn a_new_interval_starts_after_the_window() {
        let mut buckets = Buckets::default();
        let window = Duration::from_millis(30);
        for _ in 0..10 {
            buckets.take("t", TokenKind::Account, window, false);
        }
        std::thread::sleep(window);
        assert!(buckets.take("t", TokenKind::Account, window, false).allowed);
    }
}
