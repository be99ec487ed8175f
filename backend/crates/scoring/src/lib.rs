//! TALI's scoring engine: a pure function from a session record (code snapshots, runs, tests,
//! AI exchanges, pastes, focus) to an explained score report. No I/O, clock or randomness: the same
//! record always gives the same report. See `README.md` for the signals and how they combine.

mod combine;
mod config;
mod error;
mod integrity;
mod judge;
mod prep;
mod record;
mod report;
mod signals;
mod tenths;
mod text;
mod understanding;

pub use config::{EngineConfig, SignalWeights, UNDERSTANDING_WEIGHT};
pub use error::ScoringError;
pub use judge::{JudgeItem, JudgeRequest, JudgeVerdict, JudgeVerdicts, MAX_SHIFT};
pub use record::{
    CodeRun, Exchange, FocusInterval, HiddenResults, LintFinding, LintReport, Paste, RunOutcome,
    SessionRecord, Snapshot, TaskSpec, TestOutcome, TestResult, TestRun,
};
pub use report::{
    Absence, EvidenceRef, Flag, FlagKind, LeftOut, PasteEntry, PasteSource, Review, ReviewBand,
    ScoreReport, Severity, SignalId, SignalResult, SignalStatus, Tenths, WithdrawnCode,
};
/// The engine's line normalisation (its Python lexer's tokens joined by single spaces), for callers
/// that show normalised lines and for the benchmark's lower bound.
pub use text::lexer::normalise;
pub use understanding::{Understanding, with_understanding};

use prep::Prepared;
use signals::{Draft, Outcome};

/// Version of the formulas and thresholds; stored with every report.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Scores a session. With `judge`, judgeable signals move by at most ±2 toward valid verdicts;
/// without it the result depends on the record and config only.
pub fn score(
    rec: &SessionRecord,
    judge: Option<&JudgeVerdicts>,
    cfg: &EngineConfig,
) -> Result<ScoreReport, ScoringError> {
    let weights = weights_for(rec, cfg)?;
    let rec = rec.canonical();
    let p = Prepared::new(&rec);
    let mut report = deterministic(&p, &weights, cfg);
    if let Some(verdicts) = judge {
        apply_judge(&p, verdicts, &mut report, &weights);
    }
    Ok(report)
}

/// Judge packets for the job runner, one per judgeable signal that the deterministic report scored.
pub fn judge_requests(rec: &SessionRecord, det: &ScoreReport) -> Vec<JudgeRequest> {
    judge::requests(&Prepared::new(&rec.canonical()), det)
}

fn weights_for(rec: &SessionRecord, cfg: &EngineConfig) -> Result<SignalWeights, ScoringError> {
    cfg.weights.validate()?;
    let weights = rec.task.signal_weights.unwrap_or(cfg.weights);
    weights.validate()?;
    Ok(weights)
}

/// Why the AI signals are left out when the assessment had no assistant.
const AI_OFF: &str = "the AI assistant was off for this assessment";

fn deterministic(p: &Prepared<'_>, weights: &SignalWeights, cfg: &EngineConfig) -> ScoreReport {
    let correctness = signals::correctness::score(p);
    let time_efficiency = signals::time::score(p, correctness.score());
    let mut drafts = vec![
        correctness,
        signals::quality::score(p),
        time_efficiency,
        signals::ai_efficiency::score(p, cfg.default_token_budget),
        signals::prompts::score(p),
        signals::design::score(p),
        signals::debugging::score(p),
        signals::verification::score(p),
        signals::independence::score(p),
    ];
    if p.rec.task.ai_required && p.rec.exchanges.is_empty() {
        for d in drafts
            .iter_mut()
            .filter(|d| SignalId::AI_COLLABORATION.contains(&d.id))
        {
            d.outcome = Outcome::Scored(0.0);
            d.explanation = "The task required AI use and the candidate used none.".into();
        }
    }
    signals::short_session::apply(p, &mut drafts);
    if p.rec.task.ai_disabled {
        for d in drafts
            .iter_mut()
            .filter(|d| SignalId::AI_COLLABORATION.contains(&d.id))
        {
            d.outcome = Outcome::NotApplicable(AI_OFF.into());
            d.explanation = format!("Not applicable: {AI_OFF}.");
        }
    }
    let mut signals: Vec<SignalResult> = drafts.into_iter().map(finish).collect();
    combine::shares(&mut signals, weights);
    let flags = integrity::flags(p);
    ScoreReport {
        engine_version: ENGINE_VERSION.to_string(),
        weights_hash: weights.hash_hex(),
        overall: combine::overall(&signals, weights),
        ai_collaboration: combine::ai_collaboration(&signals, weights),
        review: integrity::review(&flags),
        flags,
        unjudged: signals
            .iter()
            .filter(|s| s.id.is_judgeable() && s.deterministic.is_some())
            .map(|s| s.id)
            .collect(),
        left_out: combine::left_out(&signals),
        withdrawn: p
            .withdrawn
            .iter()
            .map(|w| WithdrawnCode {
                exchange: w.adoption.exchange_id,
                inserted_ms: w.adoption.t_ms,
                removed_ms: p.states[w.removed_state].t_ms,
            })
            .collect(),
        ai_collaboration_note: if p.rec.task.ai_disabled {
            Some("AI assistant off for this assessment".into())
        } else {
            combine::ai_collaboration_note(&signals, !p.rec.exchanges.is_empty())
        },
        pastes: p
            .pastes
            .iter()
            .enumerate()
            .map(|(i, paste)| PasteEntry {
                index: i + 1,
                t_ms: paste.t_ms,
                chars: paste.chars,
                source: paste.source,
                kept: paste.arrival.is_some(),
            })
            .collect(),
        absences: p
            .rec
            .focus
            .iter()
            .enumerate()
            .map(|(i, f)| Absence {
                index: i + 1,
                lost_ms: f.lost_ms,
                regained_ms: f.regained_ms,
            })
            .collect(),
        signals,
    }
}

