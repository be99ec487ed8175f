//! S4 AI-usage efficiency: does each exchange move the work forward? Not "fewer prompts is better".

use std::collections::BTreeSet;

use crate::prep::Prepared;
use crate::prep::adoption::ADOPTION_WINDOW_MS;
use crate::prep::states::state_for_hash;
use crate::record::Exchange;
use crate::report::{EvidenceRef, SignalId};
use crate::text::diff::touched_rows;
use crate::text::lexer::identifiers;
use crate::text::python::{defined_names, functions};

use super::{Draft, MIN_EXCHANGES, Outcome, cited, clamp10, shrink, single_exchange};

const REROLL_SIMILARITY: f64 = 0.7;
const REROLL_WITHIN_MS: u64 = 120_000;
const PRIOR: f64 = 6.0;
const PRIOR_WEIGHT: f64 = 2.0;

pub fn score(p: &Prepared<'_>, default_budget: u64) -> Draft {
    let ex = &p.rec.exchanges;
    if ex.is_empty() {
        return Draft::new(
            SignalId::AiEfficiency,
            Outcome::NotApplicable("no AI exchanges".into()),
            "The candidate did not use the AI assistant.".into(),
        );
    }
    let n = ex.len();
    if n < MIN_EXCHANGES {
        return single_exchange(
            SignalId::AiEfficiency,
            ex[0].id,
            "how efficiently the AI was used",
        );
    }
    let productive: Vec<&Exchange> = ex
        .iter()
        .enumerate()
        .filter(|(i, e)| is_productive(p, e, ex.get(i + 1).map(|next| next.t_prompt_ms)))
        .map(|(_, e)| e)
        .collect();
    let rerolls: Vec<&Exchange> = (1..n)
        .filter(|&i| is_reroll(p, &ex[i - 1], &ex[i]))
        .map(|i| &ex[i])
        .collect();
    let tokens: u64 = ex.iter().map(|e| e.tokens_in + e.tokens_out).sum();
    let budget = p.rec.task.token_budget.unwrap_or(default_budget);
    let token_pen = if tokens > 2 * budget {
        2.0
    } else if tokens > budget {
        1.0
    } else {
        0.0
    };
    let raw = 10.0 * productive.len() as f64 / n as f64
        - 4.0 * rerolls.len() as f64 / n as f64
        - token_pen;
    let s = shrink(clamp10(raw), n, PRIOR, PRIOR_WEIGHT);

    let mut evidence: Vec<EvidenceRef> = productive
        .iter()
        .map(|e| EvidenceRef::Exchange { id: e.id })
        .collect();
    let reroll_refs: Vec<EvidenceRef> = rerolls
        .iter()
        .map(|e| EvidenceRef::Exchange { id: e.id })
        .collect();
    let budget_note = if token_pen > 0.0 {
        format!("; {tokens} tokens against a budget of {budget}")
    } else {
        String::new()
    };
    let explanation = format!(
        "{} of {n} AI exchanges led directly to a code change{}; {} were near-repeats{}{budget_note}.",
        productive.len(),
        cited(&evidence),
        rerolls.len(),
        cited(&reroll_refs),
    );
    evidence.extend(reroll_refs);
    evidence.sort();
    evidence.dedup();
    Draft::new(SignalId::AiEfficiency, Outcome::Scored(s), explanation)
        .evidence(evidence)
        .feature("exchanges", n as f64)
        .feature("productive", productive.len() as f64)
        .feature("rerolls", rerolls.len() as f64)
        .feature("tokens", tokens as f64)
}

/// Before the next prompt (and within 10 min), a new code state adopts the reply's code or edits
/// an identifier the reply named.
fn is_productive(p: &Prepared<'_>, e: &Exchange, next_prompt: Option<u64>) -> bool {
    let end = next_prompt
        .unwrap_or(u64::MAX)
        .min(e.t_reply_ms + ADOPTION_WINDOW_MS);
    if p.adoptions
        .iter()
        .any(|a| a.exchange_id == e.id && a.t_ms <= end)
    {
        return true;
    }
    let code = p.states[state_for_hash(&p.states, &e.code_hash, e.t_prompt_ms)].code;
    let reply_ids: BTreeSet<&str> = identifiers(&e.reply).collect();
    let named: BTreeSet<String> = defined_names(code)
        .into_iter()
        .filter(|n| reply_ids.contains(n.as_str()))
        .collect();
    if named.is_empty() {
        return false;
    }
    (1..p.states.len())
        .filter(|&k| p.states[k].t_ms > e.t_reply_ms && p.states[k].t_ms <= end)
        .any(|k| {
            let (before, after) = (&p.states[k - 1], &p.states[k]);
            let mentions = after
                .added
                .keys()
                .chain(after.removed.keys())
                .any(|l| l.split(' ').any(|t| named.contains(t)));
            mentions || edits_inside(before.code, after.code, &named)
        })
}

/// Whether going from `before` to `after` touched a row inside one of the `named` functions.
fn edits_inside(before: &str, after: &str, named: &BTreeSet<String>) -> bool {
    let spans: Vec<_> = functions(before)
        .into_iter()
        .filter(|f| named.contains(&f.name))
        .collect();
    // The line diff is the expensive part; without a named function it cannot matter.
    !spans.is_empty()
        && touched_rows(before, after)
            .iter()
            .any(|r| spans.iter().any(|f| (f.first_row..=f.last_row).contains(r)))
}

/// Nearly the same prompt again, within 2 minutes and with no code change in between.
fn is_reroll(p: &Prepared<'_>, prev: &Exchange, cur: &Exchange) -> bool {
    cur.t_prompt_ms - prev.t_prompt_ms <= REROLL_WITHIN_MS
        && !p
            .states
            .iter()
            .any(|s| s.t_ms > prev.t_prompt_ms && s.t_ms <= cur.t_prompt_ms)
        && shingle_jaccard(&prev.prompt, &cur.prompt) >= REROLL_SIMILARITY
}

/// Jaccard similarity of word 3-shingles; texts under 3 words are one shingle.
pub fn shingle_jaccard(a: &str, b: &str) -> f64 {
    let shingles = |t: &str| -> BTreeSet<String> {
        let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
        if words.len() < 3 {
            BTreeSet::from([words.join(" ")])
        } else {
            words.windows(3).map(|w| w.join(" ")).collect()
        }
    };
    let (sa, sb) = (shingles(a), shingles(b));
    let inter = sa.intersection(&sb).count();
    inter as f64 / (sa.len() + sb.len() - inter) as f64
}

#[cfg(test)]
mod tests {
    use super::shingle_jaccard;

    #[test]
    fn shingles() {
        assert_eq!(shingle_jaccard("fix it", "Fix it"), 1.0);
        assert_eq!(
            shingle_jaccard("why does parse fail", "why does parse fail"),
            1.0
        );
        assert!(shingle_jaccard("why does parse fail here", "how do I test merge") < 0.1);
    }
}
