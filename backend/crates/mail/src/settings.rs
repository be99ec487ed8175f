use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use crate::email::parse_sender;
use crate::{MailError, ResendTransport, SmtpTransport, Transport};

/// Resend's production API, used when `RESEND_API_URL` is not set.
pub const DEFAULT_RESEND_API_URL: &str = "https://api.resend.com";

/// Mail configuration as read from the environment (`RESEND_API_KEY`, `RESEND_API_URL`, `SMTP_URL`, `EMAIL_FROM`).
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub resend_api_key: Option<SecretString>,
    pub resend_api_url: String,
    /// Secret because `user:pass@` in the URL logs in.
    pub smtp_url: Option<SecretString>,
    /// Sender, e.g. `"TALI <no-reply@mail.example.com>"`; for Resend the domain must be verified there.
    pub from: String,
}

impl MailSettings {
    /// Checks `from` without building a transport, so a bad sender stops the app at start even while mail only
    /// goes to the outbox.
    pub fn check_sender(&self) -> Result<(), MailError> {
        parse_sender(&self.from).map(drop)
    }
}

/// Picks the transport the settings ask for: Resend when an API key is set, else SMTP when a URL is set, else
/// `None` and the app keeps messages in its database outbox. Blank values count as unset, as an empty environment
/// variable usually means "off". Call it inside the Tokio runtime (the SMTP pool runs as a task).
pub fn build_transport(settings: &MailSettings) -> Result<Option<Arc<dyn Transport>>, MailError> {
    if let Some(api_key) = set(&settings.resend_api_key) {
        let base_url = Some(settings.resend_api_url.clone())
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_RESEND_API_URL.to_owned());
        let transport = ResendTransport::new(api_key, &base_url, &settings.from)?;
        return Ok(Some(Arc::new(transport)));
    }
    if let Some(smtp_url) = set(&settings.smtp_url) {
        return Ok(Some(Arc::new(SmtpTransport::from_url(
            smtp_url,
            &settings.from,
        )?)));
    }
    Ok(None)
}

fn set(value: &Option<SecretString>) -> Option<&str> {
    value
        .as_ref()
        .map(|secret| secret.expose_secret().trim())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            resend_api_key: None,
            resend_api_url: DEFAULT_RESEND_API_URL.into(),
            smtp_url: None,
            from: "TALI <no-reply@example.com>".into(),
        }
    }

    fn chosen(settings: &MailSettings) -> Option<&'static str> {
        build_transport(settings).unwrap().map(|t| t.name())
    }

    #[test]
    fn no_provider_means_outbox() {
        assert_eq!(chosen(&settings()), None);
        let blank = MailSettings {
            resend_api_key: Some("  ".into()),
            smtp_url: Some("".into()),
            ..settings()
        };
        assert_eq!(chosen(&blank), None);
    }

    #[tokio::test]
    async fn resend_wins_over_smtp() {
        let both = MailSettings {
            resend_api_key: Some("re_123".into()),
            smtp_url: Some("smtp://localhost:2525".into()),
            ..settings()
        };
        assert_eq!(chosen(&both), Some("resend"));
        let smtp_only = MailSettings {
            resend_api_key: None,
            ..both
        };
        assert_eq!(chosen(&smtp_only), Some("smtp"));
    }

    #[tokio::test]
    async fn bad_values_are_config_errors() {
        let bad_from = MailSettings {
            resend_api_key: Some("re_123".into()),
            from: "not an address".into(),
            ..settings()
        };
        assert!(matches!(
            build_transport(&bad_from),
            Err(MailError::Config(_))
        ));
        assert!(matches!(bad_from.check_sender(), Err(MailError::Config(_))));
        assert!(settings().check_sender().is_ok());
        let bad_smtp = MailSettings {
            smtp_url: Some("smtp://user:secret@host?tls=sometimes".into()),
            ..settings()
        };
        let error = build_transport(&bad_smtp).err().unwrap();
        assert!(matches!(error, MailError::Config(_)));
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn smtp_outside_a_runtime_is_an_error_not_a_panic() {
        let smtp = MailSettings {
            smtp_url: Some("smtp://localhost:2525".into()),
            ..settings()
        };
        assert!(matches!(build_transport(&smtp), Err(MailError::Config(_))));
    }
}
