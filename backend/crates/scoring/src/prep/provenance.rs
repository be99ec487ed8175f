//! Who wrote each line of the final change: typed, edited from AI, taken from AI, or pasted from
//! outside. Content-based: timing and focus play no part.

use std::collections::{BTreeMap, BTreeSet};

use crate::record::SessionRecord;
use crate::text::fingerprint::{coverage, fingerprints};
use crate::text::lexer::{Multiset, multiset_minus, ntl_multiset, token_jaccard};

use super::adoption::Adoption;
use super::blocks::AiBlock;
use super::states::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Starter,
    Typed,
    AiEdited,
    Ai,
    Pasted,
}

/// Token Jaccard at which a line counts as edited from an AI line.
const AI_EDIT_SIMILARITY: f64 = 0.6;
/// Fingerprint coverage at which a paste counts as coming from a known source.
const KNOWN_SOURCE_COVERAGE: f64 = 0.5;
/// New characters in one interval that no typist produces: 40 chars/s is ~6× a fast typist.
pub const BURST_CHARS: usize = 200;
const BURST_CHARS_PER_S: u64 = 40;

#[derive(Debug, Clone)]
pub struct PasteInfo {
    pub t_ms: u64,
    pub chars: u64,
    /// True when the text matches no AI reply, the starter code, the task text or the code it was
    /// pasted into.
    pub external: bool,
    /// The state in which its lines first appeared, if they ever did.
    pub arrival: Option<usize>,
    pub lines: Multiset,
}

#[derive(Debug, Clone)]
pub struct ChangedLine {
    pub text: String,
    pub origin: Origin,
    /// The state in which this copy first appeared.
    pub state: usize,
}

#[derive(Debug, Clone)]
pub struct Burst {
    pub state: usize,
    pub chars: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// One entry per NTL copy in the final code but not in the starter code.
    pub changed: Vec<ChangedLine>,
    /// Intervals with too much new code for typing and no paste or adoption to explain it.
    pub bursts: Vec<Burst>,
}

impl Provenance {
    pub fn count(&self, origin: Origin) -> usize {
        self.changed.iter().filter(|l| l.origin == origin).count()
    }
}

