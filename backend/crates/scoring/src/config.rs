//! Engine configuration: signal weights (per task overridable) and defaults.

use serde::{Deserialize, Serialize};

use crate::error::ScoringError;
use crate::report::SignalId;

/// Weights of the nine scored signals (S10 only flags). Each is >= 0 and they sum to 1. Stored and task-supplied
/// weights name them `s1`..`s9`, after the signals' stable ids.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SignalWeights {
    #[serde(rename = "s1")]
    pub correctness: f64,
    #[serde(rename = "s2")]
    pub code_quality: f64,
    #[serde(rename = "s3")]
    pub time_efficiency: f64,
    #[serde(rename = "s4")]
    pub ai_efficiency: f64,
    #[serde(rename = "s5")]
    pub prompt_quality: f64,
    #[serde(rename = "s6")]
    pub design_thinking: f64,
    #[serde(rename = "s7")]
    pub debugging: f64,
    #[serde(rename = "s8")]
    pub verification: f64,
    #[serde(rename = "s9")]
    pub independence: f64,
}

/// The understanding check's weight, on top of the nine (which sum to 1): when it is graded, it holds
/// 0.10 / 1.10 ≈ 9 % of the overall; when it is not, the nine are renormalised as before.
pub const UNDERSTANDING_WEIGHT: f64 = 0.10;

/// Accepted distance of the weight sum from 1.
const SUM_TOLERANCE: f64 = 1e-6;

impl Default for SignalWeights {
    fn default() -> Self {
        Self {
            correctness: 0.35,
            code_quality: 0.10,
            time_efficiency: 0.05,
            ai_efficiency: 0.06,
            prompt_quality: 0.08,
            design_thinking: 0.08,
            debugging: 0.10,
            verification: 0.12,
            independence: 0.06,
        }
    }
}

impl SignalWeights {
    /// The weight of one scored signal; `S10` carries none.
    pub fn get(&self, id: SignalId) -> f64 {
        match id {
            SignalId::Correctness => self.correctness,
            SignalId::CodeQuality => self.code_quality,
            SignalId::TimeEfficiency => self.time_efficiency,
            SignalId::AiEfficiency => self.ai_efficiency,
            SignalId::PromptQuality => self.prompt_quality,
            SignalId::DesignThinking => self.design_thinking,
            SignalId::Debugging => self.debugging,
            SignalId::Verification => self.verification,
            SignalId::Independence => self.independence,
            SignalId::Understanding => UNDERSTANDING_WEIGHT,
        }
    }

    /// Every weight finite and >= 0, and the sum 1 within 1e-6.
    pub fn validate(&self) -> Result<(), ScoringError> {
        let mut sum = 0.0;
        for id in SignalId::ALL {
            let w = self.get(id);
            if !w.is_finite() || w < 0.0 {
                return Err(ScoringError::InvalidWeights(format!(
                    "weight of {} is {w}; each weight must be a finite number >= 0",
                    id.code()
                )));
            }
            sum += w;
        }
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            return Err(ScoringError::InvalidWeights(format!(
                "weights sum to {sum}; they must sum to 1"
            )));
        }
        Ok(())
    }

    /// Weights as integer per-mille shares, so the overall score is exact integer arithmetic.
    pub(crate) fn per_mille(&self, id: SignalId) -> u64 {
        // Validated weights are in [0, 1], so this is in [0, 1000] and the cast cannot truncate.
        (self.get(id) * 1000.0 + 0.5) as u64
    }

    /// A stable fingerprint of the per-mille weights, so a stored report says which weights made it.
    pub(crate) fn hash_hex(&self) -> String {
        let canon: Vec<String> = SignalId::ALL
            .iter()
            .map(|id| format!("{}={}", id.code(), self.per_mille(*id)))
            .collect();
        format!(
            "{:016x}",
            crate::text::fingerprint::fnv1a(canon.join(";").as_bytes())
        )
    }
}

/// Engine-wide settings. Thresholds live next to the signal that uses them and are versioned with the
/// crate (`ENGINE_VERSION`); only what legitimately varies per deployment is configurable here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineConfig {
    /// Weights used when the task does not override them.
    pub weights: SignalWeights,
    /// AI token budget per session when the task sets none.
    pub default_token_budget: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            weights: SignalWeights::default(),
            default_token_budget: 60_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_keep_their_stable_names_in_json() {
        let json = serde_json::to_value(SignalWeights::default()).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"]);
        assert_eq!(json["s1"], 0.35);
        assert_eq!(json["s8"], 0.12);
        let read: SignalWeights = serde_json::from_value(json).unwrap();
        assert_eq!(read, SignalWeights::default());
    }

    #[test]
    fn default_weights_are_valid_and_match_the_design_table() {
        let w = SignalWeights::default();
        assert_eq!(w.validate(), Ok(()));
        let mille: Vec<u64> = SignalId::ALL.iter().map(|id| w.per_mille(*id)).collect();
        assert_eq!(mille, vec![350, 100, 50, 60, 80, 80, 100, 120, 60]);
    }

    #[test]
    fn negative_or_non_finite_weights_are_rejected() {
        let w = SignalWeights {
            code_quality: -0.1,
            correctness: 0.55,
            ..SignalWeights::default()
        };
        assert!(matches!(w.validate(), Err(ScoringError::InvalidWeights(m)) if m.contains("S2")));
        let w = SignalWeights {
            time_efficiency: f64::NAN,
            ..SignalWeights::default()
        };
        assert!(w.validate().is_err());
    }

    #[test]
    fn weight_sum_must_be_one_within_tolerance() {
        let base = SignalWeights::default();
        let off = SignalWeights {
            correctness: base.correctness + 2e-6,
            ..base
        };
        assert!(
            matches!(off.validate(), Err(ScoringError::InvalidWeights(m)) if m.contains("sum"))
        );
        let close = SignalWeights {
            correctness: base.correctness + 5e-7,
            ..base
        };
        assert_eq!(close.validate(), Ok(()));
    }

    #[test]
    fn weights_hash_changes_with_weights() {
        let a = SignalWeights::default();
        let b = SignalWeights {
            correctness: 0.30,
            code_quality: 0.15,
            ..a
        };
        assert_eq!(a.hash_hex(), SignalWeights::default().hash_hex());
        assert_ne!(a.hash_hex(), b.hash_hex());
    }
}
