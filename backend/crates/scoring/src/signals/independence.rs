//! S9 Independence: who wrote the final change. Directing AI is expected, so majority authorship
//! already earns 10 and pure delegation floors at 2.

use crate::prep::{Origin, Prepared};
use crate::report::{EvidenceRef, SignalId};

use super::{Draft, Outcome, percent};

const MIN_LINES: usize = 3;
const FULL_CREDIT_SHARE: f64 = 0.6;
const FLOOR: f64 = 2.0;

/// Score for an authorship share `h`.
pub fn from_share(h: f64) -> f64 {
    FLOOR + (10.0 - FLOOR) * (h / FULL_CREDIT_SHARE).min(1.0)
}

pub fn score(p: &Prepared<'_>) -> Draft {
    let prov = &p.provenance;
    let n = prov.changed.len();
    if n < MIN_LINES {
        return Draft::new(
            SignalId::Independence,
            Outcome::Insufficient(format!("only {n} changed lines")),
            format!("Only {n} non-trivial lines changed: too few to judge authorship."),
        );
    }
    let [typed, edited, ai, pasted] =
        [Origin::Typed, Origin::AiEdited, Origin::Ai, Origin::Pasted].map(|o| prov.count(o));
    let h = (typed as f64 + 0.5 * edited as f64) / n as f64;
    let share = |k: usize| percent(k as f64 / n as f64);
    let mut evidence: Vec<EvidenceRef> = prov
        .changed
        .iter()
        .filter(|l| matches!(l.origin, Origin::Ai | Origin::Pasted))
        .filter_map(|l| crate::prep::states::change_ref(&p.states, l.state))
        .collect();
    evidence.sort();
    evidence.dedup();
    let explanation = format!(
        "Of {n} changed lines: {} % typed, {} % edited from AI, {} % taken verbatim from AI, {} % pasted from outside{}.",
        share(typed),
        share(edited),
        share(ai),
        share(pasted),
        if evidence.is_empty() {
            String::new()
        } else {
            format!(" {}", super::cite(&evidence))
        },
    );
    Draft::new(
        SignalId::Independence,
        Outcome::Scored(from_share(h)),
        explanation,
    )
    .evidence(evidence)
    .feature("changed_lines", n as f64)
    .feature("typed", typed as f64)
    .feature("ai_edited", edited as f64)
    .feature("ai", ai as f64)
    .feature("pasted", pasted as f64)
    .feature("authorship_share", h)
}

#[cfg(test)]
mod tests {
    use super::from_share;

    #[test]
    fn share_edges() {
        assert_eq!(from_share(0.6), 10.0);
        assert_eq!(from_share(0.9), 10.0);
        assert!(from_share(0.599) < 10.0);
        assert_eq!(from_share(0.0), 2.0);
        assert!((from_share(0.5) - 8.666_666).abs() < 1e-3);
    }
}
