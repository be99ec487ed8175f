//! Code states: the starter code, each distinct snapshot, and the submitted code.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::record::SessionRecord;
use crate::report::EvidenceRef;
use crate::text::lexer::Multiset;
use crate::text::line_table::LineTable;

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
/// Each state's multisets come from the previous state's and the lines that differ, so a long
/// session lexes each distinct raw line once instead of every line of every snapshot.
pub fn build(rec: &SessionRecord) -> Vec<State<'_>> {
    let mut builder = Builder {
        table: LineTable::default(),
        lines: rec.starter_code.lines().collect(),
        states: Vec::new(),
    };
    let mut starter_ntl = Multiset::new();
    for raw in &builder.lines {
        if let Some(line) = builder.table.ntl(raw) {
            *starter_ntl.entry(line).or_default() += 1;
        }
    }
    builder.states.push(State {
        origin: StateOrigin::Starter,
        t_ms: 0,
        prev_seen_ms: 0,
        hash: "",
        code: &rec.starter_code,
        added: Multiset::new(),
        removed: Multiset::new(),
        ntl: starter_ntl,
    });
    let mut last_seen_ms = 0;
    for snap in &rec.snapshots {
        if snap.code != builder.last().code {
            builder.push(
                StateOrigin::Snapshot(snap.seq),
                snap.t_ms,
                &snap.hash,
                &snap.code,
                last_seen_ms,
            );
        }
        last_seen_ms = snap.t_ms;
    }
    if rec.final_code != builder.last().code {
        let t = rec.submitted_ms.max(last_seen_ms);
        builder.push(StateOrigin::Final, t, "", &rec.final_code, last_seen_ms);
    }
    builder.states
}

struct Builder<'a> {
    table: LineTable<'a>,
    states: Vec<State<'a>>,
    /// Raw lines of the last state's code.
    lines: Vec<&'a str>,
}

impl<'a> Builder<'a> {
    fn last(&self) -> &State<'a> {
        &self.states[self.states.len() - 1]
    }

    fn push(
        &mut self,
        origin: StateOrigin,
        t_ms: u64,
        hash: &'a str,
        code: &'a str,
        prev_seen_ms: u64,
    ) {
        let lines: Vec<&'a str> = code.lines().collect();
        let mut ntl = self.last().ntl.clone();
        let mut added = Multiset::new();
        let mut removed = Multiset::new();
        for (line, change) in ntl_changes(&mut self.table, &self.lines, &lines) {
            if change > 0 {
                let gained = change.unsigned_abs();
                *ntl.entry(line.clone()).or_default() += gained;
                added.insert(line, gained);
            } else {
                let lost = change.unsigned_abs();
                if let Some(n) = ntl.get_mut(&line) {
                    *n -= lost;
                    if *n == 0 {
                        ntl.remove(&line);
                    }
                }
                removed.insert(line, lost);
            }
        }
        self.lines = lines;
        self.states.push(State {
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
}

/// Net change of each NTL's count from `old` to `new` (raw lines), zero changes left out. Only the
/// lines between the common prefix and suffix can differ, and a line's count changes by its copies
/// added minus its copies removed, whatever the order.
fn ntl_changes<'a>(
    table: &mut LineTable<'a>,
    old: &[&'a str],
    new: &[&'a str],
) -> Vec<(Rc<str>, i32)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut raw_changes: HashMap<&'a str, i32> = HashMap::new();
    for raw in &old[prefix..old.len() - suffix] {
        *raw_changes.entry(raw).or_default() -= 1;
    }
    for raw in &new[prefix..new.len() - suffix] {
        *raw_changes.entry(raw).or_default() += 1;
    }
    let mut changes: BTreeMap<Rc<str>, i32> = BTreeMap::new();
    for (raw, change) in raw_changes {
        if change != 0
            && let Some(line) = table.ntl(raw)
        {
            *changes.entry(line).or_default() += change;
        }
    }
    changes.into_iter().filter(|(_, c)| *c != 0).collect()
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
pub fn first_seen(states: &[State<'_>]) -> BTreeMap<Rc<str>, u64> {
    let mut seen = BTreeMap::new();
    for (k, s) in states.iter().enumerate() {
        let lines = if k == 0 { &s.ntl } else { &s.added };
        for line in lines.keys() {
            seen.entry(line.clone()).or_insert(s.t_ms);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{HiddenResults, Snapshot, TaskSpec};
    use crate::text::lexer::{multiset_minus, ntl_multiset};

    fn record(starter: &str, snapshots: &[&str], final_code: &str) -> SessionRecord {
        SessionRecord {
            task: TaskSpec {
                description: String::new(),
                time_limit_ms: 60_000,
                test_weights: BTreeMap::new(),
                signal_weights: None,
                ai_required: false,
                ai_disabled: false,
                reference_fix_lines: 1,
                token_budget: None,
            },
            starter_code: starter.into(),
            snapshots: snapshots
                .iter()
                .enumerate()
                .map(|(i, code)| Snapshot {
                    seq: i as u64 + 1,
                    t_ms: 5_000 * (i as u64 + 1),
                    hash: format!("h{i}"),
                    code: (*code).into(),
                })
                .collect(),
            pastes: vec![],
            focus: vec![],
            runs: vec![],
            test_runs: vec![],
            exchanges: vec![],
            final_code: final_code.into(),
            submitted_ms: 60_000,
            hidden: HiddenResults::NotGraded {
                reason: "unused".into(),
            },
            lint: None,
            heartbeats: Vec::new(),
        }
    }

    /// Incremental states equal lexing every state in full: reformatted lines, copies, moves,
    /// trivial and comment lines, and edits at both ends.
    #[test]
    fn incremental_states_match_full_recomputation() {
        let starter = "def f(a, b):\n    x = a + b\n    return x\n\nprint(f(1, 2))\n";
        let snapshots = [
            "def f(a, b):\n    x = a+b  # sum\n    return x\n\nprint(f(1, 2))\n",
            "def f(a, b):\n    x = a + b\n    x = a + b\n    y = x * 2\n    return y\n\nprint(f(1, 2))\n",
            "def f(a, b):\n    x = a + b\n    x = a + b\n    y = x * 2\n    return y\n\nprint(f(1, 2))\n",
            "print(f(1, 2))\ndef f(a, b):\n    y = x * 2\n    x = a + b\n    pass\n    return y\n",
            "# header\nz = 0\nprint(f(1, 2))\ndef f(a, b):\n    y = x * 2\n    x = a + b\n    return y\nw = 1\n",
        ];
        let final_code = "def f(a, b):\n    return a + b\n";
        let rec = record(starter, &snapshots, final_code);
        let states = build(&rec);
        // The repeated snapshot collapses; the final code adds a state.
        assert_eq!(states.len(), 1 + 4 + 1);
        for pair in states.windows(2) {
            let (prev, cur) = (&pair[0], &pair[1]);
            let full = ntl_multiset(cur.code);
            assert_eq!(cur.ntl, full, "{:?}", cur.origin);
            assert_eq!(
                cur.added,
                multiset_minus(&full, &prev.ntl),
                "{:?}",
                cur.origin
            );
            assert_eq!(
                cur.removed,
                multiset_minus(&prev.ntl, &full),
                "{:?}",
                cur.origin
            );
        }
        assert_eq!(states[0].ntl, ntl_multiset(starter));
        // Reformatting a line changes no NTL.
        assert!(states[1].added.is_empty() && states[1].removed.is_empty());
    }
}
