//! S8 Verification of AI output: did the candidate run or test what they adopted? Acting on the
//! result is S7's job; this measures the habit of checking.

use crate::prep::adoption::ADOPTION_WINDOW_MS;
use crate::prep::states::change_ref;
use crate::prep::{Adoption, Prepared, RunEvent, RunKind};
use crate::report::{EvidenceRef, SignalId};
use crate::text::lexer::multiset_overlap;
use crate::text::patterns::CHALLENGE;

use super::{Draft, Outcome, cite, cited, clamp10, mmss};

const TEST_CREDIT: f64 = 1.0;
const RUN_CREDIT: f64 = 0.7;
const UNVERIFIED_LAST_PENALTY: f64 = 2.0;
const DISCERNMENT_BONUS: f64 = 1.0;

/// What happened to one adopted block: the facts the score and every sentence about it come from.
struct Checked<'p, 'a> {
    adoption: &'p Adoption,
    credit: f64,
    run: Option<&'p RunEvent<'a>>,
    /// The submitted code still holds it.
    shipped: bool,
}

pub fn score(p: &Prepared<'_>) -> Draft {
    let withdrawn = withdrawn_text(p);
    if p.adoptions.is_empty() {
        let why = if p.rec.exchanges.is_empty() {
            "The candidate did not use the AI assistant.".to_string()
        } else if withdrawn.is_empty() {
            "No AI code was adopted; the AI was used for explanations only.".to_string()
        } else {
            format!("No AI code was adopted.{withdrawn}")
        };
        return Draft::new(
            SignalId::Verification,
            Outcome::NotApplicable("no AI code adopted".into()),
            why,
        )
        .evidence(withdrawn_refs(p));
    }
    let final_ntl = &p.states[p.states.len() - 1].ntl;
    let checked: Vec<Checked<'_, '_>> = (0..p.adoptions.len())
        .map(|i| {
            let (credit, run) = credit(p, i);
            let adoption = &p.adoptions[i];
            Checked {
                adoption,
                credit,
                run,
                shipped: adoption.held_by(final_ntl),
            }
        })
        .collect();
    let total_w: f64 = checked.iter().map(|c| f64::from(c.adoption.weight())).sum();
    let earned: f64 = checked
        .iter()
        .map(|c| f64::from(c.adoption.weight()) * c.credit)
        .sum();
    let mut s = 10.0 * earned / total_w;
    let last = checked.last().expect("at least one adoption");
    // Only code that reached the submission untested was shipped on the AI's word.
    let shipped_unverified = last.credit == 0.0 && last.shipped;
    if shipped_unverified {
        s -= UNVERIFIED_LAST_PENALTY;
    }
    let discernment = challenged(p) || corrected_after_failure(p);
    if discernment {
        s += DISCERNMENT_BONUS;
    }
    let s = clamp10(s);

    let tested = checked.iter().filter(|c| c.credit > 0.0).count();
    let mut evidence = Vec::new();
    for c in &checked {
        evidence.push(EvidenceRef::Exchange {
            id: c.adoption.exchange_id,
        });
        evidence.extend(c.run.map(RunEvent::evidence));
    }
    let last_ref = EvidenceRef::Exchange {
        id: last.adoption.exchange_id,
    };
    let last_text = match (last.run, last.shipped) {
        (Some(r), _) if r.kind == RunKind::Test => format!("tested {last_ref} → {}", r.evidence()),
        (Some(r), _) => format!("run but not tested {last_ref} → {}", r.evidence()),
        (None, true) => format!("never run {last_ref}: shipped on the AI's word"),
        (None, false) => format!("never run {last_ref}, and it is not in the submitted code"),
    };
    let bonus = if discernment {
        " Corrected or challenged the AI's output (+1)."
    } else {
        ""
    };
    // The sentence about the last change already links its prompt and run; the list adds the others.
    let in_sentence = [Some(last_ref.clone()), last.run.map(RunEvent::evidence)];
    let others: Vec<EvidenceRef> = evidence
        .iter()
        .filter(|e| !in_sentence.contains(&Some((*e).clone())))
        .cloned()
        .collect();
    let explanation = format!(
        "Adopted AI code {} {}; {} {} run or tested afterwards on code that held {}; the last AI change before submit was {last_text}.{bonus}{withdrawn} {}",
        checked.len(),
        times(checked.len()),
        tested,
        if tested == 1 { "was" } else { "were" },
        if checked.len() == 1 { "it" } else { "them" },
        cite(&others),
    );
    evidence.extend(withdrawn_refs(p));
    Draft::new(
        SignalId::Verification,
        Outcome::Scored(s),
        explanation.trim_end().to_string(),
    )
    .evidence(evidence)
    .feature("adoptions", checked.len() as f64)
    .feature("verified", tested as f64)
    .feature("withdrawn", p.withdrawn.len() as f64)
    .feature(
        "last_unverified",
        if shipped_unverified { 1.0 } else { 0.0 },
    )
    .feature("discernment_bonus", if discernment { 1.0 } else { 0.0 })
}

fn times(n: usize) -> &'static str {
    if n == 1 { "time" } else { "times" }
}

/// One sentence per removed insert, when it went in and when it came out.
fn withdrawn_text(p: &Prepared<'_>) -> String {
    p.withdrawn
        .iter()
        .map(|w| {
            let removed = &p.states[w.removed_state];
            format!(
                " AI code from {} went into the editor at {} and was removed at {}{} before any run, so it does not count as adopted.",
                EvidenceRef::Exchange {
                    id: w.adoption.exchange_id
                },
                mmss(w.adoption.t_ms),
                mmss(removed.t_ms),
                cited(&change_ref(&p.states, w.removed_state).into_iter().collect::<Vec<_>>()),
            )
        })
        .collect()
}

fn withdrawn_refs(p: &Prepared<'_>) -> Vec<EvidenceRef> {
    p.withdrawn
        .iter()
        .flat_map(|w| {
            std::iter::once(EvidenceRef::Exchange {
                id: w.adoption.exchange_id,
            })
            .chain(change_ref(&p.states, w.removed_state))
        })
        .collect()
}

/// Credit of adoption `i`: 1.0 for a visible-test run on code holding its lines before the next
/// adoption, submit, or 10 minutes; 0.7 for a plain run; otherwise 0. Returns the crediting run. A
/// run counts only on a code state at or after the one where the adopted code first existed.
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
        .filter(|r| r.state >= a.state && r.t_ms <= end && a.held_by(&p.states[r.state].ntl))
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
