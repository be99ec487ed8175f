//! The nine scored signals. Each one reads the prepared facts and returns a [`Draft`]: its outcome,
//! an explanation from a fixed template, evidence refs and the measured features.

pub mod ai_efficiency;
pub mod correctness;
pub mod debugging;
pub mod design;
pub mod independence;
pub mod prompt_context;
pub mod prompts;
pub mod quality;
pub mod short_session;
pub mod time;
pub mod verification;

use std::collections::BTreeMap;

use crate::report::{EvidenceRef, SignalId};

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Scored(f64),
    NotApplicable(String),
    Insufficient(String),
    NotGraded(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: SignalId,
    pub outcome: Outcome,
    pub explanation: String,
    pub evidence: Vec<EvidenceRef>,
    pub features: BTreeMap<String, f64>,
}

impl Draft {
    pub fn new(id: SignalId, outcome: Outcome, explanation: String) -> Self {
        Self {
            id,
            outcome,
            explanation,
            evidence: Vec::new(),
            features: BTreeMap::new(),
        }
    }

    pub fn evidence(mut self, evidence: Vec<EvidenceRef>) -> Self {
        self.evidence = evidence;
        self
    }

    pub fn feature(mut self, name: &str, value: f64) -> Self {
        self.features.insert(name.to_string(), value);
        self
    }

    pub fn score(&self) -> Option<f64> {
        match self.outcome {
            Outcome::Scored(s) => Some(s),
            _ => None,
        }
    }
}

/// Fewer exchanges than this are not enough evidence to judge prompting or AI efficiency: one prompt
/// says little about a habit, and shrinking it toward a prior would show the prior, not the candidate.
pub const MIN_EXCHANGES: usize = 2;

/// The outcome and sentence for an AI signal judged on a single exchange.
pub fn single_exchange(id: SignalId, exchange: u64, what: &str) -> Draft {
    Draft::new(
        id,
        Outcome::Insufficient("a single AI exchange".into()),
        format!(
            "Not enough evidence: one AI exchange {} is too little to judge {what}, so this signal is left out of the total.",
            EvidenceRef::Exchange { id: exchange }
        ),
    )
    .evidence(vec![EvidenceRef::Exchange { id: exchange }])
    .feature("exchanges", 1.0)
}

/// Limits a score to [0, 10].
pub fn clamp10(x: f64) -> f64 {
    x.clamp(0.0, 10.0)
}

/// Pulls a small sample toward a prior: `(n·raw + k·prior) / (n + k)`.
pub fn shrink(raw: f64, n: usize, prior: f64, k: f64) -> f64 {
    let n = n as f64;
    (n * raw + k * prior) / (n + k)
}

/// Evidence refs as the link labels an explanation shows; long lists are cut to keep text short.
pub fn cite(refs: &[EvidenceRef]) -> String {
    const SHOWN: usize = 6;
    let mut text: Vec<String> = refs.iter().take(SHOWN).map(ToString::to_string).collect();
    if refs.len() > SHOWN {
        text.push(format!("(+{} more)", refs.len() - SHOWN));
    }
    text.join(" ")
}

/// ` [ref] [ref]` to append after a phrase, or nothing when there are no refs.
pub fn cited(refs: &[EvidenceRef]) -> String {
    if refs.is_empty() {
        String::new()
    } else {
        format!(" {}", cite(refs))
    }
}

/// `mm:ss` for a time in ms from session start.
pub fn mmss(t_ms: u64) -> String {
    let s = t_ms / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// A share as a whole percentage, rounded half up.
pub fn percent(share: f64) -> u64 {
    (share * 100.0 + 0.5).floor().max(0.0) as u64
}

/// One decimal, for explanation text.
pub fn one_decimal(x: f64) -> String {
    crate::report::Tenths::from_score(x).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_pulls_toward_the_prior() {
        assert_eq!(shrink(10.0, 1, 6.0, 2.0), 22.0 / 3.0);
        assert_eq!(shrink(8.0, 0, 5.0, 1.0), 5.0);
        assert!((shrink(8.0, 1000, 5.0, 1.0) - 8.0).abs() < 0.01);
    }

    #[test]
    fn formatting_helpers() {
        assert_eq!(mmss(754_999), "12:34");
        assert_eq!(percent(0.555), 56);
        assert_eq!(one_decimal(7.25), "7.3");
        let refs: Vec<EvidenceRef> = (0..8).map(|id| EvidenceRef::Run { id }).collect();
        assert_eq!(cite(&refs[..2]), "[run 0] [run 1]");
        assert!(cite(&refs).ends_with("(+2 more)"));
        assert_eq!(cited(&[]), "");
        assert_eq!(cited(&refs[..1]), " [run 0]");
    }
}
