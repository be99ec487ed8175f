//! Issue 22's session (one prompt, one inserted reply that the candidate undid, three test runs):
//! every claim the report makes is checked against the session's own events.

use std::collections::BTreeSet;

use tali_scoring::{
    EngineConfig, FlagKind, ScoreReport, SessionRecord, SignalId, SignalStatus, SignalWeights,
    score,
};

fn fixture() -> SessionRecord {
    let path = format!(
        "{}/tests/fixtures/issue22_undone_insert.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("valid fixture")
}

fn report(rec: &SessionRecord) -> ScoreReport {
    score(rec, None, &EngineConfig::default()).expect("scores")
}

/// Every `[...]` link label in a text.
fn labels(text: &str) -> Vec<String> {
    text.split('[')
        .skip(1)
        .filter_map(|rest| rest.split_once(']').map(|(label, _)| label.to_string()))
        .collect()
}

/// Every `mm:ss` time in a text, in seconds.
fn times(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4))
        .filter(|&i| {
            bytes[i..i + 5].iter().enumerate().all(|(j, b)| {
                if j == 2 {
                    *b == b':'
                } else {
                    b.is_ascii_digit()
                }
            }) && (i == 0 || !bytes[i - 1].is_ascii_digit())
        })
        .map(|i| {
            let m: u64 = text[i..i + 2].parse().unwrap();
            let s: u64 = text[i + 3..i + 5].parse().unwrap();
            m * 60 + s
        })
        .collect()
}

/// Each link label names something the session has: a prompt, a test run or run, a snapshot, a
/// hidden test, or the submitted code.
fn assert_label_exists(rec: &SessionRecord, label: &str) {
    let prompts: BTreeSet<String> = rec
        .exchanges
        .iter()
        .map(|e| format!("prompt {}", e.id))
        .collect();
    let test_runs: BTreeSet<String> = rec
        .test_runs
        .iter()
        .map(|r| format!("test run {}", r.id))
        .collect();
    let runs: BTreeSet<String> = rec.runs.iter().map(|r| format!("run {}", r.id)).collect();
    let seqs: BTreeSet<u64> = rec.snapshots.iter().map(|s| s.seq).collect();
    let ok = prompts.contains(label)
        || test_runs.contains(label)
        || runs.contains(label)
        || label == "snap final"
        || label.strip_prefix("snap ").is_some_and(|rest| {
            rest.split('→')
                .all(|n| n.parse().is_ok_and(|n: u64| seqs.contains(&n)))
        })
        || label
            .strip_prefix("test ")
            .is_some_and(|name| match &rec.hidden {
                tali_scoring::HiddenResults::Graded { results, .. } => {
                    results.iter().any(|t| t.name == name)
                }
                tali_scoring::HiddenResults::NotGraded { .. } => false,
            });
    assert!(ok, "[{label}] cites nothing in the session");
}

