//! Configuration for the assistant: which provider, where, and how patient to be.

use std::fmt;
use std::time::Duration;

/// Current default Anthropic model. `claude-sonnet-4-20250514` (the seed spec's id) was retired on
/// 2026-06-15, which is why the model is configuration rather than a constant in the client.
pub const DEFAULT_ANTHROPIC_MODEL: &str = "claude-sonnet-4-6";
pub const DEFAULT_ANTHROPIC_BASE_URL: &str = "https://api.anthropic.com";

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

#[derive(Clone)]
pub struct AnthropicSettings {
    pub api_key: String,
    /// Without the `/v1` suffix, e.g. `https://api.anthropic.com`.
    pub base_url: String,
    pub model: String,
}

impl AnthropicSettings {
    pub fn new(api_key: impl Into<String>) -> Self {
        Self {
            api_key: api_key.into(),
            base_url: DEFAULT_ANTHROPIC_BASE_URL.to_owned(),
            model: DEFAULT_ANTHROPIC_MODEL.to_owned(),
        }
    }
}

#[derive(Clone)]
pub struct OpenAiSettings {
    /// Including the version segment, e.g. `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    /// Local servers (Ollama, vLLM) often need no key.
    pub api_key: Option<String>,
    pub model: String,
}

// Hand-written so that keys never reach a log line through `{:?}`.
impl fmt::Debug for AnthropicSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnthropicSettings")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .finish()
    }
}

impl fmt::Debug for OpenAiSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenAiSettings")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .finish()
    }
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

#[derive(Debug, thiserror::Error)]
#[error("invalid AI configuration: {0}")]
pub struct ConfigError(String);

impl AiSettings {
    /// Reads `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `ANTHROPIC_MODEL`, or (when no Anthropic key
    /// is set) `OPENAI_BASE_URL`, `OPENAI_API_KEY`, `OPENAI_MODEL`; plus `AI_CONNECT_TIMEOUT_SECS`
    /// and `AI_REQUEST_TIMEOUT_SECS`. Nothing set means no provider.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Same as [`AiSettings::from_env`] with an injectable variable source. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let provider = if let Some(api_key) = var("ANTHROPIC_API_KEY") {
            Some(ProviderSettings::Anthropic(AnthropicSettings {
                api_key,
                base_url: var("ANTHROPIC_BASE_URL")
                    .unwrap_or_else(|| DEFAULT_ANTHROPIC_BASE_URL.to_owned()),
                model: var("ANTHROPIC_MODEL").unwrap_or_else(|| DEFAULT_ANTHROPIC_MODEL.to_owned()),
            }))
        } else if let Some(base_url) = var("OPENAI_BASE_URL") {
            let model = var("OPENAI_MODEL").ok_or_else(|| {
                ConfigError("OPENAI_MODEL is required when OPENAI_BASE_URL is set".to_owned())
            })?;
            Some(ProviderSettings::OpenAiCompatible(OpenAiSettings {
                base_url,
                api_key: var("OPENAI_API_KEY"),
                model,
            }))
        } else {
            None
        };

        let mut client = ClientSettings::default();
        if let Some(raw) = var("AI_CONNECT_TIMEOUT_SECS") {
            client.connect_timeout = parse_seconds("AI_CONNECT_TIMEOUT_SECS", &raw)?;
        }
        if let Some(raw) = var("AI_REQUEST_TIMEOUT_SECS") {
            client.request_timeout = parse_seconds("AI_REQUEST_TIMEOUT_SECS", &raw)?;
        }
        Ok(Self { provider, client })
    }
}

fn parse_seconds(name: &str, raw: &str) -> Result<Duration, ConfigError> {
    match raw.trim().parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Duration::from_secs(seconds)),
        _ => Err(ConfigError(format!(
            "{name} must be a positive whole number of seconds, got {raw:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<AiSettings, ConfigError> {
        AiSettings::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn nothing_set_means_no_provider() {
        let settings = settings(&[("ANTHROPIC_API_KEY", "  ")]).unwrap();
        assert!(settings.provider.is_none());
    }

    #[test]
    fn anthropic_key_uses_the_current_default_model() {
        let settings = settings(&[("ANTHROPIC_API_KEY", "sk-ant-x")]).unwrap();
        let Some(ProviderSettings::Anthropic(anthropic)) = settings.provider else {
            panic!("expected Anthropic");
        };
        assert_eq!(anthropic.model, "claude-sonnet-4-6");
        assert_eq!(anthropic.base_url, "https://api.anthropic.com");
        assert!(
            !format!("{anthropic:?}").contains("sk-ant-x"),
            "key is redacted"
        );
    }

    #[test]
    fn openai_compatible_needs_a_model() {
        assert!(settings(&[("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")]).is_err());
        let settings = settings(&[
            ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"),
            ("OPENAI_MODEL", "llama3.1"),
            ("AI_REQUEST_TIMEOUT_SECS", "30"),
        ])
        .unwrap();
        assert!(matches!(
            settings.provider,
            Some(ProviderSettings::OpenAiCompatible(OpenAiSettings {
                api_key: None,
                ..
            }))
        ));
        assert_eq!(settings.client.request_timeout, Duration::from_secs(30));
    }

    #[test]
    fn bad_timeout_is_a_clear_error() {
        let err = settings(&[("AI_CONNECT_TIMEOUT_SECS", "soon")]).unwrap_err();
        assert!(err.to_string().contains("AI_CONNECT_TIMEOUT_SECS"));
    }
}
