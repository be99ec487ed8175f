//! Delivery through an SMTP relay given as `SMTP_URL`, with lettre's URL rules: `smtp://host:25` is plain text,
//! `smtp://host?tls=required` (port 587 by default) insists on STARTTLS, `smtp://host?tls=opportunistic` upgrades
//! when offered, `smtps://host` (port 465) is TLS from the first byte. `user:pass@` in the URL logs in.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::email::{RedactedAddress, parse_sender};
use crate::{Email, MailError, SendReceipt, Transport};

const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends through an SMTP relay over a small connection pool. Tags and idempotency keys have no SMTP equivalent
/// and are not sent.
#[derive(Clone)]
pub struct SmtpTransport {
    relay: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpTransport {
    /// Builds the transport; nothing is contacted until the first send. Must run inside a Tokio runtime, where
    /// lettre starts the task that keeps the connection pool.
    pub fn from_url(smtp_url: &str, from: &str) -> Result<Self, MailError> {
        // lettre would panic outside a runtime; say so instead.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(MailError::Config(
                "the SMTP transport must be created inside a Tokio runtime".into(),
            ));
        }
        let relay = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.trim())
            // The URL may hold a password, so it stays out of the message.
            .map_err(|err| MailError::Config(format!("SMTP_URL is invalid: {err}")))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self {
            relay,
            from: parse_sender(from)?,
        })
    }

    fn message(&self, email: &Email) -> Result<Message, MailError> {
        let to: Mailbox = email.to.trim().parse().map_err(|err| {
            MailError::permanent(
                None,
                format!("recipient {:?} is not a valid address: {err}", email.to),
            )
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|err| MailError::permanent(None, format!("cannot build the message: {err}")))
    }
}

#[async_trait]
impl Transport for SmtpTransport {
    async fn send(&self, email: &Email) -> Result<SendReceipt, MailError> {
        let message = self.message(email)?;
        self.relay.send(message).await.map_err(smtp_error)?;
        tracing::info!(to = %RedactedAddress(&email.to), "email sent through SMTP");
        Ok(SendReceipt { provider_id: None })
    }

    fn name(&self) -> &'static str {
        "smtp"
    }
}

/// 5xx replies are final; 4xx replies, timeouts, TLS and connection trouble may pass.
fn smtp_error(err: SmtpError) -> MailError {
    let code = err.status().map(u16::from);
    let message = format!("SMTP relay: {err}");
    if err.is_permanent() {
        MailError::permanent(code, message)
    } else {
        MailError::transient(code, message)
    }
}
