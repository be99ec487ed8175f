//! Provenance that follows the code (issue 22): property tests over generated edit sequences.
//! AI code that was inserted and undone is not adopted; AI code edited and then run is adopted and
//! verified only by runs after it existed; an outside paste that was deleted leaves no trace in the
//! authorship of the submission.

use proptest::prelude::*;
use tali_scoring::{
    EngineConfig, Exchange, HiddenResults, Paste, ScoreReport, SessionRecord, SignalId,
    SignalStatus, Snapshot, TaskSpec, TestOutcome, TestResult, TestRun, score,
};

const STARTER: &str = "def total(items):\n    return sum(items)\n";

/// Lines shaped unlike anything the candidate types (token Jaccard well below 0.6).
fn ai_lines(n: usize, seed: u32) -> Vec<String> {
    (0..n)
        .map(|i| format!("value_{seed}_{i} = compute(items, {i}) + offset"))
        .collect()
}

fn own_lines(n: usize) -> Vec<String> {
    (0..n)
        .map(|j| format!("count_{j} = len(data) * {j}"))
        .collect()
}

fn code(lines: &[String]) -> String {
    let mut code = STARTER.to_string();
    for l in lines {
        code.push_str(l);
        code.push('\n');
    }
    code
}

struct Session {
    rec: SessionRecord,
}

impl Session {
    fn new(block: &[String]) -> Self {
        let reply = format!("Try this:\n```python\n{}\n```\n", block.join("\n"));
        Session {
            rec: SessionRecord {
                task: TaskSpec {
                    description: "Make total() right.".into(),
                    time_limit_ms: 30 * 60_000,
                    test_weights: Default::default(),
                    signal_weights: None,
                    ai_required: false,
                    ai_disabled: false,
                    reference_fix_lines: 3,
                    token_budget: None,
                },
                starter_code: STARTER.into(),
                snapshots: vec![],
                pastes: vec![],
                focus: vec![],
                runs: vec![],
                test_runs: vec![],
                exchanges: vec![Exchange {
                    id: 1,
                    prompt: "How should total() weigh the items?".into(),
                    reply,
                    t_prompt_ms: 50_000,
                    t_reply_ms: 55_000,
                    tokens_in: 100,
                    tokens_out: 100,
                    code_hash: String::new(),
                }],
                final_code: STARTER.into(),
                submitted_ms: 0,
                hidden: HiddenResults::Graded {
                    results: vec![TestResult {
                        name: "test_total".into(),
                        outcome: TestOutcome::Passed,
                        message: String::new(),
                    }],
                    run_error: None,
                },
                lint: None,
                heartbeats: Vec::new(),
            },
        }
    }

    /// A code state at `t_s` seconds; returns its hash.
    fn snap(&mut self, t_s: u64, lines: &[String]) -> String {
        let seq = self.rec.snapshots.len() as u64 + 1;
        let hash = format!("h{seq}");
        let code = code(lines);
        self.rec.snapshots.push(Snapshot {
            seq,
            t_ms: t_s * 1000,
            hash: hash.clone(),
            code: code.clone(),
        });
        self.rec.final_code = code;
        self.rec.submitted_ms = t_s * 1000 + 1000;
        hash
    }

    fn test_run(&mut self, t_s: u64, hash: &str) {
        let id = self.rec.test_runs.len() as u64 + 1;
        self.rec.test_runs.push(TestRun {
            id,
            t_ms: t_s * 1000,
            hash: hash.into(),
            results: vec![TestResult {
                name: "test_total".into(),
                outcome: TestOutcome::Passed,
                message: String::new(),
            }],
        });
        self.rec.submitted_ms = self.rec.submitted_ms.max(t_s * 1000 + 1000);
    }

