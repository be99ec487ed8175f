//! The provider-neutral assistant interface.

use async_trait::async_trait;
use futures_util::stream::BoxStream;

use crate::error::AiError;
use crate::types::{ChatMessage, ChatReply, ChatRequest, StreamEvent};

/// A stream of deltas ending with [`StreamEvent::Done`] or an error.
pub type ReplyStream = BoxStream<'static, Result<StreamEvent, AiError>>;

#[async_trait]
pub trait Assistant: Send + Sync {
    /// One completion with full control over sampling.
    async fn complete(&self, request: ChatRequest<'_>) -> Result<ChatReply, AiError>;

    /// Like [`Assistant::complete`], streamed. Transient failures before the first byte are
    /// retried; once streaming has started an error ends the stream.
    async fn complete_stream(&self, request: ChatRequest<'_>) -> Result<ReplyStream, AiError>;

    /// Checks that the configured model exists, so a retired or misspelt id fails at startup
    /// instead of on a candidate's first question.
    async fn validate_model(&self) -> Result<(), AiError>;

    async fn chat(
        &self,
        messages: &[ChatMessage],
        system: &str,
        max_tokens: u32,
    ) -> Result<ChatReply, AiError> {
        self.complete(ChatRequest {
            messages,
            system,
            max_tokens,
            temperature: None,
        })
        .await
    }

    async fn chat_stream(
        &self,
        messages: &[ChatMessage],
        system: &str,
        max_tokens: u32,
    ) -> Result<ReplyStream, AiError> {
        self.complete_stream(ChatRequest {
            messages,
            system,
            max_tokens,
            temperature: None,
        })
        .await
    }
}
