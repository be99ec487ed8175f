//! Every setting, read from the environment once at start and validated, so a misconfiguration stops the
//! process with a message naming the variable instead of failing on the first request that needs it.
//!
//! Each subsystem's settings are built here (in the subsystem crate's own type where it has one) and handed down
//! as they are. Secrets are `SecretString`s, so `{:?}` of the settings is safe to log.

mod ai;
mod database;
mod email;
mod env;
#[cfg(test)]
mod env_example_tests;
mod integrations;
mod jobs;
mod sandbox;
mod server;
mod session;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use database::{ConnectionUrl, DatabaseSettings, RedisSettings, redact_url};
pub use env::Env;
pub use integrations::{
    IntegrationSettings, SentrySettings, StripeSettings, WorkableOAuth, WorkableSettings,
};
pub use jobs::{JobSettings, JobStore};
pub use server::{Environment, LogFormat, MIN_SECRET_BYTES, ServerSettings};
pub use session::SessionSettings;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
    #[error("could not prepare {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn invalid(name: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        message: message.into(),
    }
}

/// `name` is missing although `because_of`, which needs it, is set.
fn required(name: &'static str, because_of: &str) -> ConfigError {
    invalid(name, format!("is required when {because_of} is set"))
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub redis: Option<RedisSettings>,
    /// `None` provider when none is configured: the candidate chat then answers 503.
    pub ai: tali_ai::AiSettings,
    pub sandbox: tali_sandbox::SandboxSettings,
    /// No Resend key and no SMTP URL: mail stays in the outbox.
    pub email: tali_mail::MailSettings,
    pub jobs: JobSettings,
    pub integrations: IntegrationSettings,
    pub session: SessionSettings,
}

impl Settings {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        // Only a source of defaults: the database, the development secret and the sandbox directories live there.
        let data_dir = PathBuf::from(env.get("TALI_DATA_DIR").unwrap_or_else(|| "data".into()));
        let server = server::settings(env, &data_dir)?;
        let database = database::settings(env, &data_dir)?;
        let redis = database::redis_settings(env)?;
        let jobs = jobs::settings(env, redis.as_ref(), &database.url)?;
        Ok(Self {
            ai: ai::settings(env)?,
            sandbox: sandbox::settings(env, &data_dir)?,
            email: email::settings(env)?,
            integrations: integrations::settings(env, server.environment)?,
            session: session::settings(env)?,
            server,
            database,
            redis,
            jobs,
        })
    }

    pub fn is_production(&self) -> bool {
        self.server.environment == Environment::Production
    }

    pub fn candidate_link(&self, token: &str) -> String {
        format!("{}/#/assess/{token}", self.server.public_url)
    }

    /// The link of a team invitation's email, opening the web app's accept page.
    pub fn invitation_link(&self, token: &str) -> String {
        format!(
            "{}/#/accept-invitation?token={token}",
            self.server.frontend_url
        )
    }

    pub fn reset_link(&self, token: &str) -> String {
        format!(
            "{}/#/reset-password?token={token}",
            self.server.frontend_url
        )
    }
}
