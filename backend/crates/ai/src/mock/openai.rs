//! Mock of an OpenAI-compatible server (`POST /v1/chat/completions`, `GET /v1/models`).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
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

/// Models the mock serves.
pub const OPENAI_MODELS: &[&str] = &["gpt-4o-mini", "gpt-4.1", "llama3.1"];

/// Starts the OpenAI-compatible mock; its base URL already ends in `/v1`.
pub struct OpenAiMock;

impl OpenAiMock {
    pub async fn start() -> std::io::Result<MockServer> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(addr: SocketAddr) -> std::io::Result<MockServer> {
        let state = Arc::new(MockState::default());
        let router = Router::new()
            .route("/v1/chat/completions", post(completions))
            .route("/v1/models", get(models))
            .with_state(state.clone());
        MockServer::serve(addr, "/v1", state, router).await
    }
}

async fn completions(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.record(&method, &uri, &headers, &body);
    let request_id = state.request_id();
    let request = match check_auth(&headers).and_then(|()| parse_request(&body)) {
        Ok(request) => request,
        Err(rejection) => return finish(reject(&rejection), &[], &request_id),
    };
    let scripted = state.next_scripted();
    tokio::time::sleep(scripted.delay).await;
    let response = render(&scripted.behaviour, &request);
    finish(response, &scripted.headers, &request_id)
}

async fn models(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    state.record(&method, &uri, &headers, &[]);
    let request_id = state.request_id();
    let response = match check_auth(&headers) {
        Ok(()) => {
            let data: Vec<Value> = OPENAI_MODELS
                .iter()
                .map(|id| json!({ "id": id, "object": "model", "owned_by": "mock" }))
                .collect();
            json_response(200, &json!({ "object": "list", "data": data }))
        }
        Err(rejection) => reject(&rejection),
    };
    finish(response, &[], &request_id)
}

/// Keys are optional, as on local servers, but a malformed `Authorization` header is rejected.
fn check_auth(headers: &HeaderMap) -> Result<(), Rejection> {
    let Some(value) = headers.get("authorization") else {
        return Ok(());
    };
    let well_formed = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|key| !key.trim().is_empty());
    if well_formed {
        Ok(())
    } else {
        Err(Rejection::new(
            401,
            "invalid_request_error",
            "malformed Authorization header",
        ))
    }
}

fn parse_request(body: &[u8]) -> Result<Value, Rejection> {
    let invalid = |message: &str| Rejection::new(400, "invalid_request_error", message);
    let request: Value =
        serde_json::from_slice(body).map_err(|_| invalid("request body is not valid JSON"))?;
    let model = request["model"]
        .as_str()
        .ok_or_else(|| invalid("you must provide a model parameter"))?;
    if !OPENAI_MODELS.contains(&model) {
        return Err(Rejection::new(
            404,
            "invalid_request_error",
            format!("The model `{model}` does not exist"),
        ));
    }
    if request["messages"].as_array().is_none_or(Vec::is_empty) {
        return Err(invalid("messages must be a non-empty array"));
    }
    Ok(request)
}

fn reject(rejection: &Rejection) -> Response {
    error_response(rejection.status, rejection.error_type, &rejection.message)
}

fn error_response(status: u16, error_type: &str, message: &str) -> Response {
    json_response(status, &error_body(error_type, message))
}

fn error_body(error_type: &str, message: &str) -> Value {
    json!({ "error": { "message": message, "type": error_type, "code": null } })
}

fn render(behaviour: &Behaviour, request: &Value) -> Response {
    let streaming = request["stream"].as_bool().unwrap_or(false);
    match behaviour {
        Behaviour::Default => {
            let system = request["messages"][0]
                .as_object()
                .filter(|m| m["role"] == "system")
                .and_then(|m| m["content"].as_str())
                .unwrap_or_default();
            let text = default_reply(system, last_user_text(&request["messages"]));
            reply(request, &text, &StopReason::EndTurn, streaming)
        }
        Behaviour::Reply { text, stop_reason } => reply(request, text, stop_reason, streaming),
        Behaviour::Error { status, error_type } => {
            error_response(*status, error_type, "scripted error from the mock")
        }
        Behaviour::MalformedJson if streaming => {
            sse_response(vec!["data: {\"choices\": [\n\n".to_owned()])
        }
        Behaviour::MalformedJson => {
            raw_response(200, "application/json", "{\"choices\": [".to_owned())
        }
        Behaviour::NonJson { status, body } => raw_response(*status, "text/html", body.clone()),
        Behaviour::MidStreamError { partial_text } if streaming => sse_response(vec![
            data(&chunk(request, json!({ "content": partial_text }), None)),
            data(&error_body(
                "server_error",
                "The server had an error while processing your request",
            )),
        ]),
        Behaviour::MidStreamError { .. } => {
            error_response(500, "server_error", "The server had an error")
        }
    }
}

fn reply(request: &Value, text: &str, stop_reason: &StopReason, streaming: bool) -> Response {
    let usage = usage_for(content_chars(&request["messages"]), text);
    let finish_reason = finish_reason(stop_reason);
    if !streaming {
        return json_response(
            200,
            &json!({
                "id": "chatcmpl-mock",
                "object": "chat.completion",
                "created": 0,
                "model": request["model"],
                "choices": [{
                    "index": 0,
                    "message": { "role": "assistant", "content": text },
                    "finish_reason": finish_reason,
                }],
                "usage": usage_body(usage),
            }),
        );
    }
    let mut frames = vec![data(&chunk(
        request,
        json!({ "role": "assistant", "content": "" }),
        None,
    ))];
    frames.extend(
        deltas(text)
            .iter()
            .map(|piece| data(&chunk(request, json!({ "content": piece }), None))),
    );
    frames.push(data(&chunk(request, json!({}), Some(finish_reason))));
    if request["stream_options"]["include_usage"] == true {
        let mut usage_chunk = chunk(request, json!({}), None);
        usage_chunk["choices"] = json!([]);
        usage_chunk["usage"] = usage_body(usage);
        frames.push(data(&usage_chunk));
    }
    frames.push("data: [DONE]\n\n".to_owned());
    sse_response(frames)
}

fn chunk(request: &Value, delta: Value, finish_reason: Option<&str>) -> Value {
    json!({
        "id": "chatcmpl-mock",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": request["model"],
        "choices": [{ "index": 0, "delta": delta, "finish_reason": finish_reason }],
        "usage": null,
    })
}

fn usage_body(usage: Usage) -> Value {
    json!({
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.input_tokens + usage.output_tokens,
    })
}

fn finish_reason(stop_reason: &StopReason) -> &str {
    match stop_reason {
        StopReason::EndTurn | StopReason::StopSequence => "stop",
        StopReason::MaxTokens => "length",
        StopReason::Refusal => "content_filter",
        StopReason::Other(raw) => raw,
    }
}

fn data(value: &Value) -> String {
    format!("data: {value}\n\n")
}
