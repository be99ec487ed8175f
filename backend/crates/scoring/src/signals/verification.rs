//! S8 Verification of AI output: did the candidate run or test what they adopted? Acting on the
//! result is S7's job; this measures the habit of checking.

use crate::prep::adoption::ADOPTION_WINDOW_MS;
use crate::prep::states::SNAPSHOT_SLACK_MS;
use crate::prep::{Adoption, Prepared, RunEvent, RunKind};
use crate::report::{EvidenceRef, SignalId};
use crate::text::lexer::multiset_overlap;
use crate::text::patterns::CHALLENGE;

use super::{Draft, Outcome, cite, clamp10};

const TEST_CREDIT: f64 = 1.0;
const RUN_CREDIT: f64 = 0.7;
const UNVERIFIED_LAST_PENALTY: f64 = 2.0;
const DISCERNMENT_BONUS: f64 = 1.0;

pub fn score(p: &Prepared<'_>) -> Draft {
    if p.adoptions.is_empty() {
        let why = if p.rec.exchanges.is_empty() {
            "The candidate did not use the AI assistant."
        } else {
            "No AI code was adopted; the AI was used for explanations only."
        };
        return Draft::new(
            SignalId::Verification,
            Outcome::NotApplicable("no AI code adopted".into()),
            why.into(),
        );
    }
    let credits: Vec<(f64, Option<&RunEvent<'_>>)> =
        (0..p.adoptions.len()).map(|i| credit(p, i)).collect();
    let total_w: f64 = p.adoptions.iter().map(|a| f64::from(a.weight())).sum();
    let earned: f64 = p
        .adoptions
        .iter()
        .zip(&credits)
        .map(|(a, (c, _))| f64::from(a.weight()) * c)
        .sum();
    let mut s = 10.0 * earned / total_w;
    let last_unverified = credits.last().is_some_and(|(c, _)| *c == 0.0);
    if last_unverified {
        s -= UNVERIFIED_LAST_PENALTY;
    }
    let discernment = challenged(p) || corrected_after_failure(p);
    if discernment {
        s += DISCERNMENT_BONUS;
    }
    let s = clamp10(s);

    let tested = credits.iter().filter(|(c, _)| *c > 0.0).count();
    let mut evidence = Vec::new();
    for (a, (_, run)) in p.adoptions.iter().zip(&credits) {
        evidence.push(EvidenceRef::Exchange { id: a.exchange_id });
        evidence.extend(run.map(RunEvent::evidence));
    }
    let last = p
        .adoptions
        .last()
        .map(|a| EvidenceRef::Exchange { id: a.exchange_id });
    let last_run = credits.last().and_then(|(_, r)| r.map(RunEvent::evidence));
    let last_text = match (last, last_run) {
        (Some(a), Some(r)) => format!("verified {a} → {r}"),
        (Some(a), None) => format!("not run {a}: shipped on the AI's word"),
        _ => String::new(),
    };
    let bonus = if discernment {
        " Corrected or challenged the AI's output (+1)."
    } else {
        ""
    };
    let explanation = format!(
        "Adopted AI code {} times and tested it afterwards {tested} times; the last AI change before submit was {last_text}.{bonus} {}",
        p.adoptions.len(),
        cite(&evidence),
    );
    Draft::new(
        SignalId::Verification,
        Outcome::Scored(s),
        explanation.trim_end().to_string(),
    )
    .evidence(evidence)
    .feature("adoptions", p.adoptions.len() as f64)
    .feature("verified", tested as f64)
    .feature("last_unverified", if last_unverified { 1.0 } else { 0.0 })
    .feature("discernment_bonus", if discernment { 1.0 } else { 0.0 })
}

/// Whether a run's code holds at least half of an adoption's lines.
fn holds(p: &Prepared<'_>, run: &RunEvent<'_>, a: &Adoption) -> bool {
    2 * multiset_overlap(&a.lines, &p.states[run.state].ntl) >= a.weight()
}

/// Credit of adoption `i`: 1.0 for a visible-test run on code holding its lines before the next
/// adoption, submit, or 10 minutes; 0.7 for a plain run; otherwise 0. Returns the crediting run.
fn credit<'p, 'a>(p: &'p Prepared<'a>, i: usize) -> (f64, Option<&'p RunEvent<'a>>) {
    let a = &p.adoptions[i];
    let next = p.adoptions[i + 1..]
        .iter()
        .map(|n| n.t_ms)
        .find(|t| *t > a.t_ms)
        .unwrap_or(u64::MAX);
    let end = next
        .min(p.rec.submitted_ms)
        .min(a.t_ms + ADOPTION_WINDOW_MS);
    let checking: Vec<&RunEvent<'_>> = p
        .runs
        .iter()
        .filter(|r| r.t_ms + SNAPSHOT_SLACK_MS >= a.t_ms && r.t_ms <= end && holds(p, r, a))
        .collect();
    if let Some(r) = checking.iter().find(|r| r.kind == RunKind::Test) {
        (TEST_CREDIT, Some(r))
    } else if let Some(r) = checking.first() {
        (RUN_CREDIT, Some(r))
    } else {
        (0.0, None)
    }
}

/// A prompt pushing back on an earlier reply.
fn challenged(p: &Prepared<'_>) -> bool {
    p.rec
        .exchanges
        .iter()
        .skip(1)
        .any(|e| CHALLENGE.is_match(&e.prompt))
}

/// The candidate changed adopted lines after a failing run on code that held them.
fn corrected_after_failure(p: &Prepared<'_>) -> bool {
    p.adoptions.iter().any(|a| {
        p.runs
            .iter()
            .filter(|r| {
                r.failed
                    && r.t_ms >= a.t_ms
                    && multiset_overlap(&a.lines, &p.states[r.state].ntl) > 0
            })
            .any(|r| {
                p.states
                    .iter()
                    .any(|s| s.t_ms > r.t_ms && s.removed.keys().any(|l| a.lines.contains_key(l)))
            })
    })
}
