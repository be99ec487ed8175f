//! Who wrote each line of the final change: typed, edited from AI, taken from AI, or pasted from
//! outside. Content-based: timing and focus play no part.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::record::SessionRecord;
use crate::report::PasteSource;
use crate::text::fingerprint::{MATCH_TOKENS, coverage, fingerprints};
use crate::text::lexer::tokens;
use crate::text::lexer::{Multiset, multiset_minus, ntl_multiset};
use crate::text::similar::SimilarLines;

use super::adoption::{Adoption, Withdrawal};
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
    /// Where most of its text was found, for the recruiter's list of every paste.
    pub source: PasteSource,
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
    // Each reply fingerprint with the earliest reply that had it.
    let mut replies: BTreeMap<u64, u64> = BTreeMap::new();
    for e in &rec.exchanges {
        for fp in fingerprints(&e.reply) {
            replies
                .entry(fp)
                .and_modify(|t| *t = (*t).min(e.t_reply_ms))
                .or_insert(e.t_reply_ms);
        }
    }
    rec.pastes
        .iter()
        .map(|p| {
            let lines = ntl_multiset(&p.text);
            let arrival =
                (1..states.len()).find(|&k| lines.keys().any(|l| states[k].added.contains_key(l)));
            let own = fingerprints(&p.text);
            // The code the paste went into: the state before its lines appeared, or the last one seen before it.
            let (before_code, seen_ms) = match arrival {
                Some(k) => (states[k - 1].code, states[k].t_ms),
                None => {
                    let last = states
                        .iter()
                        .rev()
                        .find(|s| s.t_ms <= p.t_ms)
                        .unwrap_or(&states[0]);
                    (last.code, p.t_ms)
                }
            };
            let before = fingerprints(before_code);
            let from_ai = |fp| replies.get(&fp).is_some_and(|t| *t <= seen_ms);
            let from_session = |fp| base.contains(&fp) || before.contains(&fp);
            let known = coverage(&own, |fp| from_ai(fp) || from_session(fp));
            let external = arrival.is_some() && known < KNOWN_SOURCE_COVERAGE;
            let short = p.text.lines().flat_map(tokens).count() < MATCH_TOKENS;
            let source = if short {
                short_paste_source(rec, p.text.trim(), before_code, seen_ms)
            } else if known < KNOWN_SOURCE_COVERAGE {
                PasteSource::External
            } else if coverage(&own, from_ai) >= coverage(&own, from_session) {
                PasteSource::Ai
            } else {
                PasteSource::Own
            };
            PasteInfo {
                t_ms: p.t_ms,
                chars: p.chars,
                external,
                arrival,
                lines,
                source,
            }
        })
        .collect()
}

