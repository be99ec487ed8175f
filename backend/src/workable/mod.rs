//! The Workable ATS integration: the organization's connection (`connection`) and its authenticated client
//! (`session`), its settings and live pickers (`settings`), the stage map (`stage_map`) and the webhook
//! subscription that serves it (`subscription`), results posted back to the candidate (`posting`), and
//! candidates invited when they reach a mapped stage (`triggers`). The protocol lives in the `tali-workable` crate; this module holds the rules.

pub mod connection;
pub mod posting;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod stage_map;
pub mod subscription;
pub mod triggers;

use tali_workable::WorkableError;

use crate::domain::Error;

/// Workable's failures in the product's terms; Workable's own message is kept (it is safe to show).
pub fn failure(err: WorkableError) -> Error {
    let message = err.to_string();
    match err {
        WorkableError::RateLimited { retry_after } => Error::RateLimited {
            detail: message,
            retry_after_secs: retry_after.map_or(10, |wait| wait.as_secs().max(1)),
        },
        WorkableError::Unavailable { .. } | WorkableError::InvalidResponse { .. } => {
            Error::Upstream(message)
        }
        WorkableError::Upstream { status, .. } if status >= 500 => Error::Upstream(message),
        WorkableError::NotFound { .. } => Error::NotFound(message),
        WorkableError::Conflict { .. } => Error::Conflict(message),
        WorkableError::InvalidPayload(_) => Error::Refused(message),
        WorkableError::Config(_) => Error::Internal(anyhow::anyhow!(message)),
        WorkableError::Unauthorized { .. }
        | WorkableError::Forbidden { .. }
        | WorkableError::Validation { .. }
        | WorkableError::Upstream { .. }
        | WorkableError::OAuth { .. } => Error::Rejected {
            field: "workable".into(),
            message,
        },
    }
}

/// Whether a failure may pass by itself (a job should try again later).
pub fn is_transient(err: &Error) -> bool {
    matches!(
        err,
        Error::RateLimited { .. } | Error::Upstream(_) | Error::Unavailable { .. }
    )
}
