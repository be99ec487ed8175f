use std::fmt;

use async_trait::async_trait;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

use crate::MailError;

/// One message to one recipient, with both an HTML and a plain-text body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub html: String,
    pub text: String,
    /// Sent as Resend's `Idempotency-Key` (1 to 256 characters, kept 24 hours), so a retried job cannot send the
    /// same message twice. Convention: `<event>/<entity-id>`, e.g. `assessment-invite/42`.
    pub idempotency_key: Option<String>,
    pub tags: Vec<Tag>,
}

impl Email {
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The value of the `kind` tag the templates set (`invitation`, `results`, `password-reset`), for an outbox's
    /// `kind` column.
    pub fn kind(&self) -> Option<&str> {
        self.tags
            .iter()
            .find(|tag| tag.name == Tag::KIND)
            .map(|tag| tag.value.as_str())
    }
}

/// What the provider said about an accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    /// The provider's id for the message (Resend's `id`); SMTP relays give none worth keeping.
    pub provider_id: Option<String>,
}

/// Somewhere an [`Email`] can be handed over: Resend, an SMTP relay, or the app's database outbox.
#[async_trait]
pub trait Transport: Send + Sync {
    /// Delivers the email or explains why not. `Ok` means the provider accepted it, not that it reached the inbox.
    async fn send(&self, email: &Email) -> Result<SendReceipt, MailError>;

    /// Short label recorded next to each sent message (`resend`, `smtp`, `outbox`).
    fn name(&self) -> &'static str;
}

/// A Resend tag: name and value are 1 to 256 ASCII letters, digits, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedTag")]
pub struct Tag {
    name: String,
    value: String,
}

impl Tag {
    pub(crate) const KIND: &'static str = "kind";

    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Result<Self, InvalidTag> {
        let (name, value) = (name.into(), value.into());
        for part in [&name, &value] {
            if !is_tag_text(part) {
                return Err(InvalidTag(part.clone()));
            }
        }
        Ok(Self { name, value })
    }

    /// The `kind` tag of the built-in templates, whose constant values a template test checks.
    pub(crate) fn kind(value: &'static str) -> Self {
        Self {
            name: Self::KIND.to_owned(),
            value: value.to_owned(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn value(&self) -> &str {
        &self.value
    }
}

pub(crate) fn is_tag_text(text: &str) -> bool {
    (1..=256).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[derive(Deserialize)]
struct UncheckedTag {
    name: String,
    value: String,
}

impl TryFrom<UncheckedTag> for Tag {
    type Error = InvalidTag;

    fn try_from(tag: UncheckedTag) -> Result<Self, InvalidTag> {
        Self::new(tag.name, tag.value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid email tag {0:?}: use 1 to 256 ASCII letters, digits, '_' or '-'")]
pub struct InvalidTag(String);

/// Parses the configured sender (`"TALI <no-reply@example.com>"` or a bare address) once, at startup.
pub(crate) fn parse_sender(from: &str) -> Result<Mailbox, MailError> {
    from.trim()
        .parse()
        .map_err(|err| MailError::Config(format!("sender address {from:?} is invalid: {err}")))
}

/// Wraps an address for log lines without printing it in full: recipients are personal data.
pub(crate) struct RedactedAddress<'a>(pub &'a str);

impl fmt::Display for RedactedAddress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.rsplit_once('@') {
            Some((_, domain)) => write!(f, "***@{domain}"),
            None => f.write_str("***"),
        }
    }
}
