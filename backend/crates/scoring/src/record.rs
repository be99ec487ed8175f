//! The session record: everything the app measured, gathered by the caller. Times are server
//! milliseconds from session start.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::SignalWeights;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub task: TaskSpec,
    pub starter_code: String,
    #[serde(default)]
    pub snapshots: Vec<Snapshot>,
    #[serde(default)]
    pub pastes: Vec<Paste>,
    #[serde(default)]
    pub focus: Vec<FocusInterval>,
    #[serde(default)]
    pub runs: Vec<CodeRun>,
    #[serde(default)]
    pub test_runs: Vec<TestRun>,
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
    pub final_code: String,
    pub submitted_ms: u64,
    pub hidden: HiddenResults,
    #[serde(default)]
    pub lint: Option<LintReport>,
    /// When the IDE said it was still recording (ms from the start): sent every 30 s while it has focus, so a
    /// long silence means the recorder stopped, not that the code did not change. Empty for sessions recorded
    /// before heartbeats existed: the snapshot-gap flag is not judged for them.
    #[serde(default)]
    pub heartbeats: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskSpec {
    /// The task text shown to the candidate (a paste copied from it is not "outside" text).
    #[serde(default)]
    pub description: String,
    pub time_limit_ms: u64,
    /// Hidden test name → weight; tests not listed weigh 1.
    #[serde(default)]
    pub test_weights: BTreeMap<String, f64>,
    /// Overrides the engine's default signal weights for this task.
    #[serde(default)]
    pub signal_weights: Option<SignalWeights>,
    /// When true, a session without any AI exchange scores 0 on S4, S5 and S8 instead of NA.
    #[serde(default)]
    pub ai_required: bool,
    /// The assessment gave the candidate no assistant (`ai_mode: off`): S4, S5 and S8 are not applicable and the
    /// overall is renormalised over the other signals, never penalised.
    #[serde(default)]
    pub ai_disabled: bool,
    /// Non-trivial lines the reference fix changes; the yardstick for churn.
    pub reference_fix_lines: u32,
    /// AI tokens (in + out) a session may use before S4 costs points; the engine default when absent.
    #[serde(default)]
    pub token_budget: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub seq: u64,
    pub t_ms: u64,
    pub hash: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paste {
    pub t_ms: u64,
    pub chars: u64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusInterval {
    pub lost_ms: u64,
    pub regained_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    Ok,
    Error,
    Timeout,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRun {
    pub id: u64,
    pub t_ms: u64,
    pub hash: String,
    pub outcome: RunOutcome,
    #[serde(default)]
    pub duration_ms: u64,
    #[serde(default)]
    pub output_excerpt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestOutcome {
    Passed,
    Failed,
    /// Error, timeout or collection failure: counts as a failure.
    Error,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    pub name: String,
    pub outcome: TestOutcome,
    #[serde(default)]
    pub message: String,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.outcome == TestOutcome::Passed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRun {
    pub id: u64,
    pub t_ms: u64,
    pub hash: String,
    pub results: Vec<TestResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub id: u64,
    pub prompt: String,
    pub reply: String,
    pub t_prompt_ms: u64,
    pub t_reply_ms: u64,
    #[serde(default)]
    pub tokens_in: u64,
    #[serde(default)]
    pub tokens_out: u64,
    /// Hash of the code the candidate had when sending the prompt.
    #[serde(default)]
    pub code_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum HiddenResults {
    Graded {
        results: Vec<TestResult>,
        /// Why the suite produced no results of its own (the code did not import, the run timed out); its
        /// tests are then listed as errors.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        run_error: Option<String>,
    },
    /// The hidden run itself failed (sandbox or infrastructure), so correctness is unknown.
    NotGraded { reason: String },
}

/// Ruff's report on the final code, reduced to what the engine reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintReport {
    /// False when the final code has a syntax error.
    pub parses: bool,
    #[serde(default)]
    pub findings: Vec<LintFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintFinding {
    pub code: String,
    /// 1-based line in the final code.
    pub line: u32,
    #[serde(default)]
    pub message: String,
}

impl SessionRecord {
    /// A copy the engine can read whatever a real session produced: every event list in (time, id) order, and
    /// values no formula can use made harmless (a zero time limit, a weight that is negative or not finite, a
    /// focus interval or an exchange whose end precedes its start, as a skewed client clock can report).
    pub(crate) fn canonical(&self) -> SessionRecord {
        let mut rec = self.clone();
        rec.task.time_limit_ms = rec.task.time_limit_ms.max(1);
        rec.task
            .test_weights
            .retain(|_, w| w.is_finite() && *w >= 0.0);
        for f in &mut rec.focus {
            f.regained_ms = f.regained_ms.max(f.lost_ms);
        }
        for e in &mut rec.exchanges {
            e.t_reply_ms = e.t_reply_ms.max(e.t_prompt_ms);
        }
        rec.snapshots.sort_by_key(|s| (s.t_ms, s.seq));
        rec.pastes
            .sort_by(|a, b| (a.t_ms, a.chars, &a.text).cmp(&(b.t_ms, b.chars, &b.text)));
        rec.focus.sort_by_key(|f| (f.lost_ms, f.regained_ms));
        rec.runs.sort_by_key(|r| (r.t_ms, r.id));
        rec.test_runs.sort_by_key(|r| (r.t_ms, r.id));
        for run in &mut rec.test_runs {
            run.results.sort_by(|a, b| a.name.cmp(&b.name));
        }
        rec.exchanges.sort_by_key(|e| (e.t_prompt_ms, e.id));
        rec.heartbeats.sort_unstable();
        if let HiddenResults::Graded { results, .. } = &mut rec.hidden {
            results.sort_by(|a, b| a.name.cmp(&b.name));
        }
        rec
    }

    /// Weight of a hidden test (default 1). pytest names a test `module::function[params]`; a task may weigh it
    /// by that full name or by the function's name alone.
    pub(crate) fn test_weight(&self, name: &str) -> f64 {
        let function = name.rsplit("::").next().unwrap_or(name);
        let function = function.split('[').next().unwrap_or(function);
        let weights = &self.task.test_weights;
        weights
            .get(name)
            .or_else(|| weights.get(function))
            .copied()
            .unwrap_or(1.0)
    }
}
