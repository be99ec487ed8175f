//! S6 Design thinking: reproduce, localise, plan, edge cases. Items that do not apply leave the
//! denominator instead of costing points.

use crate::prep::{Origin, Prepared};
use crate::report::{EvidenceRef, SignalId};
use crate::text::lexer::norm_lines;
use crate::text::patterns::{EDGE_TOPIC, GUARD, HYPOTHESIS};
use crate::text::python::{failure_pointers, functions};

use super::prompt_context::PromptContext;
use super::quality::changed_rows;
use super::{Draft, Outcome, cited, percent};

const REPRODUCE_POINTS: f64 = 3.0;
const ROOT_CAUSE_POINTS: f64 = 3.0;
const PLAN_POINTS: f64 = 2.0;
const EDGE_POINTS: f64 = 2.0;

struct Item {
    earned: f64,
    available: f64,
    text: String,
    evidence: Vec<EvidenceRef>,
}

pub fn score(p: &Prepared<'_>) -> Draft {
    let items: Vec<Item> = [reproduced(p), root_cause(p), plan(p), edge_cases(p)]
        .into_iter()
        .flatten()
        .collect();
    let earned: f64 = items.iter().map(|i| i.earned).sum();
    let available: f64 = items.iter().map(|i| i.available).sum();
    let s = 10.0 * earned / available;
    let explanation = items
        .iter()
        .map(|i| i.text.clone())
        .collect::<Vec<_>>()
        .join(" ");
    let evidence = items.iter().flat_map(|i| i.evidence.clone()).collect();
    Draft::new(SignalId::DesignThinking, Outcome::Scored(s), explanation)
        .evidence(evidence)
        .feature("earned", earned)
        .feature("available", available)
}

/// Any run before the first change to a non-trivial line.
fn reproduced(p: &Prepared<'_>) -> Option<Item> {
    let first_change = p.first_change_ms().unwrap_or(u64::MAX);
    let run = p.runs.iter().find(|r| r.t_ms < first_change);
    Some(match run {
        Some(r) => Item {
            earned: REPRODUCE_POINTS,
            available: REPRODUCE_POINTS,
            text: format!("Ran the code before editing it {}.", r.evidence()),
            evidence: vec![r.evidence()],
        },
        None => Item {
            earned: 0.0,
            available: REPRODUCE_POINTS,
            text: "Edited before running anything.".into(),
            evidence: vec![],
        },
    })
}

/// Share of changed lines inside the functions the first failure named.
fn root_cause(p: &Prepared<'_>) -> Option<Item> {
    let first = p.runs.iter().find(|r| r.failed)?;
    let named = failure_pointers(&first.output, p.states[first.state].code).functions;
    let final_code = &p.rec.final_code;
    let (lines, changed) = changed_rows(final_code, &p.rec.starter_code);
    let changed_ntl: Vec<usize> = lines
        .iter()
        .filter(|l| !l.trivial && changed.contains(&l.row))
        .map(|l| l.row)
        .collect();
    if named.is_empty() || changed_ntl.is_empty() {
        return None;
    }
    let spans: Vec<_> = functions(final_code)
        .into_iter()
        .filter(|f| named.contains(&f.name))
        .collect();
    let inside = changed_ntl
        .iter()
        .filter(|r| {
            spans
                .iter()
                .any(|f| (f.first_row..=f.last_row).contains(*r))
        })
        .count();
    let f = inside as f64 / changed_ntl.len() as f64;
    let earned = if f >= 0.6 {
        ROOT_CAUSE_POINTS
    } else if f >= 0.3 {
        ROOT_CAUSE_POINTS / 2.0
    } else {
        0.0
    };
    Some(Item {
        earned,
        available: ROOT_CAUSE_POINTS,
        text: format!(
            "{} % of changed lines were in the failing functions {}.",
            percent(f),
            first.evidence()
        ),
        evidence: vec![first.evidence()],
    })
}

/// A grounded plan or hypothesis before the first adopted AI code. Applies only when AI code was
/// adopted, so prompts that led to no code leave S6 as it would be without them.
fn plan(p: &Prepared<'_>) -> Option<Item> {
    let first_adoption = p.adoptions.first()?.t_ms;
    let found = p
        .rec
        .exchanges
        .iter()
        .filter(|e| e.t_prompt_ms < first_adoption)
        .find(|e| PromptContext::new(p, e).tied_match(&HYPOTHESIS));
    Some(match found {
        Some(e) => Item {
            earned: PLAN_POINTS,
            available: PLAN_POINTS,
            text: format!(
                "Stated a plan or hypothesis about named code {}.",
                EvidenceRef::Exchange { id: e.id }
            ),
            evidence: vec![EvidenceRef::Exchange { id: e.id }],
        },
        None => Item {
            earned: 0.0,
            available: PLAN_POINTS,
            text: "No grounded plan or hypothesis before taking AI code.".into(),
            evidence: vec![],
        },
    })
}

/// A guard clause the candidate wrote or edited, or a grounded question about an edge case that
/// later adopted AI code answered (a question alone never moves this item).
fn edge_cases(p: &Prepared<'_>) -> Option<Item> {
    let guard =
        p.provenance.changed.iter().find(|l| {
            matches!(l.origin, Origin::Typed | Origin::AiEdited) && GUARD.is_match(&l.text)
        });
    let asked = p
        .rec
        .exchanges
        .iter()
        .filter(|e| p.adoptions.iter().any(|a| a.t_ms > e.t_prompt_ms))
        .find(|e| PromptContext::new(p, e).tied_match(&EDGE_TOPIC));
    let (earned, text, evidence) = match (guard, asked) {
        (_, Some(e)) => {
            let r = EvidenceRef::Exchange { id: e.id };
            (EDGE_POINTS, format!("Raised an edge case {r}."), vec![r])
        }
        (Some(g), None) => {
            let r: Vec<EvidenceRef> = crate::prep::states::change_ref(&p.states, g.state)
                .into_iter()
                .collect();
            (
                EDGE_POINTS,
                format!(
                    "Added a guard clause `{}`{}.",
                    guard_display(&g.text),
                    cited(&r)
                ),
                r,
            )
        }
        (None, None) => (0.0, "No edge case handled or raised.".to_string(), vec![]),
    };
    Some(Item {
        earned,
        available: EDGE_POINTS,
        text,
        evidence,
    })
}

/// The guard as the candidate might have written it (normalised text re-spaced for reading).
fn guard_display(normalised: &str) -> String {
    norm_lines(normalised)
        .first()
        .map_or_else(String::new, |l| {
            l.text
                .replace(" ( ", "(")
                .replace(" )", ")")
                .replace(" :", ":")
        })
}
