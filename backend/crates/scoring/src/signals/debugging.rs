//! S7 Debugging approach: run, read the error, make a targeted fix, rerun.

use std::collections::BTreeSet;

use crate::prep::runs::is_duplicate;
use crate::prep::{Prepared, RunEvent, RunKind};
use crate::report::{EvidenceRef, SignalId};

use super::{Draft, Outcome, cite, shrink};

const PRIOR: f64 = 5.0;
const PRIOR_WEIGHT: f64 = 1.0;

pub fn score(p: &Prepared<'_>) -> Draft {
    let runs = &p.runs;
    let r = runs.len();
    if r == 0 {
        // Submitting without ever running anything is itself the observation, not a lack of one: leaving it out
        // would rank a candidate who pastes a whole solution unrun above one who tests it.
        return Draft::new(
            SignalId::Debugging,
            Outcome::Scored(0.0),
            "Never ran the code or the tests before submitting.".into(),
        )
        .feature("runs", 0.0);
    }
    let evidence: Vec<EvidenceRef> = runs.iter().map(RunEvent::evidence).collect();
    let l = p.loops.len();
    if l == 0 {
        let passed = runs.iter().all(|run| !run.failed);
        let s = if passed { 3.0 } else { 1.0 };
        let text = if passed {
            format!(
                "Ran the code {r} times, all passing, with no fix-and-rerun cycle {}.",
                cite(&evidence)
            )
        } else {
            format!(
                "Ran the code {r} times but never reran after a change to a failure {}.",
                cite(&evidence)
            )
        };
        return Draft::new(SignalId::Debugging, Outcome::Scored(s), text)
            .evidence(evidence)
            .feature("runs", r as f64)
            .feature("loops", 0.0);
    }
    let targeted = p.loops.iter().filter(|lp| lp.targeted).count();
    let duplicates = (0..r).filter(|&i| is_duplicate(runs, i)).count();
    let Progress {
        failing_before,
        failing_after,
        share: progress,
    } = progress(runs);
    let raw = 4.0 * targeted as f64 / l as f64
        + 3.0 * progress
        + 3.0 * (1.0 - duplicates as f64 / r as f64);
    let s = shrink(raw, l, PRIOR, PRIOR_WEIGHT);
    let loop_refs: Vec<EvidenceRef> = p
        .loops
        .iter()
        .map(|lp| runs[lp.next_run].evidence())
        .collect();
    let explanation = format!(
        "{l} fix-and-rerun cycles, {targeted} aimed at the reported error; visible failures {failing_before} → {failing_after}; {duplicates} of {r} runs repeated unchanged code {}.",
        cite(&loop_refs),
    );
    Draft::new(SignalId::Debugging, Outcome::Scored(s), explanation)
        .evidence(evidence)
        .feature("runs", r as f64)
        .feature("loops", l as f64)
        .feature("targeted", targeted as f64)
        .feature("duplicates", duplicates as f64)
        .feature("progress", progress)
}

struct Progress {
    failing_before: usize,
    failing_after: usize,
    share: f64,
}

/// Visible tests failing at the first test run, how many of them still fail at the last one, and
/// the share fixed. Without test runs, the last code run stands in: fixed when it succeeded.
fn progress(runs: &[RunEvent<'_>]) -> Progress {
    let tests: Vec<&RunEvent<'_>> = runs.iter().filter(|r| r.kind == RunKind::Test).collect();
    let (failing_before, fixed) = match (tests.first(), tests.last()) {
        (Some(first), Some(last)) => {
            let failing: BTreeSet<&str> = first
                .tests
                .iter()
                .filter(|t| !t.passed())
                .map(|t| t.name.as_str())
                .collect();
            let fixed = last
                .tests
                .iter()
                .filter(|t| t.passed() && failing.contains(t.name.as_str()))
                .count();
            (failing.len(), fixed)
        }
        _ => {
            let ok = runs.last().is_some_and(|r| !r.failed);
            (1, usize::from(ok))
        }
    };
    let share = if failing_before == 0 {
        1.0
    } else {
        fixed as f64 / failing_before as f64
    };
    Progress {
        failing_before,
        failing_after: failing_before - fixed,
        share,
    }
}
