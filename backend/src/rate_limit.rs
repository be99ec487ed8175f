//! Per-key rate limits (client address, account email) for the endpoints that attract guessing, counted across
//! replicas when there are several (`quota`).

use crate::error::ApiError;
use crate::quota::MinuteQuota;

pub struct KeyedLimiter {
    quota: MinuteQuota,
}

impl KeyedLimiter {
    pub fn new(quota: MinuteQuota) -> Self {
        Self { quota }
    }

    /// Counts one request against every key; the first exhausted key refuses it.
    pub async fn check(&self, keys: &[String]) -> Result<(), ApiError> {
        for key in keys {
            if let Some(wait) = self.quota.spend(key).await {
                return Err(ApiError::RateLimited {
                    detail: "Too many attempts. Please wait a minute and try again.".into(),
                    retry_after_secs: wait.as_secs(),
                });
            }
        }
        Ok(())
    }

    pub fn prune(&self) {
        self.quota.prune();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_exhausted_key_refuses_with_a_retry_hint() {
        let limiter = KeyedLimiter::new(MinuteQuota::new(2, None));
        let keys = ["ip:1".to_string(), "email:a".to_string()];
        assert!(limiter.check(&keys).await.is_ok());
        assert!(limiter.check(&keys[1..]).await.is_ok());
        match limiter.check(&keys).await {
            Err(ApiError::RateLimited {
                retry_after_secs, ..
            }) => assert!(retry_after_secs >= 1),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert!(limiter.check(&["ip:2".to_string()]).await.is_ok());
    }
}
