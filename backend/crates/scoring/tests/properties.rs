//! Property tests (design §6). Case counts stay small so the suite runs in seconds on 2 cores.

use proptest::prelude::*;
use tali_scoring::{
    EngineConfig, Exchange, FocusInterval, HiddenResults, JudgeVerdict, JudgeVerdicts, ScoreReport,
    SessionRecord, SignalId, SignalWeights, Snapshot, TestOutcome, TestResult, TestRun,
    judge_requests, score,
};

const PERSONAS: [&str; 5] = [
    "a_verifier",
    "b_paster",
    "c_flailer",
    "d_no_ai_expert",
    "e_outside_copy",
];

fn fixture(name: &str) -> SessionRecord {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("valid fixture")
}

fn run(rec: &SessionRecord) -> ScoreReport {
    score(rec, None, &EngineConfig::default()).expect("scores")
}

fn scores(r: &ScoreReport) -> Vec<Option<f64>> {
    SignalId::ALL.iter().map(|id| r.signal_score(*id)).collect()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 12,
        ..ProptestConfig::default()
    }
}

/// Reorders a vector by a list of sort keys.
fn shuffle<T: Clone>(v: &[T], keys: &[u32]) -> Vec<T> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by_key(|i| (keys.get(*i).copied().unwrap_or(0), *i));
    idx.into_iter().map(|i| v[i].clone()).collect()
}

