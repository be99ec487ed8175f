//! Errors from the assistant. `Display` texts are safe to show to a candidate: they never echo
//! provider messages, keys or request bodies (those go to the logs via the fields).

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("AI assistant is not configured")]
    NotConfigured,

    /// The provider kept answering 429 after all attempts.
    #[error("the AI assistant is receiving too many requests; please try again shortly")]
    RateLimited { retry_after: Option<Duration> },

    /// The provider rejected the request or failed with a non-retryable status.
    #[error("the AI provider returned an error (HTTP {status})")]
    Upstream { status: u16, message: String },

    /// The provider could not be reached or is overloaded.
    #[error("the AI assistant is temporarily unavailable")]
    Unavailable(String),

    #[error("the AI assistant took too long to answer")]
    Timeout,

    /// The provider answered with something that does not follow its own protocol.
    #[error("the AI provider sent an answer that could not be understood")]
    InvalidResponse(String),
}

impl AiError {
    /// The HTTP status the app should answer with when this error ends a request.
    pub fn http_status(&self) -> u16 {
        match self {
            AiError::NotConfigured | AiError::Unavailable(_) => 503,
            AiError::RateLimited { .. } => 429,
            AiError::Upstream { .. } | AiError::InvalidResponse(_) => 502,
            AiError::Timeout => 504,
        }
    }
}
