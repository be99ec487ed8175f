//! Stripe's error answers: a status and `{"error":{"type","code","message","param",...}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: u16,
    /// The JSON inside `"error"`.
    pub body: Map<String, Value>,
}

impl ApiError {
    fn new(status: u16, kind: &str, message: impl Into<String>) -> Self {
        let mut body = Map::new();
        body.insert("type".into(), kind.into());
        body.insert("message".into(), message.into().into());
        Self { status, body }
    }

    /// 400 `invalid_request_error`, optionally naming the offending parameter.
    pub fn invalid(message: impl Into<String>, param: Option<&str>) -> Self {
        let error = Self::new(400, "invalid_request_error", message);
        match param {
            Some(param) => error.with("param", param),
            None => error,
        }
    }

    pub fn missing_param(param: &str) -> Self {
        Self::invalid(format!("Missing required param: {param}."), Some(param))
            .with("code", "parameter_missing")
    }

    /// 404 `resource_missing`, as for an unknown id.
    pub fn no_such(what: &str, id: &str) -> Self {
        Self::new(
            404,
            "invalid_request_error",
            format!("No such {what}: '{id}'"),
        )
        .with("code", "resource_missing")
        .with("param", "id")
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, "invalid_request_error", message)
    }

    pub fn idempotency(status: u16, message: impl Into<String>) -> Self {
        Self::new(status, "idempotency_error", message)
    }

    /// 402 `card_error`, with the PaymentIntent of the failed attempt when there is one.
    pub fn card(
        code: &str,
        decline_code: Option<&str>,
        message: &str,
        payment_intent: Option<Value>,
    ) -> Self {
        let mut error = Self::new(402, "card_error", message).with("code", code);
        if let Some(decline_code) = decline_code {
            error = error.with("decline_code", decline_code);
        }
        if let Some(payment_intent) = payment_intent {
            error = error.with("payment_intent", payment_intent);
        }
        error
    }

    pub fn api(status: u16, message: impl Into<String>) -> Self {
        Self::new(status, "api_error", message)
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.body.insert(key.to_owned(), value.into());
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub fn json(&self) -> Value {
        json!({ "error": self.body })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(self.json())).into_response()
    }
}

/// What a mock handler answers: the object, or Stripe's error.
pub(crate) type ApiResult = Result<Json<Value>, ApiError>;
