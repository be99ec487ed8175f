//! What both mock servers share: the script queue, request recording and the listener.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use futures_util::stream::{self, StreamExt};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::types::{StopReason, Usage};

/// Pause between streamed events, so that a browser shows text arriving piece by piece.
const SSE_PACING: Duration = Duration::from_millis(5);

/// One scripted answer. Build it with a constructor, then optionally add a delay or headers.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub(crate) behaviour: Behaviour,
    pub(crate) delay: Duration,
    pub(crate) headers: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) enum Behaviour {
    /// The deterministic reply the server gives when nothing is scripted.
    Default,
    Reply {
        text: String,
        stop_reason: StopReason,
    },
    /// An error status with the provider's JSON error body.
    Error { status: u16, error_type: String },
    /// 200 with a body that is not valid JSON (or, streamed, an event whose data is not JSON).
    MalformedJson,
    /// A status with a plain-text body, as a proxy in front of the API would send.
    NonJson { status: u16, body: String },
    /// Streamed: some text, then an error event after the 200. Not streamed: a 529/500.
    MidStreamError { partial_text: String },
}

impl Scripted {
    fn new(behaviour: Behaviour) -> Self {
        Self {
            behaviour,
            delay: Duration::ZERO,
            headers: Vec::new(),
        }
    }

    pub fn default_reply() -> Self {
        Self::new(Behaviour::Default)
    }

    pub fn text(text: impl Into<String>) -> Self {
        Self::reply(text, StopReason::EndTurn)
    }

    pub fn reply(text: impl Into<String>, stop_reason: StopReason) -> Self {
        Self::new(Behaviour::Reply {
            text: text.into(),
            stop_reason,
        })
    }

    /// `error_type` uses Anthropic's names (`api_error`, `overloaded_error`, ...).
    pub fn error(status: u16, error_type: impl Into<String>) -> Self {
        Self::new(Behaviour::Error {
            status,
            error_type: error_type.into(),
        })
    }

    /// 429 with `retry-after-ms` and the rounded-up `retry-after` in seconds.
    pub fn rate_limited(retry_after: Duration) -> Self {
        let seconds = retry_after.as_millis().div_ceil(1000).to_string();
        Self::error(429, "rate_limit_error")
            .header("retry-after", seconds)
            .header("retry-after-ms", retry_after.as_millis().to_string())
    }

    pub fn overloaded() -> Self {
        Self::error(529, "overloaded_error")
    }

    pub fn server_error() -> Self {
        Self::error(500, "api_error")
    }

    pub fn malformed_json() -> Self {
        Self::new(Behaviour::MalformedJson)
    }

    /// 413 from the edge, which is HTML rather than an API error body.
    pub fn too_large() -> Self {
        Self::new(Behaviour::NonJson {
            status: 413,
            body: "<html><body><h1>413 Request Entity Too Large</h1></body></html>".to_owned(),
        })
    }

    pub fn mid_stream_error(partial_text: impl Into<String>) -> Self {
        Self::new(Behaviour::MidStreamError {
            partial_text: partial_text.into(),
        })
    }

    /// Waits before answering, e.g. beyond the client's timeout.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Adds a response header, e.g. `x-should-retry: false`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request as the mock received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Lower-case header names.
    pub headers: HashMap<String, String>,
    /// The JSON body, or `Value::Null` when there was none or it was not JSON.
    pub body: Value,
    pub received_at: Instant,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

#[derive(Default)]
pub(crate) struct MockState {
    script: Mutex<VecDeque<Scripted>>,
    requests: Mutex<Vec<RecordedRequest>>,
    next_request_id: AtomicU64,
}

impl MockState {
    pub(crate) fn record(&self, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) {
        let headers = headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let request = RecordedRequest {
            method: method.to_string(),
            path: uri.path().to_owned(),
            headers,
            body: serde_json::from_slice(body).unwrap_or(Value::Null),
            received_at: Instant::now(),
        };
        lock(&self.requests).push(request);
    }

    pub(crate) fn next_scripted(&self) -> Scripted {
        lock(&self.script)
            .pop_front()
            .unwrap_or_else(Scripted::default_reply)
    }

    pub(crate) fn request_id(&self) -> String {
        format!(
            "req_mock_{:06}",
            self.next_request_id.fetch_add(1, Ordering::Relaxed) + 1
        )
    }
}

/// A scripted mock failing a test must not poison every later request.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Handle to a running mock; the server stops when it is dropped.
pub struct MockServer {
    base_url: String,
    state: Arc<MockState>,
    task: JoinHandle<()>,
}

impl MockServer {
    pub(crate) async fn serve(
        addr: SocketAddr,
        base_path: &str,
        state: Arc<MockState>,
        router: Router,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        let task = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, router).await {
                tracing::error!(%err, "mock AI server stopped");
            }
        });
        Ok(Self {
            base_url: format!("http://{local}{base_path}"),
            state,
            task,
        })
    }

    /// The URL to configure the client with.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Queues answers, consumed one per request to the chat endpoint.
    pub fn push(&self, scripted: Scripted) {
        lock(&self.state.script).push_back(scripted);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).clone()
    }

    /// Requests received on `path`, e.g. to count attempts.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        lock(&self.state.requests)
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Applies the scripted extra headers and the request id to a finished response.
pub(crate) fn finish(
    mut response: Response,
    scripted_headers: &[(String, String)],
    request_id: &str,
) -> Response {
    let headers = response.headers_mut();
    for (name, value) in scripted_headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.insert(name, value);
        }
    }
    if let Ok(value) = HeaderValue::try_from(request_id) {
        headers.insert("request-id", value);
    }
    response
}

pub(crate) fn json_response(status: u16, body: &Value) -> Response {
    raw_response(status, "application/json", body.to_string())
}

pub(crate) fn raw_response(status: u16, content_type: &str, body: String) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap_or_default()
}

/// Sends pre-rendered SSE frames one by one with a short pause between them.
pub(crate) fn sse_response(frames: Vec<String>) -> Response {
    let body = stream::iter(frames).then(|frame| async move {
        tokio::time::sleep(SSE_PACING).await;
        Ok::<_, Infallible>(frame)
    });
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_stream(body))
        .unwrap_or_default()
}

/// Splits a reply into word-sized deltas, keeping whitespace so they concatenate back exactly.
pub(crate) fn deltas(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for ch in text.chars() {
        current.push(ch);
        if ch.is_whitespace() && current.len() >= 12 {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// A deterministic stand-in for token counting: about four characters per input token.
pub(crate) fn usage_for(prompt_chars: usize, reply: &str) -> Usage {
    Usage {
        input_tokens: (prompt_chars as u64).div_ceil(4).max(1),
        output_tokens: reply.split_whitespace().count() as u64,
    }
}

/// The text of the last user message in a JSON `messages` array.
pub(crate) fn last_user_text(messages: &Value) -> &str {
    messages
        .as_array()
        .and_then(|messages| messages.iter().rev().find(|m| m["role"] == "user"))
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
}

/// Total characters of string contents in a JSON `messages` array.
pub(crate) fn content_chars(messages: &Value) -> usize {
    messages.as_array().map_or(0, |messages| {
        messages
            .iter()
            .map(|m| m["content"].as_str().map_or(0, str::len))
            .sum()
    })
}

/// A request the mock refuses, as the real API would; each mock renders it in its own format.
pub(crate) struct Rejection {
    pub status: u16,
    pub error_type: &'static str,
    pub message: String,
}

impl Rejection {
    pub(crate) fn new(status: u16, error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_type,
            message: message.into(),
        }
    }
}
