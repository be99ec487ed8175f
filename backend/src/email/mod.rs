//! Outgoing email. Every message is written to the `email_outbox` table first: the record of what was sent on
//! an organization's behalf, idempotent by key, and the inbox a local run reads in the app. Delivery through an
//! email service (Resend or SMTP, see `tali_mail`) happens from there, in a background job (`crate::jobs`).

pub mod delivery;
mod outbox;
pub mod sent;

pub use outbox::{QUEUED, queue};
