use thiserror::Error;

/// Failures of the sandbox infrastructure. Candidate code that crashes, times out or fails its tests is a normal
/// result, never one of these. Every message is safe to show to an API client (no host paths or secrets).
#[derive(Debug, Error)]
pub enum SandboxError {
    /// The sandbox provider cannot work on this host or with this configuration; the message names the fix.
    #[error("sandbox not configured: {0}")]
    NotConfigured(String),
    /// The provider failed while serving a request (spawn failure, E2B outage, disk trouble).
    #[error("sandbox unavailable: {0}")]
    Unavailable(String),
    /// Every execution slot stayed busy for the whole queue wait.
    #[error("all sandbox slots are busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    /// The sandbox does not exist (closed, expired or never created).
    #[error("sandbox not found")]
    NotFound,
    /// The request itself is unacceptable (bad file name, unknown package, oversized input).
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl SandboxError {
    pub(crate) fn unavailable(context: &str, err: impl std::fmt::Display) -> Self {
        Self::Unavailable(format!("{context}: {err}"))
    }
}
