//! The candidate's AI assistant: the AI crate's own settings, filled from the environment.
//!
//! A provider is either fully configured or not at all: a model, base URL or key without what it needs stops
//! start-up, instead of the assistant silently staying off.

use tali_ai::{
    AiSettings, AnthropicSettings, ClientSettings, DEFAULT_ANTHROPIC_BASE_URL,
    DEFAULT_ANTHROPIC_MODEL, OpenAiSettings, ProviderSettings, RetryPolicy,
};

use super::env::Env;
use super::{ConfigError, required};

pub(super) fn settings(env: &Env) -> Result<AiSettings, ConfigError> {
    let anthropic = anthropic(env)?;
    let openai = openai_compatible(env)?;
    // With both configured Anthropic is used, as it always has been.
    let provider = match (anthropic, openai) {
        (Some(anthropic), _) => Some(ProviderSettings::Anthropic(anthropic)),
        (None, Some(openai)) => Some(ProviderSettings::OpenAiCompatible(openai)),
        (None, None) => None,
    };
    Ok(AiSettings {
        provider,
        client: client_settings(env)?,
    })
}

fn anthropic(env: &Env) -> Result<Option<AnthropicSettings>, ConfigError> {
    let base_url = env.http_url("ANTHROPIC_BASE_URL")?;
    let model = env.get("ANTHROPIC_MODEL");
    let Some(api_key) = env.secret("ANTHROPIC_API_KEY") else {
        return match env.first_set(&["ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL"]) {
            Some(other) => Err(required("ANTHROPIC_API_KEY", other)),
            None => Ok(None),
        };
    };
    Ok(Some(AnthropicSettings {
        api_key,
        base_url: base_url.unwrap_or_else(|| DEFAULT_ANTHROPIC_BASE_URL.to_owned()),
        model: model.unwrap_or_else(|| DEFAULT_ANTHROPIC_MODEL.to_owned()),
    }))
}

/// Any server speaking OpenAI's chat completions; local ones (Ollama, vLLM) often need no key.
fn openai_compatible(env: &Env) -> Result<Option<OpenAiSettings>, ConfigError> {
    let base_url = env.http_url("OPENAI_BASE_URL")?;
    let model = env.get("OPENAI_MODEL");
    let api_key = env.secret("OPENAI_API_KEY");
    match (base_url, model) {
        (Some(base_url), Some(model)) => Ok(Some(OpenAiSettings {
            base_url,
            api_key,
            model,
        })),
        (Some(_), None) => Err(required("OPENAI_MODEL", "OPENAI_BASE_URL")),
        (None, _) => match env.first_set(&["OPENAI_MODEL", "OPENAI_API_KEY"]) {
            Some(other) => Err(required("OPENAI_BASE_URL", other)),
            None => Ok(None),
        },
    }
}

/// Timeouts and retries of the provider's HTTP client; the crate's defaults unless set.
fn client_settings(env: &Env) -> Result<ClientSettings, ConfigError> {
    let defaults = ClientSettings::default();
    Ok(ClientSettings {
        connect_timeout: env.seconds("AI_CONNECT_TIMEOUT_SECONDS", defaults.connect_timeout, 60)?,
        request_timeout: env.seconds(
            "AI_REQUEST_TIMEOUT_SECONDS",
            defaults.request_timeout,
            600,
        )?,
        retry: RetryPolicy {
            max_attempts: env.bounded(
                "AI_MAX_ATTEMPTS",
                u64::from(defaults.retry.max_attempts),
                10,
            )? as u32,
            ..defaults.retry
        },
    })
}
