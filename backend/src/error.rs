//! The one error type of the HTTP layer and its mapping to status codes and `{"detail": ...}` bodies.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain;

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{detail}")]
    Validation {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    PaymentRequired(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{detail}")]
    RateLimited {
        detail: String,
        retry_after_secs: u64,
    },
    #[error("{0}")]
    BadGateway(String),
    #[error("{detail}")]
    Unavailable {
        detail: String,
        retry_after_secs: Option<u64>,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("{what} not found"))
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Validation {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError {
                field: field.to_string(),
                message,
            }],
        }
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::Unavailable {
            detail: detail.into(),
            retry_after_secs: None,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::PaymentRequired(_) => StatusCode::PAYMENT_REQUIRED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Gone(_) => StatusCode::GONE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(anyhow::Error::new(err).context("database error"))
    }
}

impl From<domain::Error> for ApiError {
    fn from(err: domain::Error) -> Self {
        use domain::Error as E;
        match err {
            E::Invalid(fields) => {
                let detail = E::Invalid(fields.clone()).to_string();
                Self::Validation {
                    detail,
                    errors: fields
                        .into_iter()
                        .map(|f| FieldError {
                            field: f.field,
                            message: f.message,
                        })
                        .collect(),
                }
            }
            E::Refused(detail) => Self::BadRequest(detail),
            E::Rejected { field, message } => Self::Validation {
                detail: message.clone(),
                errors: vec![FieldError { field, message }],
            },
            E::Unauthorized(detail) => Self::Unauthorized(detail),
            E::NotFound(detail) => Self::NotFound(detail),
            E::Forbidden(detail) => Self::Forbidden(detail),
            E::Conflict(detail) => Self::Conflict(detail),
            E::Gone(detail) => Self::Gone(detail),
            E::PaymentRequired(detail) => Self::PaymentRequired(detail),
            E::RateLimited {
                detail,
                retry_after_secs,
            } => Self::RateLimited {
                detail,
                retry_after_secs,
            },
            E::Unavailable {
                detail,
                retry_after_secs,
            } => Self::Unavailable {
                detail,
                retry_after_secs,
            },
            E::Upstream(detail) => Self::BadGateway(detail),
            E::Internal(err) => Self::Internal(err),
        }
    }
}

impl From<garde::Report> for ApiError {
    fn from(report: garde::Report) -> Self {
        let errors: Vec<FieldError> = report
            .iter()
            .map(|(path, error)| FieldError {
                field: path.to_string(),
                message: error.message().to_string(),
            })
            .collect();
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self::Validation { detail, errors }
    }
}

/// How soon a client should try again when the database was too busy to answer.
const BUSY_RETRY_AFTER_SECS: u64 = 2;

impl ApiError {
    /// A database too busy to answer (its lock held past the busy timeout, no pooled connection free in time) is
    /// not a fault of ours or the client's: 503 with `Retry-After`, whichever layer the error came through.
    fn busy_as_unavailable(self) -> Self {
        match self {
            Self::Internal(err) if is_busy_database(&err) => {
                tracing::warn!(error = ?err, "database busy; answered 503");
                Self::Unavailable {
                    detail:
                        "The service is busy. Your work is saved; please try again in a moment."
                            .into(),
                    retry_after_secs: Some(BUSY_RETRY_AFTER_SECS),
                }
            }
            other => other,
        }
    }
}

fn is_busy_database(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<sea_orm::DbErr>()
            .is_some_and(crate::db::is_busy)
    })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let this = self.busy_as_unavailable();
        let status = this.status();
        let (detail, errors, retry_after) = match this {
            Self::Internal(err) => {
                // The cause goes to the log (with the request id), never to the client.
                tracing::error!(error = ?err, "internal error");
                ("Internal server error".to_string(), Vec::new(), None)
            }
            Self::Validation { detail, errors } => (detail, errors, None),
            Self::RateLimited {
                detail,
                retry_after_secs,
            } => (detail, Vec::new(), Some(retry_after_secs)),
            Self::Unavailable {
                detail,
                retry_after_secs,
            } => (detail, Vec::new(), retry_after_secs),
            other => (other.to_string(), Vec::new(), None),
        };
        let mut response = (status, Json(ErrorBody { detail, errors })).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
