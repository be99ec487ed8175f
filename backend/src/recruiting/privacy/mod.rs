//! Candidate privacy (GDPR): erase one candidate's personal data on request or when the organization's retention
//! period has run out, and export it as a JSON archive. One erase function serves both the request and the
//! retention job, so what is erased cannot differ between them.

pub mod erase;
pub mod export;
pub mod retention;

/// The retention setting's bounds, in months after the candidate's last assessment ended.
pub const MIN_RETENTION_MONTHS: i32 = 1;
pub const MAX_RETENTION_MONTHS: i32 = 120;
