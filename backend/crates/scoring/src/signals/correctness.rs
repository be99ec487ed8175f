//! S1 Correctness: weighted hidden tests, blind to AI use. Visible tests are only context here.

use crate::prep::{Prepared, RunKind};
use crate::record::HiddenResults;
use crate::report::{EvidenceRef, SignalId};

use super::{Draft, Outcome, cite, one_decimal};

/// Below this weighted score a fully green visible suite suggests fitting the visible tests.
const OVERFIT_BELOW: f64 = 5.0;

pub fn score(p: &Prepared<'_>) -> Draft {
    let (results, run_error) = match &p.rec.hidden {
        HiddenResults::NotGraded { reason } => {
            return Draft::new(
                SignalId::Correctness,
                Outcome::NotGraded(reason.clone()),
                format!(
                    "Not graded: the hidden test run failed ({reason}). This says nothing about the candidate."
                ),
            );
        }
        HiddenResults::Graded { results, run_error } => (results, run_error.as_deref()),
    };
    // Why the suite could not run the submission leads the explanation: it is what a reviewer needs first.
    let why = match (run_error, results.is_empty()) {
        (Some(error), _) => format!("The hidden tests could not run the submission: {error}. "),
        (None, true) => "The hidden tests reported no results. ".to_string(),
        (None, false) => String::new(),
    };
    if results.is_empty() {
        return Draft::new(
            SignalId::Correctness,
            Outcome::Scored(0.0),
            format!("{why}0 passed."),
        )
        .feature("hidden_passed", 0.0)
        .feature("hidden_total", 0.0)
        .feature("fit_visible_only", 0.0);
    }
    let total_w: f64 = results.iter().map(|t| p.rec.test_weight(&t.name)).sum();
    if total_w <= 0.0 {
        return Draft::new(
            SignalId::Correctness,
            Outcome::Insufficient("every hidden test has weight 0".into()),
            "Every hidden test has weight 0, so correctness cannot be weighted.".into(),
        );
    }
    let passed_w: f64 = results
        .iter()
        .filter(|t| t.passed())
        .map(|t| p.rec.test_weight(&t.name))
        .sum();
    let s = 10.0 * passed_w / total_w;
    let passed = results.iter().filter(|t| t.passed()).count();
    // Failed tests first: they are what a reviewer opens.
    let mut evidence: Vec<EvidenceRef> = results
        .iter()
        .filter(|t| !t.passed())
        .chain(results.iter().filter(|t| t.passed()))
        .map(|t| EvidenceRef::HiddenTest {
            name: t.name.clone(),
        })
        .collect();

    let last_visible = p.runs.iter().rev().find(|r| r.kind == RunKind::Test);
    let visible = match last_visible {
        Some(run) => {
            evidence.push(run.evidence());
            let v = run.tests.iter().filter(|t| t.passed()).count();
            format!(
                "Visible tests at their last run: {v}/{} {}.",
                run.tests.len(),
                run.evidence()
            )
        }
        None => "The visible tests were never run.".to_string(),
    };
    let overfit = last_visible.is_some_and(|r| r.all_tests_pass()) && s < OVERFIT_BELOW;
    let note = if overfit {
        " Every visible test passed but the weighted hidden score is below 5: the change may have fit the visible tests only."
    } else {
        ""
    };
    let explanation = format!(
        "{why}Passed {passed}/{} hidden tests, {}/10 after weighting {}. {visible}{note}",
        results.len(),
        one_decimal(s),
        cite(&evidence[..results.len().min(evidence.len())]),
    );
    Draft::new(SignalId::Correctness, Outcome::Scored(s), explanation)
        .evidence(evidence)
        .feature("hidden_passed", passed as f64)
        .feature("hidden_total", results.len() as f64)
        .feature("fit_visible_only", if overfit { 1.0 } else { 0.0 })
}
