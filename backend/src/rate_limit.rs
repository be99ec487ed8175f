//! Per-key rate limits (client address, account email) for the endpoints that attract guessing.
//!
//! One server counts in memory. Replicas count together in Redis, so an attacker spreading guesses over the
//! replicas behind a load balancer gets no more than one server would allow; if Redis cannot answer, each
//! replica falls back to its own count rather than refusing everyone or nobody.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use sha2::{Digest, Sha256};

use crate::cluster::Cluster;
use crate::error::ApiError;

pub struct KeyedLimiter {
    per_minute: u32,
    local: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    shared: Option<Cluster>,
}

impl KeyedLimiter {
    pub fn per_minute(requests: u32, shared: Option<Cluster>) -> Self {
        let burst = NonZeroU32::new(requests.max(1)).expect("non-zero");
        Self {
            per_minute: burst.get(),
            local: DefaultKeyedRateLimiter::keyed(Quota::per_minute(burst)),
            clock: DefaultClock::default(),
            shared,
        }
    }

    /// Counts one request against every key; the first exhausted key refuses it.
    pub async fn check(&self, keys: &[String]) -> Result<(), ApiError> {
        for key in keys {
            let wait = match &self.shared {
                Some(cluster) => match self.check_shared(cluster, key).await {
                    Ok(wait) => wait,
                    Err(err) => {
                        tracing::warn!(error = %err, "rate limit counted locally: Redis did not answer");
                        self.check_local(key)
                    }
                },
                None => self.check_local(key),
            };
            if let Some(wait) = wait {
                return Err(ApiError::RateLimited {
                    detail: "Too many attempts. Please wait a minute and try again.".into(),
                    retry_after_secs: wait.max(Duration::from_secs(1)).as_secs(),
                });
            }
        }
        Ok(())
    }

    /// How long to wait, if the key's quota is spent.
    fn check_local(&self, key: &str) -> Option<Duration> {
        let key = key.to_string();
        self.local
            .check_key(&key)
            .err()
            .map(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// A fixed one-minute window per key. Keys name addresses and emails, so Redis only sees their hashes.
    async fn check_shared(
        &self,
        cluster: &Cluster,
        key: &str,
    ) -> redis::RedisResult<Option<Duration>> {
        let now = chrono::Utc::now().timestamp();
        let window = now / 60;
        let hashed = hex::encode(&Sha256::digest(key.as_bytes())[..16]);
        let counter = cluster.key(&format!("ratelimit:{hashed}:{window}"));
        let (count,): (u32,) = redis::pipe()
            .atomic()
            .incr(&counter, 1)
            .expire(&counter, 120)
            .ignore()
            .query_async(&mut cluster.commands())
            .await?;
        Ok((count > self.per_minute).then(|| Duration::from_secs((60 - now % 60) as u64)))
    }

    /// Forget keys idle long enough to be full again, so memory stays bounded.
    pub fn prune(&self) {
        self.local.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_after_the_quota_with_a_retry_hint() {
        let limiter = KeyedLimiter::per_minute(2, None);
        let keys = ["ip:1".to_string()];
        assert!(limiter.check(&keys).await.is_ok());
        assert!(limiter.check(&keys).await.is_ok());
        match limiter.check(&keys).await {
            Err(ApiError::RateLimited {
                retry_after_secs, ..
            }) => assert!(retry_after_secs >= 1),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert!(limiter.check(&["ip:2".to_string()]).await.is_ok());
    }
}
