//! Derived facts every signal reads, computed once per scoring.

pub mod adoption;
pub mod blocks;
pub mod provenance;
pub mod runs;
pub mod states;

use crate::record::SessionRecord;
use crate::text::lexer::{Multiset, multiset_minus};

pub use adoption::{Adoption, Withdrawal};
pub use provenance::{Origin, PasteInfo, Provenance};
pub use runs::{Loop, RunEvent, RunKind};
pub use states::State;

pub struct Prepared<'a> {
    pub rec: &'a SessionRecord,
    pub states: Vec<State<'a>>,
    /// NTLs of the final code minus those of the starter code.
    pub changed: Multiset,
    pub adoptions: Vec<Adoption>,
    /// AI code taken into the editor and removed before any run: not adopted, but reported.
    pub withdrawn: Vec<Withdrawal>,
    pub pastes: Vec<PasteInfo>,
    pub provenance: Provenance,
    pub runs: Vec<RunEvent<'a>>,
    pub loops: Vec<Loop>,
}

impl<'a> Prepared<'a> {
    /// `rec` must already be in canonical order.
    pub fn new(rec: &'a SessionRecord) -> Self {
        let states = states::build(rec);
        let first_seen = states::first_seen(&states);
        let blocks = blocks::build(&rec.exchanges, &first_seen);
        let runs = runs::merge(rec, &states);
        let adoption::Detected {
            adopted: adoptions,
            withdrawn,
        } = adoption::detect(&blocks, &states, &runs);
        let pastes = provenance::classify_pastes(rec, &states);
        let provenance = provenance::trace(&states, &blocks, &adoptions, &withdrawn, &pastes);
        let loops = runs::loops(&runs, &states);
        let changed = multiset_minus(&states[states.len() - 1].ntl, &states[0].ntl);
        Self {
            rec,
            states,
            changed,
            adoptions,
            withdrawn,
            pastes,
            provenance,
            runs,
            loops,
        }
    }

    /// When the candidate first changed a non-trivial line, if ever.
    pub fn first_change_ms(&self) -> Option<u64> {
        self.states
            .iter()
            .skip(1)
            .find(|s| s.ntl != self.states[0].ntl)
            .map(|s| s.t_ms)
    }

    /// The latest run at or before `t_ms` that failed.
    pub fn latest_failure_before(&self, t_ms: u64) -> Option<&RunEvent<'a>> {
        self.runs.iter().rev().find(|r| r.t_ms <= t_ms && r.failed)
    }
}
