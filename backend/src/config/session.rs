//! The candidate session's fair use of shared resources, and when a submit is taken for lost.

use std::time::Duration;

use super::ConfigError;
use super::env::Env;

#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// Runs (code or visible tests) one candidate may start per minute; never more than one at a time.
    pub runs_per_minute: u32,
    /// A submit's claim older than this has no process behind it and the worker's sweep grades it
    /// (`session::recovery`). It must exceed the longest grading, or a slow live grading could be taken over;
    /// the submit request is cut at two minutes, hence five by default. Tests shorten it to crash and recover
    /// in seconds.
    pub claim_lost_after: Duration,
}

pub(super) fn settings(env: &Env) -> Result<SessionSettings, ConfigError> {
    Ok(SessionSettings {
        runs_per_minute: env.bounded("CANDIDATE_RUNS_PER_MINUTE", 20, 600)? as u32,
        claim_lost_after: env.seconds(
            "SUBMIT_CLAIM_LOST_AFTER_SECONDS",
            Duration::from_secs(300),
            86_400,
        )?,
    })
}