/// Classifies every paste by where its text came from. Content decides, not timing: a paste is
/// compared with the code just before its lines first appeared, so moving its timestamp changes
/// nothing.
pub fn classify_pastes(rec: &SessionRecord, states: &[State<'_>]) -> Vec<PasteInfo> {
    let mut base = fingerprints(&rec.starter_code);
    base.extend(fingerprints(&rec.task.description));
    let replies: Vec<(u64, BTreeSet<u64>)> = rec
        .exchanges
        .iter()
        .map(|e| (e.t_reply_ms, fingerprints(&e.reply)))
        .collect();
    rec.pastes
        .iter()
        .map(|p| {
            let lines = ntl_multiset(&p.text);
            let arrival =
                (1..states.len()).find(|&k| lines.keys().any(|l| states[k].added.contains_key(l)));
            let own = fingerprints(&p.text);
            let external = arrival.is_some_and(|k| {
                let mut known = base.clone();
                for (_, fp) in replies.iter().filter(|(t, _)| *t <= states[k].t_ms) {
                    known.extend(fp);
                }
                known.extend(fingerprints(states[k - 1].code));
                coverage(&own, &known) < KNOWN_SOURCE_COVERAGE
            });
            PasteInfo {
                t_ms: p.t_ms,
                chars: p.chars,
                external,
                arrival,
                lines,
            }
        })
        .collect()
}

/// The burst threshold for an interval: 200 characters, or 40 per second over longer gaps.
pub fn burst_threshold(interval_ms: u64) -> usize {
    let per_rate = usize::try_from(interval_ms * BURST_CHARS_PER_S / 1000).unwrap_or(usize::MAX);
    BURST_CHARS.max(per_rate)
}

/// Replays the states and labels each new copy of a line when it first appears.
pub fn trace(
    states: &[State<'_>],
    blocks: &[AiBlock],
    adoptions: &[Adoption],
    pastes: &[PasteInfo],
) -> Provenance {
    let adopted: BTreeSet<usize> = adoptions.iter().map(|a| a.block).collect();
    // Labels of the live copies of each line, oldest first; a removal drops the newest copy.
    let mut live: BTreeMap<String, Vec<(Origin, usize)>> = BTreeMap::new();
    for (line, n) in &states[0].ntl {
        live.insert(line.clone(), vec![(Origin::Starter, 0); *n as usize]);
    }
    // A line that existed before keeps the label of its first appearance (moving code is not new work).
    let mut first_label: BTreeMap<String, Origin> = states[0]
        .ntl
        .keys()
        .map(|l| (l.clone(), Origin::Starter))
        .collect();
    let mut bursts = Vec::new();

    for (k, state) in states.iter().enumerate().skip(1) {
        for (line, n) in &state.removed {
            if let Some(stack) = live.get_mut(line) {
                stack.truncate(stack.len().saturating_sub(*n as usize));
            }
        }
        let mut labelled: Vec<(String, u32, Origin)> = state
            .added
            .iter()
            .map(|(line, n)| {
                let origin = first_label
                    .get(line)
                    .copied()
                    .unwrap_or_else(|| label_new_line(line, state, blocks, &adopted, pastes));
                (line.clone(), *n, origin)
            })
            .collect();

        // New typed lines that no paste explains (a paste of known text stays typed).
        let unexplained = |l: &String, o: Origin| {
            o == Origin::Typed
                && !first_label.contains_key(l)
                && !pastes.iter().any(|p| p.lines.contains_key(l))
        };
        let fresh_typed: usize = labelled
            .iter()
            .filter(|(l, _, o)| unexplained(l, *o))
            .map(|(l, n, _)| l.len() * *n as usize)
            .sum();
        let adopted_here = adoptions.iter().any(|a| a.state == k);
        if !adopted_here
            && fresh_typed >= burst_threshold(state.t_ms.saturating_sub(state.prev_seen_ms))
        {
            bursts.push(Burst {
                state: k,
                chars: fresh_typed,
            });
            for (l, _, o) in &mut labelled {
                if unexplained(l, *o) {
                    *o = Origin::Pasted;
                }
            }
        }
        for (line, n, origin) in labelled {
            first_label.entry(line.clone()).or_insert(origin);
            live.entry(line)
                .or_default()
                .extend(std::iter::repeat_n((origin, k), n as usize));
        }
    }

    let last = &states[states.len() - 1];
    let changed = multiset_minus(&last.ntl, &states[0].ntl)
        .into_iter()
        .flat_map(|(text, n)| {
            let stack = live.get(&text).cloned().unwrap_or_default();
            // The newest copies are the ones the starter did not have.
            let newest: Vec<(Origin, usize)> =
                stack.iter().rev().take(n as usize).copied().collect();
            newest.into_iter().map(move |(origin, state)| ChangedLine {
                text: text.clone(),
                origin: if origin == Origin::Starter {
                    Origin::Typed
                } else {
                    origin
                },
                state,
            })
        })
        .collect();
    Provenance { changed, bursts }
}

fn label_new_line(
    line: &str,
    state: &State<'_>,
    blocks: &[AiBlock],
    adopted: &BTreeSet<usize>,
    pastes: &[PasteInfo],
) -> Origin {
    let earlier = || {
        blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.t_reply_ms < state.t_ms)
    };
    if earlier().any(|(i, b)| adopted.contains(&i) && b.lines.contains_key(line)) {
        return Origin::Ai;
    }
    if earlier().any(|(_, b)| {
        b.lines
            .keys()
            .any(|ai| token_jaccard(line, ai) >= AI_EDIT_SIMILARITY)
    }) {
        return Origin::AiEdited;
    }
    if pastes
        .iter()
        .any(|p| p.external && p.lines.contains_key(line))
    {
        return Origin::Pasted;
    }
    Origin::Typed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_threshold_edges() {
        assert_eq!(burst_threshold(5_000), 200);
        assert_eq!(burst_threshold(1_000), 200);
        assert_eq!(burst_threshold(10_000), 400);
    }
}
