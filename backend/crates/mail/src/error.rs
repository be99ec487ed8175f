use std::fmt;

/// Why an email could not be built or sent.
///
/// The split between `Permanent` and `Transient` is what callers act on: a job queue or outbox retries a
/// transient failure later and gives up on a permanent one, because sending the same message again cannot succeed.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail settings are unusable (bad `SMTP_URL`, unparsable sender address, ...). Fix the configuration.
    #[error("mail configuration error: {0}")]
    Config(String),
    /// The provider refused this message for a reason a retry will not change (bad recipient, invalid key, ...).
    #[error("permanent mail failure, not retried: {0}")]
    Permanent(Failure),
    /// The provider or network failed in a way that may clear up (rate limit, 5xx, timeout, connection refused).
    #[error("transient mail failure: {0}")]
    Transient(Failure),
}

impl MailError {
    /// True when sending the same email again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Transient(_))
    }

    pub(crate) fn permanent(status: Option<u16>, message: impl Into<String>) -> Self {
        Self::Permanent(Failure::new(status, message))
    }

    pub(crate) fn transient(status: Option<u16>, message: impl Into<String>) -> Self {
        Self::Transient(Failure::new(status, message))
    }
}

/// Details of a failed delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// HTTP status (Resend) or SMTP reply code, when the server answered at all.
    pub status: Option<u16>,
    pub message: String,
}

impl Failure {
    fn new(status: Option<u16>, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "{} (status {status})", self.message),
            None => f.write_str(&self.message),
        }
    }
}
