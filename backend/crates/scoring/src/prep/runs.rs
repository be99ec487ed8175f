//! Runs (code runs and visible-test runs merged) and fix-and-rerun loops.

use crate::record::{RunOutcome, SessionRecord, TestOutcome, TestResult};
use crate::report::EvidenceRef;
use crate::text::diff::touched_rows;
use crate::text::python::{failure_pointers, functions};

use super::states::{State, state_for_hash};

/// Lines either side of a reported `file:line` that still count as aimed at it.
const TARGET_RADIUS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Code,
    Test,
}

#[derive(Debug, Clone)]
pub struct RunEvent<'a> {
    pub kind: RunKind,
    pub id: u64,
    pub t_ms: u64,
    pub hash: &'a str,
    pub failed: bool,
    /// What the candidate saw: the output excerpt, or the failing tests' messages.
    pub output: String,
    /// Per-test results (test runs only).
    pub tests: &'a [TestResult],
    /// The code state the run executed.
    pub state: usize,
}

impl RunEvent<'_> {
    pub fn evidence(&self) -> EvidenceRef {
        match self.kind {
            RunKind::Code => EvidenceRef::Run { id: self.id },
            RunKind::Test => EvidenceRef::TestRun {
                id: self.id,
                test: None,
            },
        }
    }

    pub fn all_tests_pass(&self) -> bool {
        self.kind == RunKind::Test && !self.failed
    }
}

/// A failing run, at least one code change, then the next run.
#[derive(Debug, Clone)]
pub struct Loop {
    /// The rerun (the failing run is the one before it).
    pub next_run: usize,
    /// The change touched the lines or functions the failure pointed at.
    pub targeted: bool,
}

pub fn merge<'a>(rec: &'a SessionRecord, states: &[State<'a>]) -> Vec<RunEvent<'a>> {
    let code = rec.runs.iter().map(|r| RunEvent {
        kind: RunKind::Code,
        id: r.id,
        t_ms: r.t_ms,
        hash: &r.hash,
        failed: r.outcome != RunOutcome::Ok,
        output: r.output_excerpt.clone(),
        tests: &[],
        state: state_for_hash(states, &r.hash, r.t_ms),
    });
    let tests = rec.test_runs.iter().map(|r| RunEvent {
        kind: RunKind::Test,
        id: r.id,
        t_ms: r.t_ms,
        hash: &r.hash,
        // No results at all means collection failed.
        failed: r.results.is_empty()
            || r.results
                .iter()
                .any(|t| matches!(t.outcome, TestOutcome::Failed | TestOutcome::Error)),
        output: r
            .results
            .iter()
            .filter(|t| !t.passed())
            .map(|t| format!("{}: {}", t.name, t.message))
            .collect::<Vec<_>>()
            .join("\n"),
        tests: &r.results,
        state: state_for_hash(states, &r.hash, r.t_ms),
    });
    let mut all: Vec<RunEvent<'a>> = code.chain(tests).collect();
    all.sort_by_key(|r| (r.t_ms, r.kind == RunKind::Test, r.id));
    all
}

/// A run on the same code as the run before it.
pub fn is_duplicate(runs: &[RunEvent<'_>], i: usize) -> bool {
    i > 0 && runs[i].hash == runs[i - 1].hash
}

pub fn loops(runs: &[RunEvent<'_>], states: &[State<'_>]) -> Vec<Loop> {
    (1..runs.len())
        .filter(|&i| runs[i - 1].failed && !is_duplicate(runs, i))
        .map(|i| Loop {
            next_run: i,
            targeted: is_targeted(
                &runs[i - 1],
                states[runs[i - 1].state].code,
                states[runs[i].state].code,
            ),
        })
        .collect()
}

fn is_targeted(failing: &RunEvent<'_>, before: &str, after: &str) -> bool {
    let pointers = failure_pointers(&failing.output, before);
    let spans: Vec<_> = functions(before)
        .into_iter()
        .filter(|f| pointers.functions.contains(&f.name))
        .collect();
    // The line diff is the expensive part; with nothing to aim at it cannot matter.
    if pointers.lines.is_empty() && spans.is_empty() {
        return false;
    }
    touched_rows(before, after).into_iter().any(|row| {
        pointers
            .lines
            .iter()
            .any(|line| (row + 1).abs_diff(*line) <= TARGET_RADIUS)
            || spans
                .iter()
                .any(|f| (f.first_row..=f.last_row).contains(&row))
    })
}
