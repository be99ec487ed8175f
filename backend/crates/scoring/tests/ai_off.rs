//! `ai_disabled` (the assessment's AI policy was `off`): the AI-collaboration signals are not applicable, the
//! overall is the weighted mean of the other signals (renormalised, never penalised), and the readout says why.

use tali_scoring::{EngineConfig, SessionRecord, SignalId, score};

fn fixture(name: &str) -> SessionRecord {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("valid fixture")
}

#[test]
fn ai_signals_are_left_out_and_the_overall_renormalised() {
    for name in ["d_no_ai_expert", "a_verifier"] {
        let mut rec = fixture(name);
        let allowed = score(&rec, None, &EngineConfig::default()).unwrap();
        rec.task.ai_disabled = true;
        let off = score(&rec, None, &EngineConfig::default()).unwrap();

        for id in SignalId::AI_COLLABORATION {
            let signal = off.signals.iter().find(|s| s.id == id).unwrap();
            assert_eq!(signal.tenths(), None, "{id:?} is not scored");
            assert_eq!(
                signal.unscored_reason(),
                Some("the AI assistant was off for this assessment")
            );
            assert!(
                off.left_out.iter().any(|l| l.signal == id),
                "{id:?} is listed as left out"
            );
            assert_eq!(signal.weight_used, 0.0);
        }
        assert_eq!(off.ai_collaboration, None);
        assert_eq!(
            off.ai_collaboration_note.as_deref(),
            Some("AI assistant off for this assessment")
        );
        // The remaining weights sum to one: renormalised.
        let used: f64 = off.signals.iter().map(|s| s.weight_used).sum();
        assert!((used - 1.0).abs() < 1e-9, "{used}");
        // The signals that do not read the AI are the same either way.
        for s in off
            .signals
            .iter()
            .filter(|s| !SignalId::AI_COLLABORATION.contains(&s.id))
        {
            assert_eq!(
                Some(s.tenths()),
                allowed
                    .signals
                    .iter()
                    .find(|a| a.id == s.id)
                    .map(|a| a.tenths())
            );
        }
        assert!(off.overall.is_some());
    }
}
