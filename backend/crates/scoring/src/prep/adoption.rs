//! The adoption detector: when did the candidate take an AI block into their code, and did it stay?
//! Matching reads what each code state holds, not what was ever added, so text that an undo or a
//! deletion took out again stops counting the moment it is gone.

use crate::text::lexer::{Multiset, multiset_overlap};

use super::blocks::AiBlock;
use super::runs::RunEvent;
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
    /// The state in which the block's lines held in the code first reached the threshold.
    pub state: usize,
    pub t_ms: u64,
    /// The block's lines the code held at that moment.
    pub lines: Multiset,
}

impl Adoption {
    pub fn weight(&self) -> u32 {
        self.lines.values().sum()
    }

    /// Whether code with these NTLs still holds at least half of the adopted lines.
    pub fn held_by(&self, ntl: &Multiset) -> bool {
        2 * multiset_overlap(&self.lines, ntl) >= self.weight()
    }
}

/// AI code that went into the editor and came out again (undo, deletion, revert) before any run
/// executed it: the candidate rejected it, so it is not adopted.
#[derive(Debug, Clone)]
pub struct Withdrawal {
    pub adoption: Adoption,
    /// The first state that no longer held it.
    pub removed_state: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Detected {
    /// Adoptions in time order: each block at most once, at its first episode that stayed in the
    /// code or was run before it left.
    pub adopted: Vec<Adoption>,
    /// Episodes removed before any run, in time order.
    pub withdrawn: Vec<Withdrawal>,
}

/// Content matching catches pasting and retyping alike; `runs` decides whether code that left the
/// buffer was ever executed while it was there.
pub fn detect(blocks: &[AiBlock], states: &[State<'_>], runs: &[RunEvent<'_>]) -> Detected {
    let mut found = Detected::default();
    for (bi, block) in blocks.iter().enumerate() {
        let (adopted, withdrawn) = detect_one(bi, block, states, runs);
        found.adopted.extend(adopted);
        found.withdrawn.extend(withdrawn);
    }
    found.adopted.sort_by_key(|a| (a.t_ms, a.state, a.block));
    found
        .withdrawn
        .sort_by_key(|w| (w.adoption.t_ms, w.adoption.state, w.adoption.block));
    found
}

/// The block's lines that the code holds.
fn held(block: &AiBlock, ntl: &Multiset) -> Multiset {
    block
        .lines
        .iter()
        .filter_map(|(line, wanted)| {
            let have = ntl.get(line).copied().unwrap_or(0).min(*wanted);
            (have > 0).then(|| (line.clone(), have))
        })
        .collect()
}

fn detect_one(
    bi: usize,
    block: &AiBlock,
    states: &[State<'_>],
    runs: &[RunEvent<'_>],
) -> (Option<Adoption>, Vec<Withdrawal>) {
    let size = block.size();
    let needed = MIN_MATCHED_LINES.min(size);
    let mut withdrawn = Vec::new();
    let mut k = 0;
    while k < states.len() {
        let state = &states[k];
        if state.t_ms > block.t_reply_ms + ADOPTION_WINDOW_MS {
            break;
        }
        let lines = held(block, &state.ntl);
        let total: u32 = lines.values().sum();
        let reached = total >= needed && f64::from(total) >= MIN_MATCHED_SHARE * f64::from(size);
        if state.t_ms <= block.t_reply_ms || !reached {
            k += 1;
            continue;
        }
        let adoption = Adoption {
            block: bi,
            exchange_id: block.exchange_id,
            state: k,
            t_ms: state.t_ms,
            lines,
        };
        let Some(removed) = (k + 1..states.len()).find(|&j| !adoption.held_by(&states[j].ntl))
        else {
            return (Some(adoption), withdrawn);
        };
        let executed = runs
            .iter()
            .any(|r| (k..removed).contains(&r.state) && adoption.held_by(&states[r.state].ntl));
        if executed {
            return (Some(adoption), withdrawn);
        }
        withdrawn.push(Withdrawal {
            adoption,
            removed_state: removed,
        });
        k = removed + 1;
    }
    (None, withdrawn)
}
