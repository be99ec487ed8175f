//! The one error type of the domain layer (recruiting, the candidate session, email, analytics). It says what
//! went wrong in the product's terms; `crate::error` alone turns it into an HTTP answer.

/// A field the caller must change, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input cannot be used; each entry names a field.
    #[error("{}", .0.iter().map(|i| format!("{}: {}", i.field, i.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Invalid>),
    /// The request cannot be carried out as asked (an email already registered, a used reset token).
    #[error("{0}")]
    Refused(String),
    /// The input is well formed but the product cannot accept it; the message says what to change.
    #[error("{message}")]
    Rejected { field: String, message: String },
    /// The caller did not prove who they are (a missing or wrong token).
    #[error("{0}")]
    Unauthorized(String),
    /// No such thing for this caller (also what another tenant's data looks like).
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    /// The thing is not in a state that allows this.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    PaymentRequired(String),
    #[error("{detail}")]
    RateLimited {
        detail: String,
        retry_after_secs: u64,
    },
    /// A dependency (sandbox, AI provider) cannot serve now or is not configured.
    #[error("{detail}")]
    Unavailable {
        detail: String,
        retry_after_secs: Option<u64>,
    },
    /// A dependency answered with something unusable.
    #[error("{0}")]
    Upstream(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![Invalid {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// `Task not found`, for a thing named by its kind.
    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("{what} not found"))
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::Unavailable {
            detail: detail.into(),
            retry_after_secs: None,
        }
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(anyhow::Error::new(err).context("database error"))
    }
}

impl From<tali_ai::AiError> for Error {
    fn from(err: tali_ai::AiError) -> Self {
        use tali_ai::AiError as E;
        let detail = err.to_string();
        match err {
            E::NotConfigured => Self::unavailable("AI assistant is not configured"),
            E::RateLimited { retry_after } => Self::RateLimited {
                detail,
                retry_after_secs: retry_after.map(|d| d.as_secs()).unwrap_or(10),
            },
            E::Unavailable(_) | E::Timeout => Self::unavailable(detail),
            E::Upstream { .. } | E::InvalidResponse(_) => Self::Upstream(detail),
        }
    }
}
