//! S3 Time efficiency: time to a verified working state, never above correctness.

use crate::prep::{Prepared, RunKind};
use crate::report::SignalId;

use super::{Draft, Outcome, mmss, percent};

/// Score when the candidate submitted without a passing visible-test run.
const UNVERIFIED_CAP: f64 = 7.0;

/// Band for the share `u` of the time limit used.
pub fn band(u: f64) -> f64 {
    if u <= 0.35 {
        10.0
    } else if u <= 0.5 {
        9.0
    } else if u <= 0.65 {
        8.0
    } else if u <= 0.8 {
        7.0
    } else if u <= 0.9 {
        6.0
    } else {
        5.0
    }
}

pub fn score(p: &Prepared<'_>, correctness: Option<f64>) -> Draft {
    let tests: Vec<_> = p.runs.iter().filter(|r| r.kind == RunKind::Test).collect();
    // The first all-green visible run that no failing visible run follows.
    let solved = tests
        .iter()
        .enumerate()
        .find(|(i, r)| r.all_tests_pass() && tests[i + 1..].iter().all(|later| !later.failed))
        .map(|(_, r)| *r);
    let limit = p.rec.task.time_limit_ms;
    let minutes = limit / 60_000;
    let (t_solve, mut s, mut text, evidence) = match solved {
        Some(run) => {
            let u = run.t_ms as f64 / limit as f64;
            let text = format!(
                "All visible tests passed at {}, {} % of the {minutes}-minute limit {}.",
                mmss(run.t_ms),
                percent(u),
                run.evidence()
            );
            (run.t_ms, band(u), text, vec![run.evidence()])
        }
        None => {
            let t = p.rec.submitted_ms;
            let u = t as f64 / limit as f64;
            let text = format!(
                "Submitted at {}, {} % of the {minutes}-minute limit, without a passing visible-test run: capped at 7 (not verified before submit).",
                mmss(t),
                percent(u)
            );
            (t, band(u).min(UNVERIFIED_CAP), text, Vec::new())
        }
    };
    if let Some(c) = correctness.filter(|c| *c < s) {
        s = c;
        text.push_str(" Capped at the correctness score: being fast and wrong earns nothing.");
    }
    Draft::new(SignalId::TimeEfficiency, Outcome::Scored(s), text)
        .evidence(evidence)
        .feature("t_solve_ms", t_solve as f64)
        .feature("share_of_limit", t_solve as f64 / limit as f64)
        .feature("verified", if solved.is_some() { 1.0 } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::band;

    #[test]
    fn band_edges() {
        assert_eq!(band(0.35), 10.0);
        assert_eq!(band(0.351), 9.0);
        assert_eq!(band(0.5), 9.0);
        assert_eq!(band(0.65), 8.0);
        assert_eq!(band(0.8), 7.0);
        assert_eq!(band(0.9), 6.0);
        assert_eq!(band(0.901), 5.0);
        assert_eq!(band(1.4), 5.0);
    }
}
