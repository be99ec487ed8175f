//! The `Idempotency-Key` that makes a retried POST safe: Stripe answers a repeated key with the
//! first result instead of acting twice.

use std::fmt;

use crate::StripeError;

/// Stripe's limit on key length.
const MAX_LEN: usize = 255;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh UUID, as the SDKs send. Protects the retries of this one call only; a caller that
    /// may repeat the whole operation (a job retry, a double-clicked button) should derive the key
    /// from what it is doing instead, e.g. `charge/assessment/42`.
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// A caller-chosen key: 1 to 255 printable ASCII characters.
    pub fn new(key: impl Into<String>) -> Result<Self, StripeError> {
        let key = key.into();
        let printable = key.bytes().all(|b| b.is_ascii_graphic());
        if key.is_empty() || key.len() > MAX_LEN || !printable {
            return Err(StripeError::Config(format!(
                "an idempotency key must be 1 to {MAX_LEN} printable ASCII characters, got {key:?}"
            )));
        }
        Ok(Self(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_differ() {
        assert_ne!(IdempotencyKey::random(), IdempotencyKey::random());
    }

    #[test]
    fn caller_keys_are_checked() {
        assert_eq!(
            IdempotencyKey::new("charge/assessment/42")
                .unwrap()
                .as_str(),
            "charge/assessment/42"
        );
        assert!(IdempotencyKey::new("").is_err());
        assert!(IdempotencyKey::new("has space").is_err());
        assert!(IdempotencyKey::new("x".repeat(256)).is_err());
        assert!(IdempotencyKey::new("x".repeat(255)).is_ok());
    }
}