proptest! {
    #![proptest_config(config())]

    /// 1. Same input, same output; the order of input vectors does not matter.
    #[test]
    fn deterministic_and_order_independent(p in 0..5usize, keys in prop::collection::vec(any::<u32>(), 64)) {
        let rec = fixture(PERSONAS[p]);
        let base = run(&rec);
        prop_assert_eq!(&base, &run(&rec));
        let mut shuffled = rec.clone();
        shuffled.snapshots = shuffle(&rec.snapshots, &keys);
        shuffled.runs = shuffle(&rec.runs, &keys);
        shuffled.test_runs = shuffle(&rec.test_runs, &keys);
        shuffled.exchanges = shuffle(&rec.exchanges, &keys);
        shuffled.pastes = shuffle(&rec.pastes, &keys);
        prop_assert_eq!(&base, &run(&shuffled));
    }

    /// 2 and 10. Scores stay in [0, 10]; the overall is the renormalised weighted mean, gated at
    /// S1 + 3 and rounded half up, under any valid weights.
    #[test]
    fn overall_is_the_gated_weighted_mean(p in 0..5usize, raw in prop::collection::vec(0u32..100, 9)) {
        let total: u32 = raw.iter().sum::<u32>().max(1);
        let w: Vec<f64> = raw.iter().map(|x| f64::from(*x) / f64::from(total)).collect();
        let weights = SignalWeights { correctness: w[0], code_quality: w[1], time_efficiency: w[2], ai_efficiency: w[3], prompt_quality: w[4], design_thinking: w[5], debugging: w[6], verification: w[7], independence: 1.0 - w[..8].iter().sum::<f64>() };
        prop_assume!(weights.validate().is_ok() && weights.correctness >= 0.0005);
        let mut rec = fixture(PERSONAS[p]);
        rec.task.signal_weights = Some(weights);
        let r = run(&rec);
        let mut num = 0u64;
        let mut den = 0u64;
        for s in &r.signals {
            if let Some(v) = s.score() {
                prop_assert!((0.0..=10.0).contains(&v));
                let mille = (weights_of(&weights, s.id) * 1000.0 + 0.5) as u64;
                num += mille * u64::from(s.tenths().unwrap().tenths());
                den += mille;
            }
        }
        let s1 = r.signal(SignalId::Correctness).unwrap().tenths().unwrap().tenths();
        let expected = ((2 * num + den) / (2 * den)).min(u64::from(s1) + 30);
        let overall = r.overall.unwrap();
        prop_assert_eq!(u64::from(overall.tenths()), expected);
        prop_assert!(overall.as_f64() <= r.signal_score(SignalId::Correctness).unwrap() + 3.0 + 1e-9);
    }

    /// 3. Passing one more hidden test never lowers S1 or the overall score.
    #[test]
    fn passing_a_hidden_test_never_lowers_scores(which in 0..4usize, weight in 0.5f64..3.0) {
        let mut rec = fixture("c_flailer");
        rec.task.test_weights.insert("test_line_total".into(), weight);
        let before = run(&rec);
        let HiddenResults::Graded { results, .. } = &mut rec.hidden else { unreachable!("fixture is graded") };
        results[which].outcome = TestOutcome::Passed;
        let after = run(&rec);
        prop_assert!(after.signal_score(SignalId::Correctness) >= before.signal_score(SignalId::Correctness));
        prop_assert!(after.overall() >= before.overall());
    }

    /// 4. Focus intervals and paste timing change flags only, never a score.
    #[test]
    fn focus_and_paste_timing_change_flags_only(
        p in 0..5usize,
        focus in prop::collection::vec((0u64..1_500_000, 0u64..400_000), 0..4),
        shifts in prop::collection::vec(0u64..300_000, 8),
    ) {
        let rec = fixture(PERSONAS[p]);
        let base = run(&rec);
        let mut moved = rec.clone();
        moved.focus = focus.iter().map(|(lost, d)| FocusInterval { lost_ms: *lost, regained_ms: lost + d }).collect();
        for (paste, shift) in moved.pastes.iter_mut().zip(&shifts) {
            paste.t_ms = paste.t_ms.saturating_sub(*shift);
        }
        let r = run(&moved);
        prop_assert_eq!(scores(&base), scores(&r));
        prop_assert_eq!(base.overall, r.overall);
    }

    /// 5. Rerunning unchanged code changes no score except possibly lowering S7.
    #[test]
    fn duplicate_runs_only_lower_debugging(p in 0..5usize, pick in any::<prop::sample::Index>(), test_run in any::<bool>()) {
        let rec = fixture(PERSONAS[p]);
        let base = run(&rec);
        let mut dup = rec.clone();
        if test_run && !rec.test_runs.is_empty() {
            let mut copy = pick.get(&rec.test_runs).clone();
            copy.id = 10_000;
            dup.test_runs.push(copy);
        } else if !rec.runs.is_empty() {
            let mut copy = pick.get(&rec.runs).clone();
            copy.id = 10_000;
            dup.runs.push(copy);
        }
        let r = run(&dup);
        for id in SignalId::ALL {
            if id == SignalId::Debugging {
                prop_assert!(r.signal_score(id) <= base.signal_score(id));
            } else {
                prop_assert_eq!(r.signal_score(id), base.signal_score(id), "{}", id.code());
            }
        }
    }

    /// 6. Appending filler or keywords without grounded names never raises S5.
    #[test]
    fn filler_never_raises_prompt_quality(p in 0..2usize, words in prop::collection::vec(prop::sample::select(FILLER), 1..40)) {
        let rec = fixture(PERSONAS[p]);
        let base = run(&rec);
        let mut padded = rec.clone();
        for e in &mut padded.exchanges {
            e.prompt = format!("{}\n{}.", e.prompt, words.join(" "));
        }
        prop_assert!(run(&padded).signal_score(SignalId::PromptQuality) <= base.signal_score(SignalId::PromptQuality));
    }

    /// 8. A judge moves only the judgeable signals, by at most 2 points.
    #[test]
    fn judge_moves_only_judgeable_signals(p in 0..5usize, verdict in prop::collection::vec(0.0f64..=10.0, 9)) {
        let rec = fixture(PERSONAS[p]);
        let det = run(&rec);
        let requests = judge_requests(&rec, &det);
        let mut verdicts = JudgeVerdicts::default();
        for (id, v) in SignalId::ALL.iter().zip(&verdict) {
            // Cite what the judge was shown; for non-judgeable signals cite anything.
            let evidence = requests.iter().find(|r| r.signal == *id).and_then(|r| r.items.first()).map(|i| i.evidence.clone());
            let evidence = evidence.map_or_else(|| vec![tali_scoring::EvidenceRef::Final], |e| vec![e]);
            verdicts.verdicts.push(JudgeVerdict { signal: *id, score: *v, evidence, rationale: String::new() });
        }
        let judged = score(&rec, Some(&verdicts), &EngineConfig::default()).unwrap();
        for id in SignalId::ALL {
            let (a, b) = (det.signal_score(id), judged.signal_score(id));
            if id.is_judgeable() {
                prop_assert_eq!(a.is_some(), b.is_some());
                if let (Some(a), Some(b)) = (a, b) {
                    prop_assert!((a - b).abs() <= 2.0 + 1e-9);
                }
            } else {
                prop_assert_eq!(a, b);
            }
        }
    }

    /// 9. Explanation-only AI use, removed entirely, leaves S1-S3, S6, S7 and S9 unchanged, and
    /// the AI readout then says "no AI used".
    #[test]
    fn removing_unadopted_exchanges_keeps_non_ai_signals(
        p in 3..5usize,
        prompts in prop::collection::vec((prop::sample::select(FILLER), 1u64..1_500_000), 1..5),
    ) {
        let mut rec = fixture(PERSONAS[p]);
        rec.exchanges = prompts
            .iter()
            .enumerate()
            .map(|(i, (word, t))| Exchange {
                id: i as u64 + 1,
                prompt: format!("why does order_total {word} here"),
                reply: format!("It {word} because the loop in `order_total` visits each item once."),
                t_prompt_ms: *t,
                t_reply_ms: t + 4_000,
                tokens_in: 100,
                tokens_out: 100,
                code_hash: String::new(),
            })
            .collect();
        let with_ai = run(&rec);
        rec.exchanges.clear();
        let without = run(&rec);
        for id in [SignalId::Correctness, SignalId::CodeQuality, SignalId::TimeEfficiency, SignalId::DesignThinking, SignalId::Debugging, SignalId::Independence] {
            prop_assert_eq!(with_ai.signal_score(id), without.signal_score(id), "{}", id.code());
        }
        prop_assert_eq!(without.ai_collaboration, None);
    }

    /// 11. A passing visible-test run after an adoption never lowers S8.
    #[test]
    fn testing_after_adoption_never_lowers_verification(p in 0..3usize, delay in 0u64..700_000) {
        let rec = fixture(PERSONAS[p]);
        let base = run(&rec);
        let mut tested = rec.clone();
        let adoption_t = rec.pastes.first().map_or(0, |p| p.t_ms) + delay;
        let snap = rec.snapshots.iter().rev().find(|s| s.t_ms <= adoption_t).unwrap_or(&rec.snapshots[0]);
        tested.test_runs.push(TestRun {
            id: 20_000,
            t_ms: adoption_t,
            hash: snap.hash.clone(),
            results: ["test_discount", "test_line_total", "test_order_total"]
                .map(|n| TestResult { name: n.into(), outcome: TestOutcome::Passed, message: String::new() })
                .to_vec(),
        });
        prop_assert!(run(&tested).signal_score(SignalId::Verification) >= base.signal_score(SignalId::Verification));
    }
}

