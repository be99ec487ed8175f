use std::time::{Duration, Instant};

use crate::common::{API_KEY, anthropic, anthropic_with, collect, fast_client, joined_deltas};
use serde_json::json;
use tali_ai::mock::{AnthropicMock, Scripted};
use tali_ai::{AiError, Assistant, ChatMessage, StopReason, StreamEvent};

const MESSAGES_PATH: &str = "/v1/messages";

#[tokio::test]
async fn chat_sends_the_messages_api_request_and_reads_the_reply() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::text("Use a set to remove duplicates."));
    let assistant = anthropic(mock.base_url());

    let history = [
        ChatMessage::user("How do I dedupe?"),
        ChatMessage::assistant("Which language?"),
        ChatMessage::user("Python"),
    ];
    let reply = assistant.chat(&history, "Be brief.", 300).await.unwrap();

    assert_eq!(reply.text, "Use a set to remove duplicates.");
    assert_eq!(reply.model, "claude-sonnet-4-6");
    assert_eq!(reply.stop_reason, StopReason::EndTurn);
    assert!(reply.is_complete());
    assert_eq!(reply.usage.output_tokens, 6, "the mock counts words");
    assert!(reply.usage.input_tokens > 0);

    let requests = mock.requests_to(MESSAGES_PATH);
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.header("x-api-key"), Some(API_KEY));
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        request.body,
        json!({
            "model": "claude-sonnet-4-6",
            "max_tokens": 300,
            "system": "Be brief.",
            "messages": [
                { "role": "user", "content": "How do I dedupe?" },
                { "role": "assistant", "content": "Which language?" },
                { "role": "user", "content": "Python" },
            ],
        })
    );
}

#[tokio::test]
async fn default_chat_uses_4096_tokens_and_the_mock_answers_with_python() {
    let mock = AnthropicMock::start().await.unwrap();
    let assistant = anthropic(mock.base_url());

    let question = [ChatMessage::user("Why does my loop print twice?")];
    let reply = tali_ai::chat(&assistant, &question, "").await.unwrap();

    assert!(reply.text.contains("Why does my loop print twice?"));
    assert!(reply.text.contains("```python\n"));
    let body = &mock.requests_to(MESSAGES_PATH)[0].body;
    assert_eq!(body["max_tokens"], 4096);
    assert!(
        body.get("system").is_none(),
        "empty system prompt is omitted"
    );
}

#[tokio::test]
async fn streaming_assembles_deltas_and_reports_usage() {
    let mock = AnthropicMock::start().await.unwrap();
    let text = "First check the loop bounds, then the off-by-one in range(len(items)).";
    mock.push(Scripted::text(text));
    let assistant = anthropic(mock.base_url());

    let stream = assistant
        .chat_stream(&[ChatMessage::user("help")], "sys", 500)
        .await
        .unwrap();
    let items = collect(stream).await;

    assert!(items.len() > 3, "several deltas then Done: {items:?}");
    assert_eq!(joined_deltas(&items), text);
    let Some(Ok(StreamEvent::Done(reply))) = items.last() else {
        panic!("stream must end with Done: {items:?}");
    };
    assert_eq!(reply.text, text);
    assert_eq!(reply.model, "claude-sonnet-4-6");
    assert_eq!(reply.stop_reason, StopReason::EndTurn);
    assert_eq!(reply.usage.output_tokens, 10, "the mock counts words");
    assert!(reply.usage.input_tokens > 0);
    assert_eq!(mock.requests_to(MESSAGES_PATH)[0].body["stream"], true);
}

#[tokio::test]
async fn rate_limit_is_retried_after_the_advised_delay() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::rate_limited(Duration::from_millis(300)));
    mock.push(Scripted::text("ok"));
    let assistant = anthropic(mock.base_url());

    let reply = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap();

    assert_eq!(reply.text, "ok");
    let attempts = mock.requests_to(MESSAGES_PATH);
    assert_eq!(attempts.len(), 2);
    let waited = attempts[1].received_at - attempts[0].received_at;
    assert!(
        waited >= Duration::from_millis(300),
        "waited only {waited:?}"
    );
}

#[tokio::test]
async fn overloaded_three_times_gives_up_after_three_attempts() {
    let mock = AnthropicMock::start().await.unwrap();
    for _ in 0..3 {
        mock.push(Scripted::overloaded());
    }
    mock.push(Scripted::text("never reached"));
    let assistant = anthropic(mock.base_url());

    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(matches!(err, AiError::Unavailable(_)), "{err:?}");
    assert_eq!(err.http_status(), 503);
    assert_eq!(mock.requests_to(MESSAGES_PATH).len(), 3);
}

#[tokio::test]
async fn server_error_is_not_retried_when_the_server_says_so() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::server_error().header("x-should-retry", "false"));
    let assistant = anthropic(mock.base_url());

    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(
        matches!(err, AiError::Upstream { status: 500, ref message } if message.contains("api_error")),
        "{err:?}"
    );
    assert_eq!(err.http_status(), 502);
    assert_eq!(mock.requests_to(MESSAGES_PATH).len(), 1);
}

