//! Code states: the starter code, each distinct snapshot, and the submitted code.

use std::collections::BTreeMap;

use crate::record::SessionRecord;
use crate::report::EvidenceRef;
use crate::text::lexer::{Multiset, multiset_minus, ntl_multiset};

/// Where a code state came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateOrigin {
    Starter,
    Snapshot(u64),
    /// The submitted code, when it differs from the last snapshot.
    Final,
}

#[derive(Debug, Clone)]
pub struct State<'a> {
    pub origin: StateOrigin,
    pub t_ms: u64,
    /// When the previous code was last seen; `t_ms − prev_seen_ms` is the interval the change took.
    pub prev_seen_ms: u64,
    pub hash: &'a str,
    pub code: &'a str,
    pub ntl: Multiset,
    /// NTLs gained and lost against the previous state.
    pub added: Multiset,
    pub removed: Multiset,
}

impl State<'_> {
    pub fn seq(&self) -> Option<u64> {
        match self.origin {
            StateOrigin::Snapshot(seq) => Some(seq),
            StateOrigin::Starter | StateOrigin::Final => None,
        }
    }
}

/// States in time order: `[0]` is the starter code; consecutive identical snapshots collapse.
pub fn build(rec: &SessionRecord) -> Vec<State<'_>> {
    let starter_ntl = ntl_multiset(&rec.starter_code);
    let mut states = vec![State {
        origin: StateOrigin::Starter,
        t_ms: 0,
        prev_seen_ms: 0,
        hash: "",
        code: &rec.starter_code,
        added: Multiset::new(),
        removed: Multiset::new(),
        ntl: starter_ntl,
    }];
    let mut last_seen_ms = 0;
    for snap in &rec.snapshots {
        if snap.code != states[states.len() - 1].code {
            push_state(
                &mut states,
                StateOrigin::Snapshot(snap.seq),
                snap.t_ms,
                &snap.hash,
                &snap.code,
                last_seen_ms,
            );
        }
        last_seen_ms = snap.t_ms;
    }
    if rec.final_code != states[states.len() - 1].code {
        let t = rec.submitted_ms.max(last_seen_ms);
        push_state(
            &mut states,
            StateOrigin::Final,
            t,
            "",
            &rec.final_code,
            last_seen_ms,
        );
    }
    states
}

fn push_state<'a>(
    states: &mut Vec<State<'a>>,
    origin: StateOrigin,
    t_ms: u64,
    hash: &'a str,
    code: &'a str,
    prev_seen_ms: u64,
) {
    let prev = &states[states.len() - 1];
    let ntl = ntl_multiset(code);
    let added = multiset_minus(&ntl, &prev.ntl);
    let removed = multiset_minus(&prev.ntl, &ntl);
    states.push(State {
        origin,
        t_ms,
        prev_seen_ms,
        hash,
        code,
        ntl,
        added,
        removed,
    });
}

/// Index of the latest state at or before `t_ms` (the starter when none).
pub fn state_at(states: &[State<'_>], t_ms: u64) -> usize {
    states.partition_point(|s| s.t_ms <= t_ms).saturating_sub(1)
}

/// Index of the state a run or prompt with code `hash` at `t_ms` saw. Snapshots may lag an event
/// by one interval, so a matching state up to 5 s later still counts.
pub fn state_for_hash(states: &[State<'_>], hash: &str, t_ms: u64) -> usize {
    let matching = |s: &&State<'_>| !hash.is_empty() && s.hash == hash;
    states
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| matching(s) && s.t_ms <= t_ms + SNAPSHOT_SLACK_MS)
        .or_else(|| states.iter().enumerate().find(|(_, s)| matching(s)))
        .map_or_else(|| state_at(states, t_ms), |(i, _)| i)
}

/// Snapshots come at least every 5 s, so timing rules allow this much slack.
pub const SNAPSHOT_SLACK_MS: u64 = 5_000;

/// Evidence for the change that produced state `k`.
pub fn change_ref(states: &[State<'_>], k: usize) -> Option<EvidenceRef> {
    let to = states[k].seq()?;
    Some(match k.checked_sub(1).and_then(|p| states[p].seq()) {
        Some(from) => EvidenceRef::SnapDiff { from, to },
        None => EvidenceRef::Snapshot { seq: to },
    })
}

/// When each NTL first appeared (starter lines at 0).
pub fn first_seen(states: &[State<'_>]) -> BTreeMap<String, u64> {
    let mut seen = BTreeMap::new();
    for (k, s) in states.iter().enumerate() {
        let lines = if k == 0 { &s.ntl } else { &s.added };
        for line in lines.keys() {
            seen.entry(line.clone()).or_insert(s.t_ms);
        }
    }
    seen
}
