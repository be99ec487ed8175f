//! The crate's one error type. `Display` texts are safe to show to a recruiter: they carry Workable's own message
//! (e.g. a 422's `error` and `validation_errors`) but never a token, a request body or a network stack; the
//! technical detail sits in fields for the logs.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

/// Longest Workable message kept, so an HTML error page from a proxy cannot flood a log line or a toast.
const MAX_MESSAGE_CHARS: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum WorkableError {
    /// The integration's settings are unusable (bad base URL, bad subdomain, ...). Fix the configuration.
    #[error("the Workable integration is misconfigured: {0}")]
    Config(String),

    /// 401: the token is unknown, revoked or expired. With OAuth, refresh the token and try again once.
    #[error("Workable did not accept the credentials: {message}")]
    Unauthorized { message: String },

    /// 403: the token is valid but lacks a scope or access to this account.
    #[error("Workable refused access: {message}")]
    Forbidden { message: String },

    /// 404: no such candidate, job or subscription in this account.
    #[error("Workable could not find it: {message}")]
    NotFound { message: String },

    /// 409, e.g. a webhook subscription for this target already exists.
    #[error("Workable reports a conflict: {message}")]
    Conflict { message: String },

    /// 422: Workable understood the request and rejected its content (unknown stage slug, missing `member_id`, ...).
    #[error(
        "Workable rejected the request: {}",
        describe_validation(message, errors)
    )]
    Validation {
        message: String,
        /// `validation_errors`, flattened to `"field: reason"` lines.
        errors: Vec<String>,
    },

    /// Workable kept answering 429, or asked for a longer pause than one call may wait.
    #[error("Workable is receiving too many requests; please try again shortly")]
    RateLimited { retry_after: Option<Duration> },

    /// Any other error status, 5xx included once retries are spent.
    #[error("Workable answered with an error (HTTP {status}): {message}")]
    Upstream { status: u16, message: String },

    /// Workable could not be reached, or the connection broke before an answer arrived.
    #[error("Workable could not be reached; please try again shortly")]
    Unavailable { detail: String },

    /// Workable (or a proxy) answered with something that does not follow the API.
    #[error("Workable sent an answer that could not be understood")]
    InvalidResponse { detail: String },

    /// The OAuth server refused a code exchange, refresh or revocation. `invalid_grant` on a refresh means the
    /// refresh token is spent or revoked: the account must be connected again.
    #[error("Workable sign-in failed: {description}")]
    OAuth { code: String, description: String },

    /// A webhook body that is not a candidate in any of the accepted shapes.
    #[error("the Workable webhook payload is not a candidate: {0}")]
    InvalidPayload(String),
}

impl WorkableError {
    /// True for 401: with an OAuth connection, refresh the token and repeat the call.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Unauthorized { .. })
    }

    /// True when the same call may succeed later without any change (rate limit, outage, network).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Unavailable { .. } => true,
            Self::Upstream { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// True when a refresh token can no longer be used and the account must go through OAuth again.
    pub fn is_invalid_grant(&self) -> bool {
        matches!(self, Self::OAuth { code, .. } if code == "invalid_grant")
    }

    /// Turns an error answer of the API v3 into the matching variant, keeping Workable's message.
    pub(crate) fn from_api_answer(status: u16, body: &[u8]) -> Self {
        let ApiErrorBody {
            message,
            validation_errors,
        } = ApiErrorBody::parse(status, body);
        match status {
            401 => Self::Unauthorized { message },
            403 => Self::Forbidden { message },
            404 => Self::NotFound { message },
            409 => Self::Conflict { message },
            422 => Self::Validation {
                message,
                errors: validation_errors,
            },
            429 => Self::RateLimited { retry_after: None },
            _ => Self::Upstream { status, message },
        }
    }

    /// Turns an error answer of the OAuth server (`{error, error_description}`, RFC 6749 §5.2) into `OAuth`.
    pub(crate) fn from_oauth_answer(status: u16, body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct OAuthErrorBody {
            error: Option<String>,
            error_description: Option<String>,
        }
        let parsed = serde_json::from_slice::<OAuthErrorBody>(body).ok();
        let code = parsed
            .as_ref()
            .and_then(|body| body.error.clone())
            .unwrap_or_else(|| format!("http_{status}"));
        let description = parsed
            .and_then(|body| body.error_description)
            .map(|text| shorten(&text))
            .unwrap_or_else(|| format!("{code} (HTTP {status})"));
        Self::OAuth { code, description }
    }

    pub(crate) fn network(err: &reqwest::Error) -> Self {
        let what = if err.is_timeout() {
            "no answer in time"
        } else if err.is_connect() {
            "cannot connect"
        } else {
            "request failed"
        };
        Self::Unavailable {
            detail: format!("{what}: {err}"),
        }
    }

    pub(crate) fn invalid_response(detail: impl Into<String>) -> Self {
        Self::InvalidResponse {
            detail: detail.into(),
        }
    }
}