#[tokio::test]
async fn slow_answers_time_out_after_every_attempt() {
    let mock = AnthropicMock::start().await.unwrap();
    for _ in 0..3 {
        mock.push(Scripted::default_reply().delayed(Duration::from_secs(2)));
    }
    let mut client = fast_client();
    client.request_timeout = Duration::from_millis(250);
    let assistant = anthropic_with(mock.base_url(), "claude-sonnet-4-6", &client);

    let started = Instant::now();
    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(matches!(err, AiError::Timeout), "{err:?}");
    assert_eq!(mock.requests_to(MESSAGES_PATH).len(), 3);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn malformed_json_is_an_invalid_response_and_not_retried() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::malformed_json());
    let assistant = anthropic(mock.base_url());

    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(matches!(err, AiError::InvalidResponse(_)), "{err:?}");
    assert_eq!(mock.requests_to(MESSAGES_PATH).len(), 1);
}

#[tokio::test]
async fn non_json_413_is_reported_without_retry() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::too_large());
    let assistant = anthropic(mock.base_url());

    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(
        matches!(err, AiError::Upstream { status: 413, ref message } if message.contains("413 Request Entity Too Large")),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the AI provider returned an error (HTTP 413)"
    );
    assert_eq!(mock.requests_to(MESSAGES_PATH).len(), 1);
}

#[tokio::test]
async fn mid_stream_error_ends_the_stream_after_the_partial_text() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::mid_stream_error("Partial ans"));
    let assistant = anthropic(mock.base_url());

    let stream = assistant
        .chat_stream(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap();
    let items = collect(stream).await;

    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(joined_deltas(&items), "Partial ans");
    assert!(
        matches!(items[1], Err(AiError::Unavailable(_))),
        "{items:?}"
    );
}

#[tokio::test]
async fn malformed_stream_event_is_an_invalid_response() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::malformed_json());
    let assistant = anthropic(mock.base_url());

    let stream = assistant
        .chat_stream(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap();
    let items = collect(stream).await;

    assert!(
        matches!(items.as_slice(), [Err(AiError::InvalidResponse(_))]),
        "{items:?}"
    );
}

#[tokio::test]
async fn truncated_reply_is_returned_but_flagged() {
    let mock = AnthropicMock::start().await.unwrap();
    mock.push(Scripted::reply("The answer is cut", StopReason::MaxTokens));
    let assistant = anthropic(mock.base_url());

    let reply = assistant
        .chat(&[ChatMessage::user("hi")], "", 4)
        .await
        .unwrap();

    assert_eq!(reply.stop_reason, StopReason::MaxTokens);
    assert!(!reply.is_complete());
}

#[tokio::test]
async fn retired_model_is_rejected_by_the_api_and_by_validation() {
    let mock = AnthropicMock::start().await.unwrap();
    let retired = anthropic_with(mock.base_url(), "claude-sonnet-4-20250514", &fast_client());

    let err = retired
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AiError::Upstream { status: 404, ref message } if message.contains("not_found_error")),
        "{err:?}"
    );
    assert_eq!(mock.requests_to(MESSAGES_PATH).len(), 1, "404 is final");

    assert!(matches!(
        retired.validate_model().await,
        Err(AiError::Upstream { status: 404, .. })
    ));
    anthropic(mock.base_url()).validate_model().await.unwrap();
    let check = &mock.requests_to("/v1/models/claude-sonnet-4-6")[0];
    assert_eq!(check.header("x-api-key"), Some(API_KEY));
}

#[tokio::test]
async fn unreachable_provider_is_unavailable_after_three_attempts() {
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let assistant = anthropic(&format!("http://127.0.0.1:{closed_port}"));

    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(matches!(err, AiError::Unavailable(_)), "{err:?}");
}

#[tokio::test]
async fn mock_validates_requests_like_the_real_api() {
    let mock = AnthropicMock::start().await.unwrap();
    let url = format!("{}/v1/messages", mock.base_url());
    let http = reqwest::Client::new();
    let valid = json!({
        "model": "claude-sonnet-4-6",
        "max_tokens": 10,
        "messages": [{ "role": "user", "content": "hi" }],
    });
    let send = |key: Option<&str>, version: Option<&str>, body: serde_json::Value| {
        let mut request = http.post(&url).json(&body);
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        if let Some(version) = version {
            request = request.header("anthropic-version", version);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            (
                status,
                body["error"]["type"].as_str().unwrap_or("").to_owned(),
            )
        }
    };
    let version = Some("2023-06-01");

    assert_eq!(
        send(None, version, valid.clone()).await,
        (401, "authentication_error".into())
    );
    assert_eq!(
        send(Some("k"), None, valid.clone()).await,
        (400, "invalid_request_error".into())
    );
    let mut empty = valid.clone();
    empty["messages"] = json!([]);
    assert_eq!(
        send(Some("k"), version, empty).await,
        (400, "invalid_request_error".into())
    );
    let mut retired = valid.clone();
    retired["model"] = json!("claude-sonnet-4-20250514");
    assert_eq!(
        send(Some("k"), version, retired).await,
        (404, "not_found_error".into())
    );
    let mut no_budget = valid.clone();
    no_budget["max_tokens"] = json!(0);
    assert_eq!(
        send(Some("k"), version, no_budget).await,
        (400, "invalid_request_error".into())
    );
    assert_eq!(send(Some("k"), version, valid).await.0, 200);
}
