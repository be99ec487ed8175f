//! Helpers shared by the integration tests: clients pointed at the mocks with short delays.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use futures_util::StreamExt;
use tali_ai::{
    AiError, AnthropicAssistant, AnthropicSettings, ClientSettings, OpenAiCompatibleAssistant,
    OpenAiSettings, ReplyStream, RetryPolicy, StreamEvent,
};

pub const API_KEY: &str = "sk-ant-test-key";

/// Real policy shape with millisecond delays so retry tests stay fast.
pub fn fast_client() -> ClientSettings {
    ClientSettings {
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(80),
            max_advised_delay: Duration::from_secs(60),
        },
    }
}

pub fn anthropic(base_url: &str) -> AnthropicAssistant {
    anthropic_with(base_url, "claude-sonnet-4-6", &fast_client())
}

pub fn anthropic_with(base_url: &str, model: &str, client: &ClientSettings) -> AnthropicAssistant {
    let settings = AnthropicSettings {
        api_key: API_KEY.into(),
        base_url: base_url.to_owned(),
        model: model.to_owned(),
    };
    AnthropicAssistant::new(settings, client).expect("client builds")
}

pub fn openai(base_url: &str, api_key: Option<&str>) -> OpenAiCompatibleAssistant {
    let settings = OpenAiSettings {
        base_url: base_url.to_owned(),
        api_key: api_key.map(Into::into),
        model: "gpt-4o-mini".to_owned(),
    };
    OpenAiCompatibleAssistant::new(settings, &fast_client()).expect("client builds")
}

/// Drains a reply stream into its items, errors included.
pub async fn collect(stream: ReplyStream) -> Vec<Result<StreamEvent, AiError>> {
    stream.collect().await
}

/// The concatenated deltas of collected stream items.
pub fn joined_deltas(items: &[Result<StreamEvent, AiError>]) -> String {
    items
        .iter()
        .filter_map(|item| match item {
            Ok(StreamEvent::Delta(text)) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}
