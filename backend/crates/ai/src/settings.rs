//! Configuration for the assistant: which provider, where, and how patient to be.

use std::time::Duration;

use secrecy::SecretString;

/// Current default Anthropic model. `claude-sonnet-4-20250514` (the seed spec's id) was retired on
/// 2026-06-15, which is why the model is configuration rather than a constant in the client.
pub const DEFAULT_ANTHROPIC_MODEL: &str = "claude-sonnet-4-6";
pub const DEFAULT_ANTHROPIC_BASE_URL: &str = "https://api.anthropic.com";

/// Built once by the app from its environment; this crate reads no environment variables itself.
#[derive(Debug, Clone, Default)]
pub struct AiSettings {
    /// `None` means no assistant: the app answers 503 "AI assistant is not configured".
    pub provider: Option<ProviderSettings>,
    pub client: ClientSettings,
}

#[derive(Debug, Clone)]
pub enum ProviderSettings {
    Anthropic(AnthropicSettings),
    OpenAiCompatible(OpenAiSettings),
}

impl ProviderSettings {
    /// The provider's name, as metrics label it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Anthropic(_) => "anthropic",
            Self::OpenAiCompatible(_) => "openai_compatible",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AnthropicSettings {
    pub api_key: SecretString,
    /// Without the `/v1` suffix, e.g. `https://api.anthropic.com`.
    pub base_url: String,
    pub model: String,
}

impl AnthropicSettings {
    pub fn new(api_key: impl Into<String>) -> Self {
        Self {
            api_key: SecretString::from(api_key.into()),
            base_url: DEFAULT_ANTHROPIC_BASE_URL.to_owned(),
            model: DEFAULT_ANTHROPIC_MODEL.to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    /// Including the version segment, e.g. `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    /// Local servers (Ollama, vLLM) often need no key.
    pub api_key: Option<SecretString>,
    pub model: String,
}

/// HTTP behaviour shared by both providers.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub connect_timeout: Duration,
    /// Whole request including a streamed body; long enough for a 4096-token answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(120),
            retry: RetryPolicy::default(),
        }
    }
}

/// Retry schedule, following the Anthropic SDK: 3 attempts, `initial_delay * 2^n` capped at
/// `max_delay`, scaled by a random factor in [0.75, 1]; a server-advised delay wins when it is
/// positive and at most `max_advised_delay`.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub initial_delay: Duration,
    pub max_delay: Duration,
    pub max_advised_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_advised_delay: Duration::from_secs(60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_reach_debug_output() {
        let anthropic = AnthropicSettings::new("sk-ant-x");
        assert_eq!(anthropic.model, "claude-sonnet-4-6");
        assert_eq!(anthropic.base_url, "https://api.anthropic.com");
        let openai = OpenAiSettings {
            base_url: "http://127.0.0.1:11434/v1".into(),
            api_key: Some("sk-openai-x".into()),
            model: "llama3.1".into(),
        };
        let printed = format!("{anthropic:?} {openai:?}");
        assert!(!printed.contains("sk-ant-x") && !printed.contains("sk-openai-x"));
        assert!(printed.contains("[REDACTED]"), "{printed}");
    }
}
