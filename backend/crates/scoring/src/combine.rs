//! Combining signals: the renormalised weighted mean in integer arithmetic, the correctness gate,
//! and the AI-collaboration readout.

use crate::config::SignalWeights;
use crate::report::{LeftOut, SignalId, SignalResult, Tenths};

/// However good the process, the overall score stays within this many tenths above correctness.
const GATE_TENTHS: u64 = 30;

/// Σ w·s / Σ w over the scored signals among `ids`, rounded half up; `None` when none is scored.
pub fn weighted_mean(
    signals: &[SignalResult],
    weights: &SignalWeights,
    ids: &[SignalId],
) -> Option<(u64, u64)> {
    let (num, den) = signals
        .iter()
        .filter(|s| ids.contains(&s.id))
        .filter_map(|s| {
            s.tenths()
                .map(|t| (weights.per_mille(s.id), u64::from(t.tenths())))
        })
        .fold((0u64, 0u64), |(num, den), (w, t)| (num + w * t, den + w));
    (den > 0).then_some((num, den))
}

/// `num / den` rounded half up.
pub fn round_half_up(num: u64, den: u64) -> u64 {
    (2 * num + den) / (2 * den)
}

/// The overall score: weighted mean, then the gate `overall ≤ S1 (correctness) + 3`, then rounding.
pub fn overall(signals: &[SignalResult], weights: &SignalWeights) -> Option<Tenths> {
    let correctness = signals
        .iter()
        .find(|s| s.id == SignalId::Correctness)?
        .tenths()?;
    let (num, den) = weighted_mean(signals, weights, &SignalId::OVERALL)?;
    let gated = round_half_up(num, den).min(u64::from(correctness.tenths()) + GATE_TENTHS);
    Tenths::new(u8::try_from(gated).ok()?)
}

/// The AI-collaboration readout over S4, S5 and S8 (AI efficiency, prompt quality, verification); `None` reads "no AI used".
pub fn ai_collaboration(signals: &[SignalResult], weights: &SignalWeights) -> Option<Tenths> {
    let (num, den) = weighted_mean(signals, weights, &SignalId::AI_COLLABORATION)?;
    Tenths::new(u8::try_from(round_half_up(num, den)).ok()?)
}

/// The signals that dropped out of the overall, with their reasons.
pub fn left_out(signals: &[SignalResult]) -> Vec<LeftOut> {
    signals
        .iter()
        .filter_map(|s| {
            s.unscored_reason().map(|reason| LeftOut {
                signal: s.id,
                title: s.title.clone(),
                reason: reason.to_string(),
            })
        })
        .collect()
}

/// Why the AI-collaboration readout is missing: no AI at all, or AI use too thin to judge.
pub fn ai_collaboration_note(signals: &[SignalResult], used_ai: bool) -> Option<String> {
    let ai: Vec<&SignalResult> = signals
        .iter()
        .filter(|s| SignalId::AI_COLLABORATION.contains(&s.id))
        .collect();
    if ai.iter().any(|s| s.tenths().is_some()) {
        return None;
    }
    if !used_ai {
        return Some("No AI used".into());
    }
    let reasons: Vec<String> = ai
        .iter()
        .filter_map(|s| s.unscored_reason().map(|r| format!("{} ({r})", s.title)))
        .collect();
    Some(format!("Not enough evidence: {}", reasons.join(", ")))
}

/// Each signal's share of the overall after renormalisation (0 when it dropped out).
pub fn shares(signals: &mut [SignalResult], weights: &SignalWeights) {
    let den: u64 = signals
        .iter()
        .filter(|s| s.tenths().is_some())
        .map(|s| weights.per_mille(s.id))
        .sum();
    for s in signals.iter_mut() {
        s.weight_used = if den > 0 && s.tenths().is_some() {
            weights.per_mille(s.id) as f64 / den as f64
        } else {
            0.0
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_rounding() {
        assert_eq!(round_half_up(845, 10), 85);
        assert_eq!(round_half_up(844, 10), 84);
        assert_eq!(round_half_up(50_500, 1000), 51);
        assert_eq!(round_half_up(50_499, 1000), 50);
    }
}
