//! A Resend API stand-in: `POST /emails` with Resend's checks, status codes and error bodies, plus
//! `GET /_test/emails` listing what was accepted (for tests driving the app from outside, e.g. Playwright).

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::lock;
use crate::email::is_tag_text;

/// A failure the mock answers with instead of processing the next request(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptedFailure {
    /// 429 `rate_limit_exceeded` with `retry-after` and `ratelimit-*` headers.
    RateLimited { retry_after_secs: u64 },
    /// 500 `application_error` with Resend's JSON error body.
    ServerError,
    /// 502 with an HTML page, as a proxy in front of the API would send.
    BadGateway,
}

/// Every request that reached `POST /emails`, answered or not.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub headers: HeaderMap,
    pub body: String,
    /// The status the mock answered with.
    pub status: u16,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

/// An email the mock accepted (replays of an idempotent request are not stored twice).
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedEmail {
    pub id: String,
    pub idempotency_key: Option<String>,
    pub payload: Value,
}

pub struct ResendMock {
    address: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

struct Shared {
    api_key: String,
    state: Mutex<MockState>,
}

#[derive(Default)]
struct MockState {
    script: VecDeque<ScriptedFailure>,
    requests: Vec<RecordedRequest>,
    emails: Vec<ReceivedEmail>,
    /// Idempotency key → (payload, email id) of the first request that used it.
    idempotency: HashMap<String, (Value, String)>,
}

impl ResendMock {
    /// The key requests must carry as `Authorization: Bearer ...`.
    pub const API_KEY: &'static str = "re_mock_key";

    pub async fn start() -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            api_key: Self::API_KEY.to_owned(),
            state: Mutex::default(),
        });
        let app = Router::new()
            .route("/emails", post(send_email))
            .route("/_test/emails", get(list_emails))
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(%err, "Resend mock stopped");
            }
        });
        Ok(Self {
            address,
            shared,
            server,
        })
    }

    /// Base URL to configure as `RESEND_API_URL`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Answers the next `times` requests that pass authentication with `failure`, then resumes normal service.
    pub fn fail_next(&self, times: usize, failure: ScriptedFailure) {
        let mut state = lock(&self.shared.state);
        state.script.extend(std::iter::repeat_n(failure, times));
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.state).requests.clone()
    }

    pub fn emails(&self) -> Vec<ReceivedEmail> {
        lock(&self.shared.state).emails.clone()
    }
}

impl Drop for ResendMock {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn list_emails(State(shared): State<Arc<Shared>>) -> Response {
    let emails: Vec<Value> = lock(&shared.state)
        .emails
        .iter()
        .map(|email| json!({"id": email.id, "idempotency_key": email.idempotency_key, "payload": email.payload}))
        .collect();
    axum::Json(emails).into_response()
}

async fn send_email(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut state = lock(&shared.state);
    let response = answer(&shared.api_key, &mut state, &headers, &body);
    state.requests.push(RecordedRequest {
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        status: response.status().as_u16(),
    });
    response
}

/// Resend's order of checks: credentials, idempotency key format, rate limits and outages, payload, idempotency.
fn answer(api_key: &str, state: &mut MockState, headers: &HeaderMap, body: &[u8]) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match bearer {
        None => {
            return error(
                StatusCode::UNAUTHORIZED,
                "missing_api_key",
                "Missing API key in the authorization header.",
            );
        }
        Some(key) if key != api_key => {
            return error(
                StatusCode::FORBIDDEN,
                "invalid_api_key",
                "API key is invalid.",
            );
        }
        Some(_) => {}
    }

    let idempotency_key = match headers.get("idempotency-key").map(|value| value.to_str()) {
        None => None,
        Some(Ok(key)) if (1..=256).contains(&key.len()) => Some(key.to_owned()),
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_idempotency_key",
                "The key must be between 1-256 chars.",
            );
        }
    };

    if let Some(failure) = state.script.pop_front() {
        return scripted(failure);
    }

    let payload: Value = match serde_json::from_slice(body) {
        Ok(payload @ Value::Object(_)) => payload,
        _ => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_error",
                "The body must be a JSON object.",
            );
        }
    };
    if let Err((name, message)) = validate(&payload) {
        return error(StatusCode::UNPROCESSABLE_ENTITY, name, &message);
    }

    if let Some(key) = &idempotency_key
        && let Some((first_payload, id)) = state.idempotency.get(key)
    {
        return if *first_payload == payload {
            sent(id)
        } else {
            error(
                StatusCode::CONFLICT,
                "invalid_idempotent_request",
                "Same idempotency key used with a different request payload.",
            )
        };
    }

    let id = format!("00000000-0000-4000-8000-{:012x}", state.emails.len() + 1);
    if let Some(key) = &idempotency_key {
        state
            .idempotency
            .insert(key.clone(), (payload.clone(), id.clone()));
    }
    state.emails.push(ReceivedEmail {
        id: id.clone(),
        idempotency_key,
        payload,
    });
    sent(&id)
}

type Invalid = (&'static str, String);

fn validate(payload: &Value) -> Result<(), Invalid> {
    let missing = |field: &str| {
        (
            "missing_required_field",
            format!("Missing `{field}` field."),
        )
    };
    let invalid = |message: String| ("validation_error", message);
    let text = |field: &str| payload.get(field).and_then(Value::as_str).map(str::trim);

    match text("from") {
        None | Some("") => return Err(missing("from")),
        Some(from) if !from.contains('@') => {
            return Err(invalid(format!("Invalid `from` field: {from}")));
        }
        Some(_) => {}
    }
    let recipients: Vec<&str> = match payload.get("to") {
        None => return Err(missing("to")),
        Some(Value::String(to)) => vec![to.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        Some(_) => {
            return Err(invalid(
                "The `to` field must be a string or an array of strings.".into(),
            ));
        }
    };
    if recipients.is_empty() || recipients.iter().any(|to| !to.contains('@')) {
        return Err(invalid("Invalid `to` field.".into()));
    }
    if text("subject").is_none_or(str::is_empty) {
        return Err(missing("subject"));
    }
    if ["html", "text", "template"]
        .iter()
        .all(|field| payload.get(*field).is_none())
    {
        return Err(invalid(
            "Missing `html`, `text` or `template` field.".into(),
        ));
    }
    let tags = payload
        .get("tags")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for tag in tags {
        for part in ["name", "value"] {
            if !tag
                .get(part)
                .and_then(Value::as_str)
                .is_some_and(is_tag_text)
            {
                return Err(invalid(format!(
                    "Tag {part}s may only contain ASCII letters, numbers, underscores or dashes."
                )));
            }
        }
    }
    Ok(())
}

fn sent(id: &str) -> Response {
    axum::Json(json!({ "id": id })).into_response()
}

fn error(status: StatusCode, name: &str, message: &str) -> Response {
    let body = json!({ "statusCode": status.as_u16(), "message": message, "name": name });
    (status, axum::Json(body)).into_response()
}

fn scripted(failure: ScriptedFailure) -> Response {
    match failure {
        ScriptedFailure::RateLimited { retry_after_secs } => {
            let wait = retry_after_secs.to_string();
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limit_exceeded",
                "Too many requests. You can only make 2 requests per second.",
            );
            for (name, value) in [
                ("retry-after", wait.as_str()),
                ("ratelimit-limit", "2"),
                ("ratelimit-remaining", "0"),
                ("ratelimit-reset", wait.as_str()),
            ] {
                if let Ok(value) = value.parse() {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        ScriptedFailure::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "application_error",
            "An unexpected error occurred.",
        ),
        ScriptedFailure::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response(),
    }
}
