//! Mock of the Anthropic Messages API (`POST /v1/messages`, `GET /v1/models/{id}`).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::default_reply::default_reply;
use super::server::{
    Behaviour, MockServer, MockState, Rejection, content_chars, deltas, finish, json_response,
    last_user_text, raw_response, sse_response, usage_for,
};
use crate::types::{StopReason, Usage};

/// Models the mock serves. The retired `claude-sonnet-4-20250514` is deliberately absent.
pub const ANTHROPIC_MODELS: &[&str] = &[
    "claude-sonnet-4-6",
    "claude-sonnet-4-5",
    "claude-sonnet-4-5-20250929",
    "claude-sonnet-5",
    "claude-opus-4-8",
    "claude-opus-4-7",
    "claude-opus-4-6",
    "claude-opus-4-5",
    "claude-opus-5",
    "claude-haiku-4-5",
    "claude-haiku-4-5-20251001",
];

/// Starts the Anthropic mock; its base URL goes where `https://api.anthropic.com` would.
pub struct AnthropicMock;

impl AnthropicMock {
    pub async fn start() -> std::io::Result<MockServer> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(addr: SocketAddr) -> std::io::Result<MockServer> {
        let state = Arc::new(MockState::default());
        let router = Router::new()
            .route("/v1/messages", post(messages))
            .route("/v1/models/{id}", get(model))
            .with_state(state.clone());
        MockServer::serve(addr, "", state, router).await
    }
}

async fn messages(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.record(&method, &uri, &headers, &body);
    let request_id = state.request_id();
    let request = match check_headers(&headers).and_then(|()| parse_request(&body)) {
        Ok(request) => request,
        Err(rejection) => return finish(reject(&rejection), &[], &request_id),
    };
    let scripted = state.next_scripted();
    tokio::time::sleep(scripted.delay).await;
    let response = render(&scripted.behaviour, &request);
    finish(response, &scripted.headers, &request_id)
}

async fn model(
    State(state): State<Arc<MockState>>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    state.record(&method, &uri, &headers, &[]);
    let request_id = state.request_id();
    let response = match check_headers(&headers).and_then(|()| check_model(&id)) {
        Ok(()) => json_response(
            200,
            &json!({
                "type": "model",
                "id": id,
                "display_name": id,
                "created_at": "2026-01-01T00:00:00Z",
            }),
        ),
        Err(rejection) => reject(&rejection),
    };
    finish(response, &[], &request_id)
}

fn check_headers(headers: &HeaderMap) -> Result<(), Rejection> {
    if headers.get("x-api-key").is_none_or(|key| key.is_empty()) {
        return Err(Rejection::new(
            401,
            "authentication_error",
            "x-api-key header is required",
        ));
    }
    if headers.get("anthropic-version").is_none() {
        return Err(Rejection::new(
            400,
            "invalid_request_error",
            "anthropic-version header is required",
        ));
    }
    Ok(())
}

fn check_model(model: &str) -> Result<(), Rejection> {
    if ANTHROPIC_MODELS.contains(&model) {
        Ok(())
    } else {
        Err(Rejection::new(
            404,
            "not_found_error",
            format!("model: {model}"),
        ))
    }
}

/// The checks the real API makes before it starts generating.
fn parse_request(body: &[u8]) -> Result<Value, Rejection> {
    let invalid = |message: &str| Rejection::new(400, "invalid_request_error", message);
    let request: Value =
        serde_json::from_slice(body).map_err(|_| invalid("request body is not valid JSON"))?;
    let model = request["model"]
        .as_str()
        .ok_or_else(|| invalid("model: Field required"))?;
    check_model(model)?;
    if request["max_tokens"].as_u64().is_none_or(|n| n == 0) {
        return Err(invalid("max_tokens: must be a positive integer"));
    }
    let messages = request["messages"]
        .as_array()
        .ok_or_else(|| invalid("messages: Field required"))?;
    if messages.is_empty() {
        return Err(invalid("messages: at least one message is required"));
    }
    if messages
        .iter()
        .any(|m| !matches!(m["role"].as_str(), Some("user" | "assistant")))
    {
        return Err(invalid("messages: role must be \"user\" or \"assistant\""));
    }
    Ok(request)
}