const STARTER: &str = "def compute(values):\n    total = 0\n    return total\n";

#[derive(Debug, Clone, Copy)]
enum Take {
    Verbatim,
    Reformatted,
    RetypedWithEdits,
    Unrelated,
    EchoOfStarter,
}

/// A session where the AI answers with a 4-line block and the candidate's code then changes as `take` says.
fn adoption_session(a: &str, b: &str, k: u32, take: Take) -> SessionRecord {
    let block = |k: u32, tight: bool| {
        let lines = [
            format!("{a} = [v * {k} for v in values if v is not None]"),
            format!("{b} = sum({a}) + {k}"),
            format!("total = {b} - {k} * len({a})"),
            format!("{a}.sort(reverse={k} > 0)"),
        ];
        // Reformatting: operators without spaces and a trailing comment.
        let tidy = |l: &String| {
            format!(
                "{}  # tidy",
                l.replace(" = ", "=")
                    .replace(" + ", "+")
                    .replace(" - ", "-")
                    .replace(" * ", "*")
            )
        };
        let lines: Vec<String> = if tight {
            lines.iter().map(tidy).collect()
        } else {
            lines.to_vec()
        };
        lines
            .iter()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    let insert =
        |body: &str| STARTER.replace("    return total\n", &format!("{body}    return total\n"));
    let unrelated =
        "    alpha = values[0] + 1\n    beta = alpha * alpha - 3\n    gamma = beta // 2 + alpha\n";
    let (starter, final_code) = match take {
        Take::Verbatim => (STARTER.to_string(), insert(&block(k, false))),
        Take::Reformatted => (STARTER.to_string(), insert(&block(k, true))),
        Take::RetypedWithEdits => (STARTER.to_string(), insert(&block(k + 1, false))),
        Take::Unrelated => (STARTER.to_string(), insert(unrelated)),
        Take::EchoOfStarter => (
            insert(&block(k, false)),
            insert(&format!("{}{unrelated}", block(k, false))),
        ),
    };
    let snap = |seq: u64, t_ms: u64, code: &str| Snapshot {
        seq,
        t_ms,
        hash: format!("h{seq}"),
        code: code.to_string(),
    };
    let mut rec: SessionRecord = serde_json::from_value(serde_json::json!({
        "task": {"time_limit_ms": 1_800_000, "reference_fix_lines": 3},
        "starter_code": starter,
        "final_code": final_code,
        "submitted_ms": 150_000,
        "hidden": {"status": "graded", "results": [{"name": "t", "outcome": "passed"}]}
    }))
    .expect("valid record");
    rec.snapshots = vec![
        snap(1, 40_000, &starter),
        snap(2, 100_000, &final_code),
        snap(3, 140_000, &final_code),
    ];
    rec.exchanges = vec![Exchange {
        id: 1,
        prompt: "How should compute filter missing values?".into(),
        reply: format!("Like this:\n```python\n{}```\n", block(k, false)),
        t_prompt_ms: 60_000,
        t_reply_ms: 70_000,
        tokens_in: 50,
        tokens_out: 80,
        code_hash: "h1".into(),
    }];
    rec
}

fn origin_counts(r: &ScoreReport) -> (f64, f64, f64) {
    let f = &r.signal(SignalId::Independence).expect("S9").features;
    (f["ai"], f["ai_edited"], f["typed"])
}

proptest! {
    #![proptest_config(config())]

    /// 7. The adoption detector: verbatim and reformatted code is the AI's, retyped-with-edits is
    /// AI-edited, unrelated typing is the candidate's, and lines the code already had never count.
    #[test]
    fn adoption_detector(a in "[a-z]{3,8}", b in "[a-z]{3,8}", k in 2u32..9) {
        let (a, b) = (format!("v_{a}"), format!("w_{b}"));
        for take in [Take::Verbatim, Take::Reformatted] {
            let r = run(&adoption_session(&a, &b, k, take));
            prop_assert_eq!(origin_counts(&r), (4.0, 0.0, 0.0), "{:?}", take);
            prop_assert!(r.signal_score(SignalId::Verification).is_some(), "{:?}: adopted", take);
        }
        let r = run(&adoption_session(&a, &b, k, Take::RetypedWithEdits));
        prop_assert_eq!(origin_counts(&r), (0.0, 4.0, 0.0));
        for take in [Take::Unrelated, Take::EchoOfStarter] {
            let r = run(&adoption_session(&a, &b, k, take));
            prop_assert_eq!(origin_counts(&r), (0.0, 0.0, 3.0), "{:?}", take);
            prop_assert!(r.signal_score(SignalId::Verification).is_none(), "{:?}: nothing adopted", take);
        }
    }
}

/// Words that carry no grounded name: filler, intent keywords, vague phrases.
const FILLER: &[&str] = &[
    "please",
    "thanks",
    "really",
    "I think",
    "because",
    "explain",
    "hypothesis",
    "root cause",
    "why",
    "maybe",
    "help",
    "fix it",
    "expected",
    "tried",
    "quickly",
    "the",
    "code",
    "works",
];

fn weights_of(w: &SignalWeights, id: SignalId) -> f64 {
    match id {
        SignalId::Correctness => w.correctness,
        SignalId::CodeQuality => w.code_quality,
        SignalId::TimeEfficiency => w.time_efficiency,
        SignalId::AiEfficiency => w.ai_efficiency,
        SignalId::PromptQuality => w.prompt_quality,
        SignalId::DesignThinking => w.design_thinking,
        SignalId::Debugging => w.debugging,
        SignalId::Verification => w.verification,
        SignalId::Independence => w.independence,
        SignalId::Understanding => 0.0,
    }
}

/// The ai_required switch turns missing AI use into explicit zeros.
#[test]
fn ai_required_turns_no_ai_into_zero() {
    let mut rec = fixture("d_no_ai_expert");
    rec.task.ai_required = true;
    let r = run(&rec);
    for id in SignalId::AI_COLLABORATION {
        assert_eq!(r.signal_score(id), Some(0.0));
    }
    assert_eq!(r.ai_collaboration(), Some(0.0));
}

#[test]
fn not_graded_hidden_run_gives_no_overall() {
    let mut rec = fixture("a_verifier");
    rec.hidden = HiddenResults::NotGraded {
        reason: "sandbox timed out".into(),
    };
    let r = run(&rec);
    assert_eq!(r.overall(), None);
    assert!(matches!(
        r.signal(SignalId::Correctness).unwrap().status,
        tali_scoring::SignalStatus::NotGraded { .. }
    ));
}

#[test]
fn invalid_weights_are_clear_errors() {
    let mut rec = fixture("a_verifier");
    rec.task.signal_weights = Some(SignalWeights {
        correctness: 0.9,
        ..SignalWeights::default()
    });
    assert!(
        score(&rec, None, &EngineConfig::default())
            .unwrap_err()
            .to_string()
            .contains("sum")
    );
}

/// A suite that could not run the submission is 0 of N with its reason, never an error.
#[test]
fn a_submission_the_tests_could_not_import_scores_zero_with_the_reason() {
    let mut rec = fixture("a_verifier");
    rec.hidden = HiddenResults::Graded {
        results: ["test_hidden::test_a", "test_hidden::test_b"]
            .map(|name| TestResult {
                name: name.into(),
                outcome: TestOutcome::Error,
                message: "did not run".into(),
            })
            .to_vec(),
        run_error: Some("SyntaxError at line 12 of solution.py: invalid syntax".into()),
    };
    let r = run(&rec);
    let s1 = r.signal(SignalId::Correctness).unwrap();
    assert_eq!(s1.score(), Some(0.0));
    assert!(
        s1.explanation.contains("SyntaxError at line 12"),
        "{}",
        s1.explanation
    );
    assert!(r.overall().is_some());
}

/// A task may weigh a test by its function name while pytest reports `module::function`.
#[test]
fn test_weights_match_pytests_qualified_names() {
    let mut rec = fixture("a_verifier");
    rec.hidden = HiddenResults::Graded {
        results: vec![
            TestResult {
                name: "test_hidden::test_heavy".into(),
                outcome: TestOutcome::Passed,
                message: String::new(),
            },
            TestResult {
                name: "test_hidden::test_light[1]".into(),
                outcome: TestOutcome::Failed,
                message: String::new(),
            },
        ],
        run_error: None,
    };
    rec.task.test_weights = [
        ("test_heavy".to_string(), 3.0),
        ("test_light".to_string(), 1.0),
    ]
    .into();
    assert_eq!(run(&rec).signal_score(SignalId::Correctness), Some(7.5));
}

#[test]
fn report_round_trips_through_json() {
    let r = run(&fixture("e_outside_copy"));
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<ScoreReport>(&json).unwrap(), r);
}