#[test]
fn every_claim_about_the_undone_insert_session_is_true() {
    let rec = fixture();
    let r = report(&rec);
    let all_text: Vec<(SignalId, &str)> = r
        .signals
        .iter()
        .map(|s| (s.id, s.explanation.as_str()))
        .collect();

    // Links and times in the prose point at real events.
    let event_seconds: BTreeSet<u64> = rec
        .snapshots
        .iter()
        .map(|s| s.t_ms / 1000)
        .chain(rec.test_runs.iter().map(|t| t.t_ms / 1000))
        .chain(rec.exchanges.iter().map(|e| e.t_prompt_ms / 1000))
        .chain([rec.submitted_ms / 1000])
        .collect();
    for flag in &r.flags {
        for label in labels(&flag.explanation) {
            assert_label_exists(&rec, &label);
        }
    }
    for (id, text) in &all_text {
        for label in labels(text) {
            assert_label_exists(&rec, &label);
        }
        for t in times(text) {
            assert!(
                event_seconds.contains(&t),
                "{id:?} cites a time no event has: {text}"
            );
        }
    }

    // The inserted reply was undone before any run: nothing was adopted, nothing was "shipped".
    let s8 = r.signal(SignalId::Verification).unwrap();
    assert!(
        matches!(s8.status, SignalStatus::NotApplicable { .. }),
        "{s8:?}"
    );
    let inserted = &rec.snapshots[0];
    let undone = &rec.snapshots[1];
    assert!(inserted.code.contains("qty") && !undone.code.contains("qty"));
    assert!(
        rec.test_runs
            .iter()
            .all(|t| t.t_ms > undone.t_ms || t.t_ms < inserted.t_ms),
        "no test ran while the AI code was in the editor"
    );
    assert_eq!(
        s8.explanation,
        "No AI code was adopted. AI code from [prompt 1] went into the editor at 01:22 and was removed at 01:30 [snap 1→2] before any run, so it does not count as adopted."
    );
    assert_eq!(r.withdrawn.len(), 1);
    let w = &r.withdrawn[0];
    assert_eq!(
        (w.exchange, w.inserted_ms, w.removed_ms),
        (1, inserted.t_ms, undone.t_ms)
    );
    for text in all_text.iter().map(|(_, t)| t) {
        assert!(!text.contains("shipped on the AI's word"), "{text}");
    }

    // Every changed line of the submission was typed by the candidate.
    let s9 = r.signal(SignalId::Independence).unwrap();
    assert_eq!(s9.features["ai"], 0.0);
    assert_eq!(s9.features["ai_edited"], 0.0);
    assert_eq!(s9.features["typed"], s9.features["changed_lines"]);
    assert!(
        s9.explanation
            .contains("100 % typed, 0 % edited from AI, 0 % taken verbatim from AI")
    );

    // One prompt is not enough evidence: those signals are left out, not scored 0.
    for id in [SignalId::AiEfficiency, SignalId::PromptQuality] {
        let s = r.signal(id).unwrap();
        assert!(
            matches!(s.status, SignalStatus::Insufficient { .. }),
            "{s:?}"
        );
        assert!(s.explanation.starts_with("Not enough evidence"));
    }
    let left_out: Vec<SignalId> = r.left_out.iter().map(|l| l.signal).collect();
    assert_eq!(
        left_out,
        [
            SignalId::AiEfficiency,
            SignalId::PromptQuality,
            SignalId::DesignThinking,
            SignalId::Debugging,
            SignalId::Verification
        ]
    );
    // A four-minute session is too short to judge a working process: S6 and S7 say so and why.
    assert!(rec.submitted_ms < 5 * 60_000);
    for id in [SignalId::DesignThinking, SignalId::Debugging] {
        let s = r.signal(id).unwrap();
        assert!(
            matches!(&s.status, SignalStatus::Insufficient { reason } if reason.contains("under the 5 minutes")),
            "{s:?}"
        );
        assert_eq!(s.weight_used, 0.0);
    }
    assert_eq!(r.ai_collaboration, None);
    let note = r.ai_collaboration_note.as_deref().unwrap();
    assert!(
        note.starts_with("Not enough evidence"),
        "AI was used: {note}"
    );

    // Three test runs, counted as the session has them.
    let s7 = r.signal(SignalId::Debugging).unwrap();
    assert_eq!(s7.features["runs"], rec.test_runs.len() as f64);
    assert!(
        s7.explanation
            .contains(&format!("of {} runs", rec.test_runs.len())),
        "{}",
        s7.explanation
    );
    let s3 = r.signal(SignalId::TimeEfficiency).unwrap();
    assert!(
        s3.explanation.contains("[test run 3]"),
        "{}",
        s3.explanation
    );

    // The overall is the weighted mean over the signals with evidence, renormalised.
    let w = SignalWeights::default();
    let weight = |id: SignalId| match id {
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
    };
    let (num, den) = r
        .signals
        .iter()
        .filter_map(|s| s.score().map(|v| (weight(s.id) * v, weight(s.id))))
        .fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b));
    assert!((r.overall().unwrap() - num / den).abs() <= 0.05 + 1e-9);
    let shares: f64 = r.signals.iter().map(|s| s.weight_used).sum();
    assert!((shares - 1.0).abs() < 1e-9);
}

fn silences(rec: &SessionRecord) -> usize {
    report(rec)
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::SnapshotGap)
        .count()
}

/// Snapshots follow changes only, so a candidate thinking for minutes leaves none; only a recorder that stops
/// its heartbeat while the IDE has focus is worth a reviewer's look.
#[test]
fn a_pause_is_not_a_silence_a_stopped_recorder_is() {
    let mut rec = fixture();
    assert_eq!(silences(&rec), 0, "no heartbeats: nothing to judge");

    rec.heartbeats = (1..rec.submitted_ms / 30_000).map(|k| k * 30_000).collect();
    assert_eq!(
        silences(&rec),
        0,
        "heartbeats all along: a pause, not a silence"
    );

    rec.heartbeats.retain(|t| !(60_000..=200_000).contains(t));
    assert_eq!(silences(&rec), 1, "the recorder went quiet for over 60 s");
}
