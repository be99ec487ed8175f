//! Outgoing email: the mail crate's own settings, filled from the environment.

use secrecy::ExposeSecret;
use tali_mail::{DEFAULT_RESEND_API_URL, MailSettings};

use super::env::Env;
use super::{ConfigError, invalid};

const DEFAULT_EMAIL_FROM: &str = "TALI <no-reply@tali.local>";

pub(super) fn settings(env: &Env) -> Result<MailSettings, ConfigError> {
    let smtp_url = env.secret("SMTP_URL");
    if let Some(url) = &smtp_url {
        check_smtp_url(url.expose_secret())?;
    }
    let settings = MailSettings {
        resend_api_key: env.secret("RESEND_API_KEY"),
        resend_api_url: env
            .http_url("RESEND_API_URL")?
            .unwrap_or_else(|| DEFAULT_RESEND_API_URL.to_owned()),
        smtp_url,
        from: env
            .get("EMAIL_FROM")
            .unwrap_or_else(|| DEFAULT_EMAIL_FROM.to_owned()),
    };
    settings
        .check_sender()
        .map_err(|err| invalid("EMAIL_FROM", err.to_string()))?;
    Ok(settings)
}

/// The scheme only: the mail crate applies lettre's full rules (`tls=`, ports) when it builds the transport.
fn check_smtp_url(url: &str) -> Result<(), ConfigError> {
    // The URL may hold a password, so it stays out of the message.
    let parsed =
        url::Url::parse(url).map_err(|e| invalid("SMTP_URL", format!("is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(invalid("SMTP_URL", "must be an smtp:// or smtps:// URL"));
    }
    Ok(())
}
