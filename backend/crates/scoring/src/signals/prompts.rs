//! S5 Prompt quality, per prompt then averaged. Grounding in the session, not length, earns points.

use crate::prep::Prepared;
use crate::record::Exchange;
use crate::report::{EvidenceRef, SignalId};
use crate::text::patterns::{EXPLAIN, FIX_REQUEST, HYPOTHESIS, TRIED, VAGUE, WHOLE_SOLUTION};

use super::prompt_context::{ErrorContext, PromptContext};
use super::{Draft, MIN_EXCHANGES, Outcome, cite, clamp10, one_decimal, single_exchange};

/// Prompts below this many prose words with nothing grounding them are vague.
const VAGUE_WORDS: usize = 8;
const VAGUE_CAP: f64 = 1.0;

#[derive(Debug, Clone, PartialEq)]
pub struct PromptScore {
    pub points: f64,
    pub quoted_error: bool,
    pub named_code: bool,
    pub whole_solution: bool,
}

/// Length points, given only to grounded prompts and saturating early.
pub fn length_points(words: usize) -> f64 {
    match words {
        0..4 => 0.0,
        4..=150 => 1.5,
        151..=400 => 1.0,
        _ => 0.5,
    }
}

pub fn score_prompt(ctx: &PromptContext) -> PromptScore {
    let whole_solution = WHOLE_SOLUTION.is_match(&ctx.prose);
    let grounded = ctx.is_grounded();
    let length = if grounded {
        length_points(ctx.words)
    } else {
        0.0
    };
    let specificity = match ctx.grounded.len() {
        0 => 0.0,
        1 => 1.5,
        _ => 2.5,
    };
    let error = match ctx.error {
        ErrorContext::Quotes => 2.0,
        ErrorContext::NamesException => 1.0,
        ErrorContext::None => 0.0,
    };
    let code = if ctx.code_lines >= 2 { 1.5 } else { 0.0 };
    let intent = if whole_solution {
        -3.0
    } else if ctx.tied_match(&EXPLAIN) || ctx.tied_match(&HYPOTHESIS) || ctx.tied_match(&TRIED) {
        2.5
    } else if ctx
        .sentences()
        .any(|s| FIX_REQUEST.is_match(s) && !ctx.grounded.is_empty() && ctx.is_tied(s))
    {
        1.0
    } else {
        0.0
    };
    let vague = (VAGUE.is_match(&ctx.prose) || ctx.words < VAGUE_WORDS)
        && ctx.grounded.is_empty()
        && ctx.error == ErrorContext::None;
    let mut points = clamp10(length + specificity + error + code + intent);
    if vague {
        points = points.min(VAGUE_CAP);
    }
    PromptScore {
        points,
        quoted_error: ctx.error == ErrorContext::Quotes,
        named_code: !ctx.grounded.is_empty(),
        whole_solution,
    }
}

pub fn score(p: &Prepared<'_>) -> Draft {
    let ex: &[Exchange] = &p.rec.exchanges;
    if ex.is_empty() {
        return Draft::new(
            SignalId::PromptQuality,
            Outcome::NotApplicable("no prompts".into()),
            "The candidate sent no prompts.".into(),
        );
    }
    if ex.len() < MIN_EXCHANGES {
        return single_exchange(SignalId::PromptQuality, ex[0].id, "prompt quality");
    }
    let scores: Vec<PromptScore> = ex
        .iter()
        .map(|e| score_prompt(&PromptContext::new(p, e)))
        .collect();
    let n = scores.len();
    let mean = |xs: &[PromptScore]| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().map(|s| s.points).sum::<f64>() / xs.len() as f64
        }
    };
    let s = mean(&scores);
    let (early, late) = scores.split_at(n / 2);
    let quoted = scores.iter().filter(|s| s.quoted_error).count();
    let named = scores.iter().filter(|s| s.named_code).count();
    let whole = scores.iter().filter(|s| s.whole_solution).count();
    let evidence: Vec<EvidenceRef> = ex
        .iter()
        .map(|e| EvidenceRef::Exchange { id: e.id })
        .collect();
    let explanation = format!(
        "Prompt quality {}/10: {quoted}/{n} quoted the failing error, {named}/{n} named code elements, {whole} asked for a complete solution {}.",
        one_decimal(s),
        cite(&evidence),
    );
    let mut draft = Draft::new(SignalId::PromptQuality, Outcome::Scored(s), explanation)
        .evidence(evidence)
        .feature("prompts", n as f64)
        .feature("whole_solution_share", whole as f64 / n as f64);
    for (e, sc) in ex.iter().zip(&scores) {
        draft = draft.feature(&format!("prompt_{}", e.id), sc.points);
    }
    if !early.is_empty() {
        draft = draft
            .feature("early_mean", mean(early))
            .feature("late_mean", mean(late));
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::length_points;

    #[test]
    fn length_band_edges() {
        assert_eq!(length_points(3), 0.0);
        assert_eq!(length_points(4), 1.5);
        assert_eq!(length_points(150), 1.5);
        assert_eq!(length_points(151), 1.0);
        assert_eq!(length_points(400), 1.0);
        assert_eq!(length_points(401), 0.5);
    }
}
