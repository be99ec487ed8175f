//! The candidate's timed session: opening the link and starting, running code and the visible tests, the AI
//! assistant, telemetry, and submitting (claimed once, graded from every piece of evidence). Every function takes
//! the assessment the candidate proved with its token (`access`) and answers with domain errors.

pub mod access;
pub mod chat;
pub mod event_time;
pub mod events;
pub mod evidence;
pub mod fairness;
mod grading;
pub mod hidden;
pub mod hints;
pub mod judges;
pub mod reclaim;
pub mod recovery;
pub mod runs;
pub mod sandbox;
pub mod start;
pub mod submit;
pub mod telemetry;
pub mod understanding;

use chrono::{DateTime, Duration, Utc};

use crate::db::entities::assessment;

pub use reclaim::reclaim_sandboxes;
pub use recovery::recover_lost_claims;
pub use sandbox::{sandbox_failure, sandbox_service};
pub use submit::auto_submit_expired;

/// How long after the deadline a submit is still accepted (the IDE submits at 0:00, the request takes time);
/// after it the auto-submitter takes the latest snapshot.
pub const SUBMIT_GRACE: Duration = Duration::minutes(2);
pub const VISIBLE_TESTS_FILE: &str = "test_visible.py";
pub const HIDDEN_TESTS_FILE: &str = "test_hidden.py";
/// The largest code a candidate may send (the editor's content).
pub const MAX_CODE_BYTES: usize = 200 * 1024;

/// Milliseconds since the session started, by the server's clock.
pub fn elapsed_ms(assessment: &assessment::Model, now: DateTime<Utc>) -> u64 {
    assessment
        .started_at
        .map(|s| (now - s).num_milliseconds().max(0) as u64)
        .unwrap_or(0)
}