#[test]
fn minimal_record_parses_with_defaults() {
    let rec: SessionRecord = serde_json::from_value(serde_json::json!({
        "task": {"time_limit_ms": 1_800_000, "reference_fix_lines": 3},
        "starter_code": "x = 1\n",
        "final_code": "x = 1\n",
        "submitted_ms": 60_000,
        "hidden": {"status": "graded", "results": [{"name": "t", "outcome": "failed"}]}
    }))
    .unwrap();
    let r = run(&rec);
    assert_eq!(r.overall(), Some(0.0));
    assert!(
        r.signal_score(SignalId::CodeQuality).is_none(),
        "unchanged code: S2 is NA"
    );
    assert!(
        r.signal_score(SignalId::Independence).is_none(),
        "no changed lines: S9 is insufficient"
    );
}

fn outcome() -> impl Strategy<Value = TestOutcome> {
    prop_oneof![
        Just(TestOutcome::Passed),
        Just(TestOutcome::Failed),
        Just(TestOutcome::Error),
        Just(TestOutcome::Skipped),
    ]
}

fn hidden_run() -> impl Strategy<Value = HiddenResults> {
    let results = prop::collection::vec(("[a-z_:]{0,12}", outcome()), 0..6).prop_map(|tests| {
        tests
            .into_iter()
            .map(|(name, outcome)| TestResult {
                name,
                outcome,
                message: String::new(),
            })
            .collect::<Vec<_>>()
    });
    prop_oneof![
        (results, prop::option::of("[ -~]{0,40}"))
            .prop_map(|(results, run_error)| HiddenResults::Graded { results, run_error }),
        "[ -~]{0,40}".prop_map(|reason| HiddenResults::NotGraded { reason }),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Whatever a real run produces (no results, errors only, a timeout, a skewed clock, odd weights), the
    /// engine answers with a report, never an error.
    #[test]
    fn every_run_outcome_gives_a_report(
        p in 0..5usize,
        hidden in hidden_run(),
        time_limit_ms in prop_oneof![Just(0u64), 1u64..4_000_000],
        weight in prop_oneof![Just(f64::NAN), Just(-1.0), 0.0f64..5.0],
        skew in 0u64..100_000,
    ) {
        let mut rec = fixture(PERSONAS[p]);
        rec.hidden = hidden;
        rec.task.time_limit_ms = time_limit_ms;
        rec.task.test_weights.insert("test_a".into(), weight);
        rec.focus.push(FocusInterval { lost_ms: skew + 10, regained_ms: skew });
        if let Some(e) = rec.exchanges.first_mut() {
            e.t_reply_ms = e.t_prompt_ms.saturating_sub(skew);
        }
        let report = score(&rec, None, &EngineConfig::default());
        prop_assert!(report.is_ok(), "{:?}", report.err());
        let report = report.unwrap();
        for s in &report.signals {
            if let Some(v) = s.score() {
                prop_assert!((0.0..=10.0).contains(&v), "{:?} = {}", s.id, v);
            }
        }
    }
}
