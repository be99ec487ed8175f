//! Engine configuration: signal weights (per task overridable) and defaults.

use serde::{Deserialize, Serialize};

use crate::error::ScoringError;
use crate::report::SignalId;

/// Weights of the nine scored signals (S10 only flags). Each is >= 0 and they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SignalWeights {
    pub s1: f64,
    pub s2: f64,
    pub s3: f64,
    pub s4: f64,
    pub s5: f64,
    pub s6: f64,
    pub s7: f64,
    pub s8: f64,
    pub s9: f64,
}

/// Accepted distance of the weight sum from 1.
const SUM_TOLERANCE: f64 = 1e-6;

impl Default for SignalWeights {
    fn default() -> Self {
        Self {
            s1: 0.35,
            s2: 0.10,
            s3: 0.05,
            s4: 0.06,
            s5: 0.08,
            s6: 0.08,
            s7: 0.10,
            s8: 0.12,
            s9: 0.06,
        }
    }
}

impl SignalWeights {
    /// The weight of one scored signal; `S10` carries none.
    pub fn get(&self, id: SignalId) -> f64 {
        match id {
            SignalId::S1 => self.s1,
            SignalId::S2 => self.s2,
            SignalId::S3 => self.s3,
            SignalId::S4 => self.s4,
            SignalId::S5 => self.s5,
            SignalId::S6 => self.s6,
            SignalId::S7 => self.s7,
            SignalId::S8 => self.s8,
            SignalId::S9 => self.s9,
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
    fn default_weights_are_valid_and_match_the_design_table() {
        let w = SignalWeights::default();
        assert_eq!(w.validate(), Ok(()));
        let mille: Vec<u64> = SignalId::ALL.iter().map(|id| w.per_mille(*id)).collect();
        assert_eq!(mille, vec![350, 100, 50, 60, 80, 80, 100, 120, 60]);
    }

    #[test]
    fn negative_or_non_finite_weights_are_rejected() {
        let w = SignalWeights {
            s2: -0.1,
            s1: 0.55,
            ..SignalWeights::default()
        };
        assert!(matches!(w.validate(), Err(ScoringError::InvalidWeights(m)) if m.contains("S2")));
        let w = SignalWeights {
            s3: f64::NAN,
            ..SignalWeights::default()
        };
        assert!(w.validate().is_err());
    }

    #[test]
    fn weight_sum_must_be_one_within_tolerance() {
        let base = SignalWeights::default();
        let off = SignalWeights {
            s1: base.s1 + 2e-6,
            ..base
        };
        assert!(
            matches!(off.validate(), Err(ScoringError::InvalidWeights(m)) if m.contains("sum"))
        );
        let close = SignalWeights {
            s1: base.s1 + 5e-7,
            ..base
        };
        assert_eq!(close.validate(), Ok(()));
    }

    #[test]
    fn weights_hash_changes_with_weights() {
        let a = SignalWeights::default();
        let b = SignalWeights {
            s1: 0.30,
            s2: 0.15,
            ..a
        };
        assert_eq!(a.hash_hex(), SignalWeights::default().hash_hex());
        assert_ne!(a.hash_hex(), b.hash_hex());
    }
}