/// `{"error": "...", "validation_errors": {...}}`, the shape Workable uses for every error status.
struct ApiErrorBody {
    message: String,
    validation_errors: Vec<String>,
}

impl ApiErrorBody {
    fn parse(status: u16, body: &[u8]) -> Self {
        let Ok(json) = serde_json::from_slice::<Value>(body) else {
            let text = shorten(&String::from_utf8_lossy(body));
            let message = if text.is_empty() {
                format!("HTTP {status} without details")
            } else {
                text
            };
            return Self {
                message,
                validation_errors: Vec::new(),
            };
        };
        let message = ["error", "message"]
            .iter()
            .find_map(|field| json.get(*field).and_then(Value::as_str))
            .map(shorten)
            .unwrap_or_else(|| format!("HTTP {status} without details"));
        let validation_errors = json
            .get("validation_errors")
            .map(flatten_validation_errors)
            .unwrap_or_default();
        Self {
            message,
            validation_errors,
        }
    }
}

/// Workable documents `validation_errors` only by example (`{"email": ["candidate already exists"]}`), so any
/// mix of objects, arrays and strings is flattened into readable lines.
fn flatten_validation_errors(value: &Value) -> Vec<String> {
    match value {
        Value::Object(fields) => fields
            .iter()
            .flat_map(|(field, reasons)| {
                flatten_validation_errors(reasons)
                    .into_iter()
                    .map(move |reason| shorten(&format!("{field}: {reason}")))
            })
            .collect(),
        Value::Array(items) => items.iter().flat_map(flatten_validation_errors).collect(),
        Value::String(text) => vec![shorten(text)],
        Value::Null => Vec::new(),
        other => vec![shorten(&other.to_string())],
    }
}

fn describe_validation(message: &str, errors: &[String]) -> String {
    if errors.is_empty() {
        message.to_owned()
    } else {
        format!("{message} ({})", errors.join("; "))
    }
}

/// Collapses whitespace and cuts long texts.
fn shorten(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}...", &collapsed[..cut]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprocessable_keeps_message_and_validation_errors() {
        let body = br#"{"error":"Validation failed","validation_errors":{"target_stage":["is unknown"],"member_id":"is required"}}"#;
        let error = WorkableError::from_api_answer(422, body);
        let WorkableError::Validation { message, errors } = &error else {
            panic!("expected a validation error, got {error:?}");
        };
        assert_eq!(message, "Validation failed");
        assert_eq!(
            errors,
            &["member_id: is required", "target_stage: is unknown"]
        );
        assert_eq!(
            error.to_string(),
            "Workable rejected the request: Validation failed (member_id: is required; target_stage: is unknown)"
        );
    }

    #[test]
    fn statuses_map_to_variants() {
        let body = br#"{"error":"Not authorized"}"#;
        assert!(WorkableError::from_api_answer(401, body).is_unauthorized());
        assert!(matches!(
            WorkableError::from_api_answer(409, body),
            WorkableError::Conflict { .. }
        ));
        let outage =
            WorkableError::from_api_answer(503, b"<html> <h1>Service   Unavailable</h1></html>");
        assert!(outage.is_transient());
        assert!(
            outage
                .to_string()
                .ends_with("<html> <h1>Service Unavailable</h1></html>")
        );
    }

    #[test]
    fn oauth_errors_follow_rfc_6749() {
        let error = WorkableError::from_oauth_answer(
            400,
            br#"{"error":"invalid_grant","error_description":"The refresh token is invalid"}"#,
        );
        assert!(error.is_invalid_grant());
        assert_eq!(
            error.to_string(),
            "Workable sign-in failed: The refresh token is invalid"
        );
        let bare = WorkableError::from_oauth_answer(502, b"");
        assert_eq!(
            bare.to_string(),
            "Workable sign-in failed: http_502 (HTTP 502)"
        );
    }
}
