//! Issue 22's "a 5-minute session" rule: a session submitted under 5 minutes in which something ran is not
//! enough evidence for the process signals (S6 design thinking, S7 debugging approach). They say why, leave
//! the total, and the total is renormalised over the rest; every other signal is untouched.

use proptest::prelude::*;
use tali_scoring::{
    EngineConfig, ScoreReport, SessionRecord, SignalId, SignalStatus, SignalWeights, score,
};

const PROCESS: [SignalId; 2] = [SignalId::DesignThinking, SignalId::Debugging];
const FIVE_MINUTES: u64 = 300_000;

/// Issue 22's session: its last event is the third test run at 03:40.
fn fixture() -> SessionRecord {
    let path = format!(
        "{}/tests/fixtures/issue22_undone_insert.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("valid fixture")
}

fn report(rec: &SessionRecord) -> ScoreReport {
    score(rec, None, &EngineConfig::default()).expect("scores")
}

fn submitted_at(ms: u64) -> SessionRecord {
    let mut rec = fixture();
    rec.submitted_ms = ms;
    rec
}

/// The renormalised weighted mean of the scored signals, before the correctness gate.
fn renormalised(r: &ScoreReport) -> f64 {
    let w = SignalWeights::default();
    let (num, den) = r
        .signals
        .iter()
        .filter_map(|s| s.score().map(|v| (w.get(s.id) * v, w.get(s.id))))
        .fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b));
    num / den
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Under 5 minutes S6 and S7 are insufficient with the session's length as the reason, listed in
    /// `left_out` and weightless; from 5 minutes on they are scored. Nothing else changes.
    #[test]
    fn process_signals_need_five_minutes(ms in 220_001u64..600_000) {
        let r = report(&submitted_at(ms));
        let long = report(&submitted_at(FIVE_MINUTES));
        let short = ms < FIVE_MINUTES;
        for id in PROCESS {
            let s = r.signal(id).unwrap();
            match &s.status {
                SignalStatus::Insufficient { reason } => {
                    prop_assert!(short, "{ms}: {reason}");
                    prop_assert!(reason.contains("under the 5 minutes"), "{reason}");
                    prop_assert!(s.explanation.starts_with("Not enough evidence"));
                    prop_assert_eq!(s.weight_used, 0.0);
                    prop_assert!(r.left_out.iter().any(|l| l.signal == id));
                }
                SignalStatus::Scored { .. } => prop_assert!(!short, "{ms} scored {id:?}"),
                other => prop_assert!(false, "{other:?}"),
            }
        }
        for s in r.signals.iter().filter(|s| !PROCESS.contains(&s.id)) {
            prop_assert_eq!(&s.status, &long.signal(s.id).unwrap().status, "{}", s.id.code());
        }
        let shares: f64 = r.signals.iter().map(|s| s.weight_used).sum();
        prop_assert!((shares - 1.0).abs() < 1e-9);
        prop_assert!((r.overall().unwrap() - renormalised(&r).min(13.0)).abs() <= 0.05 + 1e-9);
    }

    /// Never running anything is an observation at any length: S7 stays scored 0 however short the session.
    #[test]
    fn never_running_is_judged_however_short(ms in 1u64..FIVE_MINUTES) {
        let mut rec = submitted_at(ms);
        rec.test_runs.clear();
        rec.runs.clear();
        let r = report(&rec);
        let s7 = r.signal(SignalId::Debugging).unwrap();
        prop_assert_eq!(s7.score(), Some(0.0));
        prop_assert!(s7.explanation.starts_with("Never ran"));
        prop_assert!(r.signal(SignalId::DesignThinking).unwrap().score().is_some());
    }
}

#[test]
fn the_boundary_is_five_minutes() {
    let just_under = report(&submitted_at(FIVE_MINUTES - 1));
    let at = report(&submitted_at(FIVE_MINUTES));
    for id in PROCESS {
        assert_eq!(just_under.signal(id).unwrap().score(), None);
        assert!(at.signal(id).unwrap().score().is_some());
    }
    // Leaving them out renormalises the total over the signals with evidence.
    assert!(just_under.overall().unwrap() >= at.overall().unwrap());
}