fn reject(rejection: &Rejection) -> Response {
    error_response(rejection.status, rejection.error_type, &rejection.message)
}

fn error_response(status: u16, error_type: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({
            "type": "error",
            "error": { "type": error_type, "message": message },
        }),
    )
}

fn render(behaviour: &Behaviour, request: &Value) -> Response {
    let streaming = request["stream"].as_bool().unwrap_or(false);
    match behaviour {
        Behaviour::Default => {
            let system = request["system"].as_str().unwrap_or_default();
            let text = default_reply(system, last_user_text(&request["messages"]));
            reply(request, &text, &StopReason::EndTurn, streaming)
        }
        Behaviour::Reply { text, stop_reason } => reply(request, text, stop_reason, streaming),
        Behaviour::Error { status, error_type } => {
            error_response(*status, error_type, "scripted error from the mock")
        }
        Behaviour::MalformedJson if streaming => sse_response(vec![
            frame("message_start", &message_start(request, 0)),
            "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"delta\": \n\n"
                .to_owned(),
        ]),
        Behaviour::MalformedJson => raw_response(
            200,
            "application/json",
            "{\"id\": \"msg_mock\", \"content\": [".to_owned(),
        ),
        Behaviour::NonJson { status, body } => raw_response(*status, "text/html", body.clone()),
        Behaviour::MidStreamError { partial_text } if streaming => {
            let error = json!({
                "type": "error",
                "error": { "type": "overloaded_error", "message": "Overloaded" },
            });
            sse_response(vec![
                frame("message_start", &message_start(request, 0)),
                frame("ping", &json!({ "type": "ping" })),
                frame("content_block_start", &block_start()),
                frame("content_block_delta", &text_delta(partial_text)),
                frame("error", &error),
            ])
        }
        Behaviour::MidStreamError { .. } => error_response(529, "overloaded_error", "Overloaded"),
    }
}

fn reply(request: &Value, text: &str, stop_reason: &StopReason, streaming: bool) -> Response {
    let system_chars = request["system"].as_str().map_or(0, str::len);
    let usage = usage_for(system_chars + content_chars(&request["messages"]), text);
    if !streaming {
        return json_response(200, &message(request, text, stop_reason, usage));
    }
    let mut frames = vec![
        frame("message_start", &message_start(request, usage.input_tokens)),
        frame("content_block_start", &block_start()),
        frame("ping", &json!({ "type": "ping" })),
    ];
    frames.extend(
        deltas(text)
            .iter()
            .map(|piece| frame("content_block_delta", &text_delta(piece))),
    );
    frames.push(frame(
        "content_block_stop",
        &json!({ "type": "content_block_stop", "index": 0 }),
    ));
    frames.push(frame(
        "message_delta",
        &json!({
            "type": "message_delta",
            "delta": { "stop_reason": stop_reason.as_str(), "stop_sequence": null },
            "usage": { "output_tokens": usage.output_tokens },
        }),
    ));
    frames.push(frame("message_stop", &json!({ "type": "message_stop" })));
    sse_response(frames)
}

fn message(request: &Value, text: &str, stop_reason: &StopReason, usage: Usage) -> Value {
    json!({
        "id": "msg_mock",
        "type": "message",
        "role": "assistant",
        "model": request["model"],
        "content": [{ "type": "text", "text": text }],
        "stop_reason": stop_reason.as_str(),
        "stop_sequence": null,
        "usage": {
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    })
}

fn message_start(request: &Value, input_tokens: u64) -> Value {
    json!({
        "type": "message_start",
        "message": {
            "id": "msg_mock",
            "type": "message",
            "role": "assistant",
            "model": request["model"],
            "content": [],
            "stop_reason": null,
            "stop_sequence": null,
            "usage": { "input_tokens": input_tokens, "output_tokens": 1 },
        },
    })
}

fn block_start() -> Value {
    json!({
        "type": "content_block_start",
        "index": 0,
        "content_block": { "type": "text", "text": "" },
    })
}

fn text_delta(text: &str) -> Value {
    json!({
        "type": "content_block_delta",
        "index": 0,
        "delta": { "type": "text_delta", "text": text },
    })
}

fn frame(event: &str, data: &Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}
