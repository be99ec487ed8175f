//! Provider-neutral chat types shared by every assistant implementation.

use serde::{Deserialize, Serialize};

/// Who wrote a message in a conversation. The system prompt travels separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: Role,
    pub content: String,
}

impl ChatMessage {
    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// Token counts as reported by the provider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// Why the model stopped writing, normalised across providers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// The model finished its answer.
    EndTurn,
    /// A caller-supplied stop sequence was produced.
    StopSequence,
    /// The answer was cut off by `max_tokens`.
    MaxTokens,
    /// The model declined to answer (Anthropic `refusal`, OpenAI `content_filter`).
    Refusal,
    /// Anything else the provider reported, kept verbatim for the logs.
    Other(String),
}

impl StopReason {
    pub(crate) fn from_anthropic(raw: &str) -> Self {
        match raw {
            "end_turn" => Self::EndTurn,
            "stop_sequence" => Self::StopSequence,
            "max_tokens" => Self::MaxTokens,
            "refusal" => Self::Refusal,
            other => Self::Other(other.to_owned()),
        }
    }

    pub(crate) fn from_openai(raw: &str) -> Self {
        match raw {
            "stop" => Self::EndTurn,
            "length" => Self::MaxTokens,
            "content_filter" => Self::Refusal,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::EndTurn => "end_turn",
            Self::StopSequence => "stop_sequence",
            Self::MaxTokens => "max_tokens",
            Self::Refusal => "refusal",
            Self::Other(raw) => raw,
        }
    }
}

/// A complete answer from the model.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatReply {
    pub text: String,
    pub usage: Usage,
    /// The model that actually answered, as reported by the provider.
    pub model: String,
    pub stop_reason: StopReason,
}

impl ChatReply {
    /// False when the answer was truncated or refused. The chat still shows such a reply (flagged);
    /// judges treat it as a failure because a cut-off JSON document cannot be trusted.
    pub fn is_complete(&self) -> bool {
        matches!(
            self.stop_reason,
            StopReason::EndTurn | StopReason::StopSequence
        )
    }
}

/// One item of a streamed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// The next piece of text.
    Delta(String),
    /// The stream finished; carries the whole text, usage and stop reason.
    Done(ChatReply),
}

/// Everything a provider needs for one completion.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequest<'a> {
    pub messages: &'a [ChatMessage],
    pub system: &'a str,
    pub max_tokens: u32,
    /// `None` keeps the provider's default; judges use `Some(0.0)` for repeatable scores.
    pub temperature: Option<f32>,
}
