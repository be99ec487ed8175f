//! A session too short to judge a working process. Design thinking (S6) and the debugging approach (S7) grade
//! habits: running before editing, localising, planning, fix-and-rerun cycles. A candidate who submits within
//! a few minutes shows at most one or two of those moments, and scoring them would grade the clock, not the
//! habit. So under `MIN_PROCESS_MS` these two signals are *not enough evidence*: left out of the total with
//! the session's length as the reason, and the total is renormalised over the rest.
//!
//! Never running anything is the exception: it is an observation at any length (S7 scores it 0), and leaving
//! it out would rank a candidate who pastes a solution unrun in three minutes above one who tests it.

use crate::prep::Prepared;
use crate::report::SignalId;

use super::{Draft, Outcome, mmss};

/// Five minutes: below it a session shows too little of a process to judge (issue 22's rule).
pub const MIN_PROCESS_MS: u64 = 5 * 60_000;

/// The signals that grade a process over the session's length.
pub const PROCESS_SIGNALS: [SignalId; 2] = [SignalId::DesignThinking, SignalId::Debugging];

/// Why the session is too short to judge its process, or `None` when it is long enough or nothing was run.
pub fn reason(p: &Prepared<'_>) -> Option<String> {
    let t = p.rec.submitted_ms;
    (t < MIN_PROCESS_MS && !p.runs.is_empty()).then(|| {
        format!(
            "submitted at {}, under the {} minutes a working process needs to show",
            mmss(t),
            MIN_PROCESS_MS / 60_000
        )
    })
}

/// Turns the process signals of a too-short session into "not enough evidence", keeping their evidence and
/// features so the report still shows what happened.
pub fn apply(p: &Prepared<'_>, drafts: &mut [Draft]) {
    let Some(reason) = reason(p) else { return };
    for d in drafts
        .iter_mut()
        .filter(|d| PROCESS_SIGNALS.contains(&d.id))
    {
        if !matches!(d.outcome, Outcome::Scored(_)) {
            continue;
        }
        d.explanation = format!(
            "Not enough evidence: {reason}, so this signal is left out of the total. What it saw: {}",
            d.explanation
        );
        d.outcome = Outcome::Insufficient(reason.clone());
        d.features
            .insert("session_ms".into(), p.rec.submitted_ms as f64);
    }
}
