use std::time::Duration;

use crate::common::{collect, joined_deltas, openai};
use serde_json::json;
use tali_ai::mock::{OpenAiMock, Scripted};
use tali_ai::{AiError, Assistant, ChatMessage, StopReason, StreamEvent};

const COMPLETIONS_PATH: &str = "/v1/chat/completions";

#[tokio::test]
async fn chat_sends_system_first_with_bearer_key() {
    let mock = OpenAiMock::start().await.unwrap();
    mock.push(Scripted::text("Check the loop bounds."));
    let assistant = openai(mock.base_url(), Some("sk-local"));

    let reply = assistant
        .chat(&[ChatMessage::user("Why?")], "Be brief.", 200)
        .await
        .unwrap();

    assert_eq!(reply.text, "Check the loop bounds.");
    assert_eq!(reply.model, "gpt-4o-mini");
    assert_eq!(reply.stop_reason, StopReason::EndTurn);
    assert_eq!(reply.usage.output_tokens, 4, "the mock counts words");
    assert!(reply.usage.input_tokens > 0);

    let request = &mock.requests_to(COMPLETIONS_PATH)[0];
    assert_eq!(request.header("authorization"), Some("Bearer sk-local"));
    assert_eq!(
        request.body,
        json!({
            "model": "gpt-4o-mini",
            "max_tokens": 200,
            "messages": [
                { "role": "system", "content": "Be brief." },
                { "role": "user", "content": "Why?" },
            ],
        })
    );
}

#[tokio::test]
async fn keyless_server_gets_no_authorization_header() {
    let mock = OpenAiMock::start().await.unwrap();
    let assistant = openai(mock.base_url(), None);

    let reply = assistant
        .chat(&[ChatMessage::user("Fix my sort")], "", 100)
        .await
        .unwrap();

    assert!(reply.text.contains("Fix my sort"));
    assert!(reply.text.contains("```python\n"));
    assert_eq!(
        mock.requests_to(COMPLETIONS_PATH)[0].header("authorization"),
        None
    );
}

#[tokio::test]
async fn streaming_assembles_deltas_and_reads_the_usage_chunk() {
    let mock = OpenAiMock::start().await.unwrap();
    let text = "Sort first, then compare neighbours to drop duplicates quickly.";
    mock.push(Scripted::reply(text, StopReason::MaxTokens));
    let assistant = openai(mock.base_url(), None);

    let stream = assistant
        .chat_stream(&[ChatMessage::user("help")], "sys", 100)
        .await
        .unwrap();
    let items = collect(stream).await;

    assert_eq!(joined_deltas(&items), text);
    let Some(Ok(StreamEvent::Done(reply))) = items.last() else {
        panic!("stream must end with Done: {items:?}");
    };
    assert_eq!(reply.text, text);
    assert_eq!(reply.stop_reason, StopReason::MaxTokens);
    assert_eq!(reply.usage.output_tokens, 9, "the mock counts words");
    assert!(reply.usage.input_tokens > 0);
    let body = &mock.requests_to(COMPLETIONS_PATH)[0].body;
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"], json!({ "include_usage": true }));
}

#[tokio::test]
async fn rate_limit_then_success_uses_the_shared_retry_policy() {
    let mock = OpenAiMock::start().await.unwrap();
    mock.push(Scripted::rate_limited(Duration::from_millis(100)));
    mock.push(Scripted::server_error());
    mock.push(Scripted::text("recovered"));
    let assistant = openai(mock.base_url(), None);

    let reply = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap();

    assert_eq!(reply.text, "recovered");
    assert_eq!(mock.requests_to(COMPLETIONS_PATH).len(), 3);
}

#[tokio::test]
async fn persistent_rate_limit_surfaces_as_rate_limited() {
    let mock = OpenAiMock::start().await.unwrap();
    for _ in 0..3 {
        mock.push(Scripted::rate_limited(Duration::from_millis(10)));
    }
    let assistant = openai(mock.base_url(), None);

    let err = assistant
        .chat(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap_err();

    assert!(
        matches!(err, AiError::RateLimited { retry_after: Some(d) } if d == Duration::from_millis(10)),
        "{err:?}"
    );
    assert_eq!(err.http_status(), 429);
}

#[tokio::test]
async fn mid_stream_error_ends_the_stream() {
    let mock = OpenAiMock::start().await.unwrap();
    mock.push(Scripted::mid_stream_error("Half an"));
    let assistant = openai(mock.base_url(), None);

    let stream = assistant
        .chat_stream(&[ChatMessage::user("hi")], "", 10)
        .await
        .unwrap();
    let items = collect(stream).await;

    assert_eq!(joined_deltas(&items), "Half an");
    assert!(
        matches!(items.last(), Some(Err(AiError::Upstream { .. }))),
        "{items:?}"
    );
}

#[tokio::test]
async fn model_validation_reads_the_model_list() {
    let mock = OpenAiMock::start().await.unwrap();
    openai(mock.base_url(), None)
        .validate_model()
        .await
        .unwrap();

    let settings = tali_ai::OpenAiSettings {
        base_url: mock.base_url().to_owned(),
        api_key: None,
        model: "no-such-model".to_owned(),
    };
    let unknown =
        tali_ai::OpenAiCompatibleAssistant::new(settings, &crate::common::fast_client()).unwrap();
    assert!(matches!(
        unknown.validate_model().await,
        Err(AiError::Upstream { status: 404, .. })
    ));
}
