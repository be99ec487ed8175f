//! Local stand-ins for the mail providers, for this crate's tests and the app's: a Resend API ([`ResendMock`]) and
//! a plain SMTP server ([`SmtpMock`]). Both listen on a random port of 127.0.0.1 and stop when dropped.

mod resend;
mod smtp;

pub use resend::{ReceivedEmail, RecordedRequest, ResendMock, ScriptedFailure};
pub use smtp::{CapturedMessage, SmtpMock};

use std::sync::{Mutex, MutexGuard};

/// A test that panicked while holding a lock must not hide the recorded traffic from the next assertion.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
