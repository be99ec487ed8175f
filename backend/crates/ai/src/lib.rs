//! TALI's AI assistant: an [`Assistant`] trait with Anthropic and OpenAI-compatible
//! implementations, the scoring judges, and (feature `mock`) local servers that speak both
//! wire protocols for tests.

mod anthropic;
mod assistant;
mod error;
pub mod judge;
mod openai;
#[cfg(any(test, feature = "mock"))]
pub mod sample_drafts;
mod settings;
mod sse;
pub mod task_draft;
mod transport;
mod types;
pub mod understanding;

#[cfg(feature = "mock")]
pub mod mock;

use std::sync::Arc;

pub use anthropic::AnthropicAssistant;
pub use assistant::{Assistant, ReplyStream};
pub use error::AiError;
pub use openai::OpenAiCompatibleAssistant;
pub use settings::{
    AiSettings, AnthropicSettings, ClientSettings, DEFAULT_ANTHROPIC_BASE_URL,
    DEFAULT_ANTHROPIC_MODEL, OpenAiSettings, ProviderSettings, RetryPolicy,
};
pub use types::{ChatMessage, ChatReply, ChatRequest, Role, StopReason, StreamEvent, Usage};

/// Reply budget for the candidate chat (the seed spec's `ClaudeService.chat` default).
pub const DEFAULT_MAX_TOKENS: u32 = 4096;

/// The configured assistant, or `None` when no provider is configured: callers then answer
/// 503 "AI assistant is not configured" rather than substitute anything.
pub fn build_assistant(settings: &AiSettings) -> Result<Option<Arc<dyn Assistant>>, AiError> {
    let assistant: Arc<dyn Assistant> = match &settings.provider {
        None => return Ok(None),
        Some(ProviderSettings::Anthropic(provider)) => {
            Arc::new(AnthropicAssistant::new(provider.clone(), &settings.client)?)
        }
        Some(ProviderSettings::OpenAiCompatible(provider)) => Arc::new(
            OpenAiCompatibleAssistant::new(provider.clone(), &settings.client)?,
        ),
    };
    Ok(Some(assistant))
}

/// Candidate chat with the spec's defaults (`max_tokens` 4096, provider temperature).
pub async fn chat(
    assistant: &dyn Assistant,
    messages: &[ChatMessage],
    system: &str,
) -> Result<ChatReply, AiError> {
    assistant.chat(messages, system, DEFAULT_MAX_TOKENS).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_provider_builds_no_assistant() {
        assert!(build_assistant(&AiSettings::default()).unwrap().is_none());
    }

    #[test]
    fn configured_provider_builds_an_assistant() {
        let settings = AiSettings {
            provider: Some(ProviderSettings::Anthropic(AnthropicSettings::new("k"))),
            client: ClientSettings::default(),
        };
        assert!(build_assistant(&settings).unwrap().is_some());
    }
}