    fn report(&self) -> ScoreReport {
        score(&self.rec, None, &EngineConfig::default()).expect("scores")
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// insert → undo (→ own code → runs): nothing was adopted, no line of the submission is the AI's,
    /// and nothing claims the AI's code shipped.
    #[test]
    fn inserted_then_undone_is_not_adopted(
        size in 3usize..9,
        seed in 0u32..1000,
        own in 0usize..6,
        undo_after in 1u64..60,
        runs in 0usize..4,
    ) {
        let block = ai_lines(size, seed);
        let mut s = Session::new(&block);
        s.snap(60, &block);
        s.snap(60 + undo_after, &[]);
        let mut t = 60 + undo_after;
        let mine = own_lines(own);
        if own > 0 {
            t += 30;
            s.snap(t, &mine);
        }
        let hash = s.rec.snapshots.last().unwrap().hash.clone();
        for _ in 0..runs {
            t += 10;
            s.test_run(t, &hash);
        }
        let r = s.report();
        let s8 = r.signal(SignalId::Verification).unwrap();
        prop_assert!(matches!(s8.status, SignalStatus::NotApplicable { .. }), "{:?}", s8);
        prop_assert!(s8.explanation.contains("removed at"), "{}", s8.explanation);
        for sig in &r.signals {
            prop_assert!(!sig.explanation.contains("shipped on the AI's word"), "{}", sig.explanation);
        }
        let s9 = r.signal(SignalId::Independence).unwrap();
        if own >= 3 {
            prop_assert_eq!(s9.features["ai"], 0.0);
            prop_assert_eq!(s9.features["ai_edited"], 0.0);
            prop_assert_eq!(s9.features["typed"], own as f64);
        } else {
            let insufficient = matches!(s9.status, SignalStatus::Insufficient { .. });
            prop_assert!(insufficient, "{:?}", s9.status);
        }
    }

    /// insert → edit → run: still adopted (what the code holds decides), lines edited count as adapted,
    /// and the run after the edit verifies it. A run before the insert never does.
    #[test]
    fn inserted_edited_then_run_is_adopted_and_verified(
        size in 4usize..9,
        seed in 0u32..1000,
        edits in 0usize..2,
        run_before in any::<bool>(),
    ) {
        let block = ai_lines(size, seed);
        let mut s = Session::new(&block);
        if run_before {
            let hash = s.snap(58, &own_lines(1));
            s.test_run(59, &hash);
        }
        s.snap(60, &block);
        let edited: Vec<String> = block
            .iter()
            .enumerate()
            .map(|(i, l)| if i < edits { format!("{l} - 1") } else { l.clone() })
            .collect();
        let hash = s.snap(70, &edited);
        s.test_run(80, &hash);
        let r = s.report();
        let s8 = r.signal(SignalId::Verification).unwrap();
        prop_assert_eq!(s8.score(), Some(10.0), "{}", s8.explanation);
        prop_assert_eq!(s8.features["verified"], 1.0);
        let cited = format!("[test run {}]", s.rec.test_runs.len());
        prop_assert!(s8.explanation.contains(&cited), "{}", s8.explanation);
        let s9 = r.signal(SignalId::Independence).unwrap();
        prop_assert_eq!(s9.features["ai_edited"], edits as f64);
        prop_assert_eq!(s9.features["ai"], (size - edits) as f64);

        // The same session without the run after the insert: only the earlier run exists, and it
        // does not count.
        let mut unverified = s.rec.clone();
        unverified.test_runs.retain(|t| t.t_ms < 60_000);
        let r = score(&unverified, None, &EngineConfig::default()).unwrap();
        let s8 = r.signal(SignalId::Verification).unwrap();
        prop_assert_eq!(s8.features["verified"], 0.0, "{}", s8.explanation);
        prop_assert!(s8.explanation.contains("shipped on the AI's word"));
    }

    /// paste → delete: outside text that left the code again is no line of the submission.
    #[test]
    fn pasted_then_deleted_leaves_no_pasted_lines(
        size in 3usize..9,
        seed in 0u32..1000,
        own in 3usize..6,
    ) {
        let outside: Vec<String> = (0..size)
            .map(|i| format!("external_{seed}_{i} = fetch_remote(url_{i}, timeout=30)"))
            .collect();
        let mut s = Session::new(&ai_lines(3, seed));
        s.rec.exchanges.clear();
        s.rec.pastes.push(Paste { t_ms: 59_000, chars: outside.join("\n").len() as u64, text: outside.join("\n") });
        s.snap(60, &outside);
        s.snap(90, &[]);
        s.snap(150, &own_lines(own));
        let r = s.report();
        let s9 = r.signal(SignalId::Independence).unwrap();
        prop_assert_eq!(s9.features["pasted"], 0.0, "{}", s9.explanation);
        prop_assert_eq!(s9.features["typed"], own as f64);
        prop_assert_eq!(s9.score(), Some(10.0));
    }
}
