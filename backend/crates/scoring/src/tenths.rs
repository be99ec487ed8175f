//! Scores on the 0-10 scale, kept exact in tenths.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A score on the 0-10 scale in tenths (0..=100). Serialised as a decimal number such as `8.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(u8);

impl Tenths {
    pub const ZERO: Tenths = Tenths(0);
    pub const MAX: Tenths = Tenths(100);

    /// From a count of tenths; `None` above 100.
    pub fn new(tenths: u8) -> Option<Self> {
        (tenths <= 100).then_some(Self(tenths))
    }

    /// Clamps `score` to [0, 10] and rounds half up to one decimal. NaN counts as 0.
    pub fn from_score(score: f64) -> Self {
        let clamped = if score.is_nan() {
            0.0
        } else {
            score.clamp(0.0, 10.0)
        };
        // floor(x + 0.5) on a value in [0, 100.5] fits u8; floor is exact, so this is deterministic.
        Self((clamped * 10.0 + 0.5).floor() as u8)
    }

    pub fn tenths(self) -> u8 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if !(0.0..=10.0).contains(&v) {
            return Err(serde::de::Error::custom(format!(
                "score {v} is outside 0..=10"
            )));
        }
        Ok(Self::from_score(v))
    }
}
