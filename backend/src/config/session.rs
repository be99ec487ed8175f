//! The candidate session's fair use of shared resources.

use super::ConfigError;
use super::env::Env;

#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// Runs (code or visible tests) one candidate may start per minute; never more than one at a time.
    pub runs_per_minute: u32,
}

pub(super) fn settings(env: &Env) -> Result<SessionSettings, ConfigError> {
    Ok(SessionSettings {
        runs_per_minute: env.bounded("CANDIDATE_RUNS_PER_MINUTE", 20, 600)? as u32,
    })
}
