//! Per-key rate limits (client address, account email) for the endpoints that attract guessing.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::error::ApiError;

pub struct KeyedLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl KeyedLimiter {
    pub fn per_minute(requests: u32) -> Self {
        let burst = NonZeroU32::new(requests.max(1)).expect("non-zero");
        Self {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(burst)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request against every key; the first exhausted key refuses it.
    pub fn check(&self, keys: &[String]) -> Result<(), ApiError> {
        for key in keys {
            if let Err(not_until) = self.limiter.check_key(key) {
                let wait = not_until.wait_time_from(self.clock.now());
                return Err(ApiError::RateLimited {
                    detail: "Too many attempts. Please wait a minute and try again.".into(),
                    retry_after_secs: wait.max(Duration::from_secs(1)).as_secs(),
                });
            }
        }
        Ok(())
    }

    /// Forget keys idle long enough to be full again, so memory stays bounded.
    pub fn prune(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_quota_with_a_retry_hint() {
        let limiter = KeyedLimiter::per_minute(2);
        let keys = ["ip:1".to_string()];
        assert!(limiter.check(&keys).is_ok());
        assert!(limiter.check(&keys).is_ok());
        match limiter.check(&keys) {
            Err(ApiError::RateLimited {
                retry_after_secs, ..
            }) => assert!(retry_after_secs >= 1),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert!(limiter.check(&["ip:2".to_string()]).is_ok());
    }
}
