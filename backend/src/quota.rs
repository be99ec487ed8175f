//! A number of uses per minute per key: login attempts per address or email, sandbox runs per candidate.
//!
//! One server counts in memory. Replicas count together in Redis (a fixed one-minute window per key), so a
//! client spreading its requests over the replicas behind a load balancer gets no more than one server would
//! allow; if Redis cannot answer, each replica falls back to its own count rather than refusing everyone or
//! nobody.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use redis::aio::ConnectionManager;
use sha2::{Digest, Sha256};

/// The Redis the replicas count in, and the prefix of this quota's keys.
pub struct SharedCount {
    pub redis: ConnectionManager,
    pub prefix: String,
}

pub struct MinuteQuota {
    per_minute: u32,
    local: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    shared: Option<SharedCount>,
}

impl MinuteQuota {
    pub fn new(per_minute: u32, shared: Option<SharedCount>) -> Self {
        let burst = NonZeroU32::new(per_minute.max(1)).expect("non-zero");
        Self {
            per_minute: burst.get(),
            local: DefaultKeyedRateLimiter::keyed(Quota::per_minute(burst)),
            clock: DefaultClock::default(),
            shared,
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts one use of `key`: `None` when allowed, else how long until the key has quota again (at least 1 s).
    pub async fn spend(&self, key: &str) -> Option<Duration> {
        let wait = match &self.shared {
            Some(shared) => match self.spend_shared(shared, key).await {
                Ok(wait) => wait,
                Err(err) => {
                    tracing::warn!(error = %err, "quota counted on this replica: Redis did not answer");
                    self.spend_local(key)
                }
            },
            None => self.spend_local(key),
        };
        wait.map(|wait| wait.max(Duration::from_secs(1)))
    }

    fn spend_local(&self, key: &str) -> Option<Duration> {
        self.local
            .check_key(&key.to_string())
            .err()
            .map(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// A fixed one-minute window per key. Keys may name addresses and emails, so Redis only sees their hashes.
    async fn spend_shared(
        &self,
        shared: &SharedCount,
        key: &str,
    ) -> redis::RedisResult<Option<Duration>> {
        let now = chrono::Utc::now().timestamp();
        let window = now / 60;
        let hashed = hex::encode(&Sha256::digest(key.as_bytes())[..16]);
        let counter = format!("{}:{hashed}:{window}", shared.prefix);
        let (count,): (u32,) = redis::pipe()
            .atomic()
            .incr(&counter, 1)
            .expire(&counter, 120)
            .ignore()
            .query_async(&mut shared.redis.clone())
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
    async fn refuses_after_the_quota_with_a_wait() {
        let quota = MinuteQuota::new(2, None);
        assert_eq!(quota.spend("ip:1").await, None);
        assert_eq!(quota.spend("ip:1").await, None);
        let wait = quota.spend("ip:1").await.expect("spent");
        assert!((1..=60).contains(&wait.as_secs()), "{wait:?}");
        assert_eq!(quota.spend("ip:2").await, None);
    }
}