/// A paste too short for its fingerprints to be found (a name, an expression) is found by its text: in an AI reply the candidate had
/// seen, or in the starter, the task or their code.
fn short_paste_source(rec: &SessionRecord, text: &str, before: &str, seen_ms: u64) -> PasteSource {
    if text.is_empty()
        || before.contains(text)
        || rec.starter_code.contains(text)
        || rec.task.description.contains(text)
    {
        PasteSource::Own
    } else if rec
        .exchanges
        .iter()
        .any(|e| e.t_reply_ms <= seen_ms && e.reply.contains(text))
    {
        PasteSource::Ai
    } else {
        PasteSource::External
    }
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
    withdrawn: &[Withdrawal],
    pastes: &[PasteInfo],
) -> Provenance {
    let sources = Sources::new(blocks, adoptions, pastes);
    // Labels of the live copies of each line, oldest first; a removal drops the newest copy.
    let mut live: BTreeMap<Rc<str>, Vec<(Origin, usize)>> = BTreeMap::new();
    for (line, n) in &states[0].ntl {
        live.insert(line.clone(), vec![(Origin::Starter, 0); *n as usize]);
    }
    // A line that existed before keeps the label of its first appearance (moving code is not new work).
    let mut first_label: BTreeMap<Rc<str>, Origin> = states[0]
        .ntl
        .keys()
        .map(|l| (l.clone(), Origin::Starter))
        .collect();
    // AI code explains a jump in new text even when the candidate removed it again later.
    let adopted_in: BTreeSet<usize> = adoptions
        .iter()
        .chain(withdrawn.iter().map(|w| &w.adoption))
        .map(|a| a.state)
        .collect();
    let mut bursts = Vec::new();

    for (k, state) in states.iter().enumerate().skip(1) {
        for (line, n) in &state.removed {
            if let Some(stack) = live.get_mut(line) {
                stack.truncate(stack.len().saturating_sub(*n as usize));
            }
        }
        let mut labelled: Vec<(Rc<str>, u32, Origin)> = state
            .added
            .iter()
            .map(|(line, n)| {
                let origin = first_label
                    .get(line)
                    .copied()
                    .unwrap_or_else(|| sources.label(line, state.t_ms));
                (line.clone(), *n, origin)
            })
            .collect();

        // New typed lines that no paste explains (a paste of known text stays typed).
        let unexplained = |l: &str, o: Origin| {
            o == Origin::Typed && !first_label.contains_key(l) && !sources.pasted.contains(l)
        };
        let fresh_typed: usize = labelled
            .iter()
            .filter(|(l, _, o)| unexplained(l, *o))
            .map(|(l, n, _)| l.len() * *n as usize)
            .sum();
        if !adopted_in.contains(&k)
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
                text: text.to_string(),
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

/// Where a new line can come from, indexed once so labelling a line costs lookups, not a pass
/// over every AI block and paste.
struct Sources<'b> {
    /// Lines of adopted blocks, with the earliest reply that held each.
    adopted: BTreeMap<&'b str, u64>,
    /// Lines of every AI block, available from the earliest reply that held each.
    ai: SimilarLines<'b>,
    /// Lines of pastes whose text came from outside the session.
    external: BTreeSet<&'b str>,
    /// Lines of any paste.
    pasted: BTreeSet<&'b str>,
}

impl<'b> Sources<'b> {
    fn new(blocks: &'b [AiBlock], adoptions: &[Adoption], pastes: &'b [PasteInfo]) -> Self {
        let adopted_blocks: BTreeSet<usize> = adoptions.iter().map(|a| a.block).collect();
        let mut adopted: BTreeMap<&'b str, u64> = BTreeMap::new();
        let mut ai: BTreeMap<&'b str, u64> = BTreeMap::new();
        for (i, block) in blocks.iter().enumerate() {
            for line in block.lines.keys() {
                let earliest = |t: &mut u64| *t = (*t).min(block.t_reply_ms);
                ai.entry(line)
                    .and_modify(earliest)
                    .or_insert(block.t_reply_ms);
                if adopted_blocks.contains(&i) {
                    adopted
                        .entry(line)
                        .and_modify(earliest)
                        .or_insert(block.t_reply_ms);
                }
            }
        }
        let lines_of = |external_only: bool| {
            pastes
                .iter()
                .filter(|p| p.external || !external_only)
                .flat_map(|p| p.lines.keys().map(|l| &**l))
                .collect()
        };
        Sources {
            adopted,
            ai: SimilarLines::new(ai),
            external: lines_of(true),
            pasted: lines_of(false),
        }
    }

    /// The origin of a line never seen before, appearing at `t_ms`: AI code adopted earlier, an
    /// edit of an earlier AI line, outside text, or typing.
    fn label(&self, line: &str, t_ms: u64) -> Origin {
        if self.adopted.get(line).is_some_and(|t| *t < t_ms) {
            Origin::Ai
        } else if self.ai.any_similar(line, t_ms, AI_EDIT_SIMILARITY) {
            Origin::AiEdited
        } else if self.external.contains(line) {
            Origin::Pasted
        } else {
            Origin::Typed
        }
    }
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
