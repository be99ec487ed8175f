//! Fair use of the sandbox between candidates: each assessment has at most one run (code or visible tests) in
//! flight and a number of runs per minute, so one candidate clicking Run in a loop holds at most one of the
//! pool's slots and the others' runs still find one.
//!
//! With Redis (`REDIS_URL`) behind several replicas, both hold across them: the quota is counted in Redis
//! (`quota`), and the run in flight is marked there too, with an expiry, so a candidate has one run in flight in
//! all; if Redis does not answer, each replica counts and marks alone rather than refusing every run.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::aio::ConnectionManager;

use crate::domain::{Error, Result};
use crate::quota::MinuteQuota;

/// How soon to try again when the previous run is still going: runs take a few seconds.
const IN_FLIGHT_RETRY_SECS: u64 = 2;

/// Frees the shared mark only if it is still this run's: after an expiry another run may hold the key.
const RELEASE_SCRIPT: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// The in-flight marks every replica sees: `<prefix>:<assessment id>`, set if absent, expiring after `ttl` so a
/// replica that dies mid-run blocks the candidate for at most that long.
struct SharedMarks {
    redis: ConnectionManager,
    prefix: String,
    ttl: Duration,
}

pub struct RunLimiter {
    in_flight: Arc<Mutex<HashSet<i32>>>,
    quota: MinuteQuota,
    shared: Option<SharedMarks>,
}

/// The assessment's one run in flight; dropping it (the run ended, or the request was abandoned) frees the turn.
#[must_use]
pub struct RunPermit {
    assessment_id: i32,
    in_flight: Arc<Mutex<HashSet<i32>>>,
    /// The Redis key and this run's token in it, when the mark is shared.
    shared: Option<(ConnectionManager, String, String)>,
}

impl Drop for RunPermit {
    fn drop(&mut self) {
        lock(&self.in_flight).remove(&self.assessment_id);
        if let Some((mut redis, key, token)) = self.shared.take() {
            // Drop cannot wait; the release is a single command, and the expiry covers one that is lost.
            tokio::spawn(async move {
                let released: redis::RedisResult<i64> = redis::cmd("EVAL")
                    .arg(RELEASE_SCRIPT)
                    .arg(1)
                    .arg(&key)
                    .arg(&token)
                    .query_async(&mut redis)
                    .await;
                if let Err(err) = released {
                    tracing::warn!(error = %err, key, "could not release a run's in-flight mark; it expires");
                }
            });
        }
    }
}

fn still_going() -> Error {
    Error::RateLimited {
        detail: "Your previous run is still going. It will finish in a moment; then run again."
            .into(),
        retry_after_secs: IN_FLIGHT_RETRY_SECS,
    }
}

fn lock(set: &Mutex<HashSet<i32>>) -> std::sync::MutexGuard<'_, HashSet<i32>> {
    // The set holds no invariant a panic elsewhere could break.
    set.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RunLimiter {
    /// Runs per candidate within `quota`.
    pub fn new(quota: MinuteQuota) -> Self {
        Self {
            in_flight: Arc::default(),
            quota,
            shared: None,
        }
    }

    /// Marks runs in flight in Redis too, under `<prefix>:<assessment id>`, for at most `ttl` (longer than a run
    /// and its wait for a slot can take).
    pub fn with_shared_marks(
        mut self,
        redis: ConnectionManager,
        prefix: String,
        ttl: Duration,
    ) -> Self {
        self.shared = Some(SharedMarks { redis, prefix, ttl });
        self
    }

    /// The assessment's turn to run, or `RateLimited` saying when to try again. A run refused because another is
    /// in flight (here or, with Redis, on another replica) does not count against the minute's quota.
    pub async fn acquire(&self, assessment_id: i32) -> Result<RunPermit> {
        let mut permit = self.mark_here(assessment_id)?;
        if let Some(shared) = &self.shared {
            permit.shared = mark_shared(shared, assessment_id).await?;
        }
        self.spend_quota(assessment_id).await?;
        Ok(permit)
    }

    fn mark_here(&self, assessment_id: i32) -> Result<RunPermit> {
        let mut in_flight = lock(&self.in_flight);
        if !in_flight.insert(assessment_id) {
            return Err(still_going());
        }
        Ok(RunPermit {
            assessment_id,
            in_flight: self.in_flight.clone(),
            shared: None,
        })
    }

    /// Refused by the quota: the permit the caller holds is dropped with the error, freeing the marks.
    async fn spend_quota(&self, assessment_id: i32) -> Result<()> {
        if let Some(wait) = self.quota.spend(&format!("run:{assessment_id}")).await {
            return Err(Error::RateLimited {
                detail: format!(
                    "You have run your code {} times in the last minute, the most allowed. Take a moment \
                     to read the output, then run again.",
                    self.quota.per_minute()
                ),
                retry_after_secs: wait.as_secs(),
            });
        }
        Ok(())
    }

    /// Forget assessments idle long enough to have their full quota back, so memory stays bounded.
    pub fn prune(&self) {
        self.quota.prune();
    }
}

