//! The understanding check as a signal (S11): after submit the candidate answers three questions about their own
//! submission, and each answer is graded 0-10 (by the AI judge or by the recruiter). The app adds the signal to a
//! stored report once something is known; the overall becomes the weighted mean over the nine and S11, renormalised
//! over the signals with evidence, so a skipped or ungraded check leaves the overall exactly as the nine make it.

use std::collections::BTreeMap;

use crate::combine;
use crate::config::SignalWeights;
use crate::report::{ScoreReport, SignalId, SignalResult, SignalStatus, Tenths};

/// What is known about a check.
#[derive(Debug, Clone, PartialEq)]
pub enum Understanding {
    /// Every question has a grade (0-10), in question order.
    Graded(Vec<f64>),
    /// No score (yet): skipped, timed out, not opened, or awaiting grades; the reason says which.
    NotEnoughEvidence(String),
}

/// Replaces the report's S11 (if any) with `check`'s and recomputes the overall, the shares and `left_out`.
pub fn with_understanding(
    report: &mut ScoreReport,
    check: &Understanding,
    weights: &SignalWeights,
) {
    report.signals.retain(|s| s.id != SignalId::Understanding);
    report
        .left_out
        .retain(|l| l.signal != SignalId::Understanding);
    let (status, explanation, features) = match check {
        Understanding::Graded(grades) if !grades.is_empty() => {
            let mean = grades.iter().map(|g| g.clamp(0.0, 10.0)).sum::<f64>() / grades.len() as f64;
            let features: BTreeMap<String, f64> = grades
                .iter()
                .enumerate()
                .map(|(i, g)| (format!("question_{}", i + 1), *g))
                .collect();
            let listed: Vec<String> = grades.iter().map(|g| format!("{g:.1}")).collect();
            (
                SignalStatus::Scored {
                    score: Tenths::from_score(mean),
                },
                format!(
                    "Mean grade of the {} answers about the candidate's own submission ({}).",
                    grades.len(),
                    listed.join(", ")
                ),
                features,
            )
        }
        Understanding::Graded(_) => not_enough("no questions were asked"),
        Understanding::NotEnoughEvidence(reason) => not_enough(reason),
    };
    let deterministic = match status {
        SignalStatus::Scored { score } => Some(score),
        _ => None,
    };
    report.signals.push(SignalResult {
        id: SignalId::Understanding,
        title: SignalId::Understanding.title().to_string(),
        status,
        deterministic,
        judged: None,
        weight_used: 0.0,
        explanation,
        evidence: Vec::new(),
        features,
    });
    combine::shares(&mut report.signals, weights);
    report.overall = combine::overall(&report.signals, weights);
    report.left_out = combine::left_out(&report.signals);
}

fn not_enough(reason: &str) -> (SignalStatus, String, BTreeMap<String, f64>) {
    (
        SignalStatus::Insufficient {
            reason: reason.to_string(),
        },
        format!("Not enough evidence: {reason}."),
        BTreeMap::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EngineConfig, SessionRecord, score};

    fn verifier() -> ScoreReport {
        let rec: SessionRecord =
            serde_json::from_str(include_str!("../tests/fixtures/a_verifier.json")).unwrap();
        score(&rec, None, &EngineConfig::default()).unwrap()
    }

    #[test]
    fn a_check_without_evidence_leaves_the_overall_of_the_nine() {
        let before = verifier();
        let mut report = before.clone();
        let weights = EngineConfig::default().weights;
        with_understanding(
            &mut report,
            &Understanding::NotEnoughEvidence("the candidate skipped the check".into()),
            &weights,
        );
        assert_eq!(report.overall, before.overall);
        let s11 = report.signal(SignalId::Understanding).unwrap();
        assert_eq!(s11.weight_used, 0.0);
        assert!(
            report
                .left_out
                .iter()
                .any(|l| l.signal == SignalId::Understanding
                    && l.reason == "the candidate skipped the check")
        );
        let shares: f64 = report.signals.iter().map(|s| s.weight_used).sum();
        assert!((shares - 1.0).abs() < 1e-9);
    }

    #[test]
    fn graded_answers_move_the_overall_by_their_weight_and_replace_an_earlier_check() {
        let before = verifier();
        let weights = EngineConfig::default().weights;
        let mut low = before.clone();
        with_understanding(
            &mut low,
            &Understanding::Graded(vec![0.0, 0.0, 0.0]),
            &weights,
        );
        let mut high = before.clone();
        with_understanding(
            &mut high,
            &Understanding::Graded(vec![10.0, 10.0, 10.0]),
            &weights,
        );
        assert!(
            low.overall < before.overall,
            "{:?} vs {:?}",
            low.overall,
            before.overall
        );
        assert!(high.overall >= before.overall);
        // Applying again replaces the signal rather than adding a second one.
        with_understanding(
            &mut high,
            &Understanding::Graded(vec![10.0, 5.0, 0.0]),
            &weights,
        );
        let s11: Vec<_> = high
            .signals
            .iter()
            .filter(|s| s.id == SignalId::Understanding)
            .collect();
        assert_eq!(s11.len(), 1);
        assert_eq!(s11[0].score(), Some(5.0));
        assert_eq!(s11[0].features["question_2"], 5.0);
        assert!((s11[0].weight_used - 100.0 / 1100.0).abs() < 1e-9);
        assert!(
            high.left_out
                .iter()
                .all(|l| l.signal != SignalId::Understanding)
        );
    }
}
