//! Outgoing email. Every message is written to the `email_outbox` table first (the record of what was sent
//! on an organization's behalf, and idempotent by key); delivery through an email service happens from there.

mod outbox;
pub mod render;

pub use outbox::{OutgoingEmail, queue};