/// Takes the shared mark (`SET NX PX`): `Some` with its token, a refusal when another replica's run holds it, and
/// `None` (this replica's mark alone) when Redis does not answer.
async fn mark_shared(
    shared: &SharedMarks,
    assessment_id: i32,
) -> Result<Option<(ConnectionManager, String, String)>> {
    let key = format!("{}:{assessment_id}", shared.prefix);
    let token = uuid::Uuid::new_v4().simple().to_string();
    let mut redis = shared.redis.clone();
    let taken: redis::RedisResult<Option<String>> = redis::cmd("SET")
        .arg(&key)
        .arg(&token)
        .arg("NX")
        .arg("PX")
        .arg(shared.ttl.as_millis() as u64)
        .query_async(&mut redis)
        .await;
    match taken {
        Ok(Some(_)) => Ok(Some((redis, key, token))),
        Ok(None) => Err(still_going()),
        Err(err) => {
            tracing::warn!(error = %err, "Redis did not answer; the run is marked in flight on this replica only");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry_after(result: Result<RunPermit>) -> u64 {
        match result {
            Err(Error::RateLimited {
                retry_after_secs, ..
            }) => retry_after_secs,
            Err(other) => panic!("expected a rate limit, got {other:?}"),
            Ok(_) => panic!("expected a rate limit, got a permit"),
        }
    }

    #[tokio::test]
    async fn one_run_in_flight_per_assessment() {
        let limiter = RunLimiter::new(MinuteQuota::new(10, None));
        let first = limiter.acquire(1).await.unwrap();
        assert_eq!(retry_after(limiter.acquire(1).await), IN_FLIGHT_RETRY_SECS);
        // Another candidate is not held up.
        let _other = limiter.acquire(2).await.unwrap();
        drop(first);
        let _again = limiter.acquire(1).await.unwrap();
    }

    #[tokio::test]
    async fn a_quota_per_minute_per_assessment() {
        let limiter = RunLimiter::new(MinuteQuota::new(2, None));
        drop(limiter.acquire(1).await.unwrap());
        drop(limiter.acquire(1).await.unwrap());
        let wait = retry_after(limiter.acquire(1).await);
        assert!((1..=60).contains(&wait), "{wait}");
        // The refusal freed the run's mark: another candidate, and this one's next minute, are not blocked by it.
        assert!(lock(&limiter.in_flight).is_empty());
        drop(limiter.acquire(2).await.unwrap());
    }

    #[tokio::test]
    async fn a_refusal_for_a_run_in_flight_costs_no_quota() {
        let limiter = RunLimiter::new(MinuteQuota::new(2, None));
        let first = limiter.acquire(1).await.unwrap();
        for _ in 0..5 {
            retry_after(limiter.acquire(1).await);
        }
        drop(first);
        drop(limiter.acquire(1).await.unwrap());
    }
}
