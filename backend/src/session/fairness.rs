//! Fair use of the sandbox between candidates: each assessment has at most one run (code or visible tests) in
//! flight and a number of runs per minute, so one candidate clicking Run in a loop holds at most one of the
//! pool's slots and the others' runs still find one.
//!
//! Counted in this process: behind several replicas a candidate's requests usually reach one of them, and at
//! worst each replica allows its own share.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::domain::{Error, Result};

/// How soon to try again when the previous run is still going: runs take a few seconds.
const IN_FLIGHT_RETRY_SECS: u64 = 2;

pub struct RunLimiter {
    per_minute: u32,
    in_flight: Arc<Mutex<HashSet<i32>>>,
    recent: DefaultKeyedRateLimiter<i32>,
    clock: DefaultClock,
}

/// The assessment's one run in flight; dropping it (the run ended, or the request was abandoned) frees the turn.
#[must_use]
pub struct RunPermit {
    assessment_id: i32,
    in_flight: Arc<Mutex<HashSet<i32>>>,
}

impl Drop for RunPermit {
    fn drop(&mut self) {
        lock(&self.in_flight).remove(&self.assessment_id);
    }
}

fn lock(set: &Mutex<HashSet<i32>>) -> std::sync::MutexGuard<'_, HashSet<i32>> {
    // The set holds no invariant a panic elsewhere could break.
    set.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RunLimiter {
    pub fn new(per_minute: u32) -> Self {
        let burst = NonZeroU32::new(per_minute.max(1)).expect("non-zero");
        Self {
            per_minute: burst.get(),
            in_flight: Arc::default(),
            recent: DefaultKeyedRateLimiter::keyed(Quota::per_minute(burst)),
            clock: DefaultClock::default(),
        }
    }

    /// The assessment's turn to run, or `RateLimited` saying when to try again. A run refused because another is
    /// in flight does not count against the minute's quota.
    pub fn acquire(&self, assessment_id: i32) -> Result<RunPermit> {
        let mut in_flight = lock(&self.in_flight);
        if in_flight.contains(&assessment_id) {
            return Err(Error::RateLimited {
                detail:
                    "Your previous run is still going. It will finish in a moment; then run again."
                        .into(),
                retry_after_secs: IN_FLIGHT_RETRY_SECS,
            });
        }
        if let Err(not_until) = self.recent.check_key(&assessment_id) {
            let wait = not_until.wait_time_from(self.clock.now()).as_secs().max(1);
            return Err(Error::RateLimited {
                detail: format!(
                    "You have run your code {} times in the last minute, the most allowed. Take a moment \
                     to read the output, then run again.",
                    self.per_minute
                ),
                retry_after_secs: wait,
            });
        }
        in_flight.insert(assessment_id);
        Ok(RunPermit {
            assessment_id,
            in_flight: self.in_flight.clone(),
        })
    }

    /// Forget assessments idle long enough to have their full quota back, so memory stays bounded.
    pub fn prune(&self) {
        self.recent.retain_recent();
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

    #[test]
    fn one_run_in_flight_per_assessment() {
        let limiter = RunLimiter::new(10);
        let first = limiter.acquire(1).unwrap();
        assert_eq!(retry_after(limiter.acquire(1)), IN_FLIGHT_RETRY_SECS);
        // Another candidate is not held up.
        let _other = limiter.acquire(2).unwrap();
        drop(first);
        let _again = limiter.acquire(1).unwrap();
    }

    #[test]
    fn a_quota_per_minute_per_assessment() {
        let limiter = RunLimiter::new(2);
        drop(limiter.acquire(1).unwrap());
        drop(limiter.acquire(1).unwrap());
        let wait = retry_after(limiter.acquire(1));
        assert!((1..=60).contains(&wait), "{wait}");
        drop(limiter.acquire(2).unwrap());
    }

    #[test]
    fn a_refusal_for_a_run_in_flight_costs_no_quota() {
        let limiter = RunLimiter::new(2);
        let first = limiter.acquire(1).unwrap();
        for _ in 0..5 {
            retry_after(limiter.acquire(1));
        }
        drop(first);
        drop(limiter.acquire(1).unwrap());
    }
}
