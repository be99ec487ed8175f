//! Outgoing email for TALI: the [`Transport`] abstraction, Resend and SMTP transports, the message templates, and
//! (feature `mock`) local Resend and SMTP servers for tests.

mod email;
mod error;
mod resend;
mod settings;
mod smtp;
pub mod templates;

#[cfg(feature = "mock")]
pub mod mock;

pub use email::{Email, InvalidTag, SendReceipt, Tag, Transport};
pub use error::{Failure, MailError};
pub use resend::{ResendTransport, RetryPolicy};
pub use settings::{DEFAULT_RESEND_API_URL, MailSettings, build_transport};
pub use smtp::SmtpTransport;
