//! The adoption detector: when did the candidate take an AI block into their code?

use crate::text::lexer::Multiset;

use super::blocks::AiBlock;
use super::states::State;

/// How long after a reply its code can still be adopted.
pub const ADOPTION_WINDOW_MS: u64 = 10 * 60 * 1000;
/// Matched lines needed, at most (small blocks need all their lines).
const MIN_MATCHED_LINES: u32 = 3;
/// Share of the block's lines needed.
const MIN_MATCHED_SHARE: f64 = 0.3;

#[derive(Debug, Clone)]
pub struct Adoption {
    pub block: usize,
    pub exchange_id: u64,
    /// The state in which the match count reached the threshold.
    pub state: usize,
    pub t_ms: u64,
    /// The block's lines found in the code by then.
    pub lines: Multiset,
}

impl Adoption {
    pub fn weight(&self) -> u32 {
        self.lines.values().sum()
    }
}

/// Adoption events in time order. Content matching catches pasting and retyping alike.
pub fn detect(blocks: &[AiBlock], states: &[State<'_>]) -> Vec<Adoption> {
    let mut found: Vec<Adoption> = blocks
        .iter()
        .enumerate()
        .filter_map(|(bi, block)| detect_one(bi, block, states))
        .collect();
    found.sort_by_key(|a| (a.t_ms, a.state, a.block));
    found
}

fn detect_one(bi: usize, block: &AiBlock, states: &[State<'_>]) -> Option<Adoption> {
    let size = block.size();
    let needed = MIN_MATCHED_LINES.min(size);
    let mut matched = Multiset::new();
    let window = states.iter().enumerate().filter(|(_, s)| {
        s.t_ms > block.t_reply_ms && s.t_ms <= block.t_reply_ms + ADOPTION_WINDOW_MS
    });
    for (k, state) in window {
        for (line, wanted) in &block.lines {
            let gained = state.added.get(line).copied().unwrap_or(0);
            if gained > 0 {
                let slot = matched.entry(line.clone()).or_insert(0);
                *slot = (*slot + gained).min(*wanted);
            }
        }
        let total: u32 = matched.values().sum();
        if total >= needed && f64::from(total) >= MIN_MATCHED_SHARE * f64::from(size) {
            return Some(Adoption {
                block: bi,
                exchange_id: block.exchange_id,
                state: k,
                t_ms: state.t_ms,
                lines: matched,
            });
        }
    }
    None
}