fn finish(d: Draft) -> SignalResult {
    let status = match d.outcome {
        Outcome::Scored(s) => SignalStatus::Scored {
            score: Tenths::from_score(s),
        },
        Outcome::NotApplicable(reason) => SignalStatus::NotApplicable { reason },
        Outcome::Insufficient(reason) => SignalStatus::Insufficient { reason },
        Outcome::NotGraded(reason) => SignalStatus::NotGraded { reason },
    };
    let deterministic = match status {
        SignalStatus::Scored { score } => Some(score),
        _ => None,
    };
    SignalResult {
        id: d.id,
        title: d.id.title().to_string(),
        status,
        deterministic,
        judged: None,
        weight_used: 0.0,
        explanation: d.explanation,
        evidence: d.evidence,
        features: d.features,
    }
}

fn apply_judge(
    p: &Prepared<'_>,
    verdicts: &JudgeVerdicts,
    report: &mut ScoreReport,
    weights: &SignalWeights,
) {
    for s in report.signals.iter_mut() {
        let Some(det) = s.deterministic else { continue };
        if let Some((j, verdict)) = judge::judged(p, verdicts, s.id, det) {
            s.judged = Some(j);
            s.status = SignalStatus::Scored { score: j };
            s.explanation = judge::explanation(det, &s.explanation, verdict, j);
        }
    }
    report.unjudged = report
        .signals
        .iter()
        .filter(|s| s.id.is_judgeable() && s.deterministic.is_some() && s.judged.is_none())
        .map(|s| s.id)
        .collect();
    report.overall = combine::overall(&report.signals, weights);
    report.ai_collaboration = combine::ai_collaboration(&report.signals, weights);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_judged_signal_explains_the_engine_and_the_judge() {
        let rec: SessionRecord =
            serde_json::from_str(include_str!("../tests/fixtures/a_verifier.json")).unwrap();
        let cfg = EngineConfig::default();
        let det = score(&rec, None, &cfg).unwrap();
        let (s2, s7) = (
            det.signal(SignalId::CodeQuality).unwrap(),
            det.signal(SignalId::Debugging).unwrap(),
        );
        assert_eq!((s2.score(), s7.score()), (Some(8.0), Some(7.9)));
        let first_run = s7.evidence[0].clone();
        let verdict = |signal, score, evidence, rationale: &str| JudgeVerdict {
            signal,
            score,
            evidence: vec![evidence],
            rationale: rationale.into(),
        };
        let verdicts = JudgeVerdicts {
            verdicts: vec![
                verdict(
                    SignalId::CodeQuality,
                    10.0,
                    EvidenceRef::Final,
                    "Small, readable fix.",
                ),
                verdict(SignalId::Debugging, 0.0, first_run.clone(), ""),
            ],
        };
        let judged = score(&rec, Some(&verdicts), &cfg).unwrap();
        assert_eq!(
            judged.signal(SignalId::CodeQuality).unwrap().explanation,
            format!(
                "Engine score 8.0: {} Judge score 10.0 [snap final]: \"Small, readable fix\". The score is 10.0.",
                s2.explanation
            )
        );
        assert_eq!(
            judged.signal(SignalId::Debugging).unwrap().explanation,
            format!(
                "Engine score 7.9: {} Judge score 0.0 {first_run}. A judge moves the engine's score by at most 2.0, so the score is 5.9.",
                s7.explanation
            )
        );
        // A signal without a verdict keeps the engine's explanation.
        assert_eq!(
            judged.signal(SignalId::PromptQuality).unwrap().explanation,
            det.signal(SignalId::PromptQuality).unwrap().explanation
        );
    }
}
