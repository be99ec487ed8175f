//! The one error type of the engine. Scoring never panics on bad input; it says what is wrong.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoringError {
    /// Signal weights are negative, not finite, or do not sum to 1.
    InvalidWeights(String),
}

impl fmt::Display for ScoringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidWeights(why) => write!(f, "invalid signal weights: {why}"),
        }
    }
}

impl std::error::Error for ScoringError {}
