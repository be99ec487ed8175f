//! HS256 access tokens carrying the user and organization ids, valid for `ACCESS_TOKEN_MINUTES` (30 by default).

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// The access token's lifetime unless `ACCESS_TOKEN_MINUTES` says otherwise.
pub const DEFAULT_ACCESS_TOKEN_MINUTES: u32 = 30;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    pub org: i32,
    pub iat: i64,
    pub exp: i64,
    /// `iat` in milliseconds, so a password change ends the sessions of the same second and not the next one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat_ms: Option<i64>,
}

/// A token whose signature and expiry checked out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    pub user_id: i32,
    /// Unix milliseconds.
    pub issued_at_ms: i64,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    /// The current key first, then the previous one while a rotation's grace period lasts.
    decoding: Vec<DecodingKey>,
    validation: Validation,
    lifetime_s: i64,
}

impl JwtKeys {
    /// Signs with `secret`; verifies with `secret` and, during a key rotation, with `previous` too, so the
    /// tokens issued before the rotation keep working until they expire.
    pub fn new(secret: &str, previous: Option<&str>) -> Self {
        // Only HS256 is accepted: a token that names another algorithm (including `none`) is rejected.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: std::iter::once(secret)
                .chain(previous)
                .map(|key| DecodingKey::from_secret(key.as_bytes()))
                .collect(),
            validation,
            lifetime_s: i64::from(DEFAULT_ACCESS_TOKEN_MINUTES) * 60,
        }
    }

    /// Issues tokens valid for `minutes` instead of the default.
    pub fn with_lifetime_minutes(mut self, minutes: u32) -> Self {
        self.lifetime_s = i64::from(minutes) * 60;
        self
    }

    /// How long an issued token is valid: login's `expires_in`.
    pub fn lifetime_seconds(&self) -> i64 {
        self.lifetime_s
    }

    pub fn issue(&self, user_id: i32, organization_id: i32) -> anyhow::Result<String> {
        let issued = Utc::now();
        let now = issued.timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            org: organization_id,
            iat: now,
            exp: now + self.lifetime_s,
            iat_ms: Some(issued.timestamp_millis()),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Who a valid token names, and when it was issued.
    pub fn verify(&self, token: &str) -> Option<Verified> {
        let data = self
            .decoding
            .iter()
            .find_map(|key| jsonwebtoken::decode::<Claims>(token, key, &self.validation).ok())?;
        Some(Verified {
            user_id: data.claims.sub.parse().ok()?,
            issued_at_ms: data.claims.iat_ms.unwrap_or(data.claims.iat * 1000),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let keys = JwtKeys::new("a-secret-that-is-long-enough-for-hs256!!", None);
        let token = keys.issue(7, 3).unwrap();
        let verified = keys.verify(&token).unwrap();
        assert_eq!(verified.user_id, 7);
        assert!((verified.issued_at_ms - Utc::now().timestamp_millis()).abs() < 60_000);
        let other = JwtKeys::new("another-secret-that-is-long-enough-too!!", None);
        assert_eq!(other.verify(&token), None);
        assert_eq!(keys.verify("not.a.token"), None);
    }

    #[test]
    fn the_previous_key_verifies_but_never_signs() {
        let (old, new) = (
            "the-old-secret-that-is-long-enough-000",
            "the-new-secret-that-is-long-enough-111",
        );
        let issued_before = JwtKeys::new(old, None).issue(7, 3).unwrap();
        let rotated = JwtKeys::new(new, Some(old));
        assert_eq!(rotated.verify(&issued_before).unwrap().user_id, 7);
        let issued_after = rotated.issue(8, 3).unwrap();
        assert_eq!(JwtKeys::new(old, None).verify(&issued_after), None);
        assert_eq!(
            JwtKeys::new(new, None)
                .verify(&issued_after)
                .unwrap()
                .user_id,
            8
        );
        // Once the previous key is dropped, the old tokens stop working.
        assert_eq!(JwtKeys::new(new, None).verify(&issued_before), None);
    }

    #[test]
    fn tokens_last_the_configured_lifetime() {
        let secret = "a-secret-that-is-long-enough-for-hs256!!";
        let expiry = |keys: &JwtKeys| {
            let token = keys.issue(7, 3).unwrap();
            let mut validation = Validation::new(Algorithm::HS256);
            validation.leeway = 0;
            let claims = jsonwebtoken::decode::<Claims>(
                &token,
                &DecodingKey::from_secret(secret.as_bytes()),
                &validation,
            )
            .unwrap()
            .claims;
            claims.exp - claims.iat
        };
        let default = JwtKeys::new(secret, None);
        assert_eq!((expiry(&default), default.lifetime_seconds()), (1800, 1800));
        let working_day = JwtKeys::new(secret, None).with_lifetime_minutes(480);
        assert_eq!(
            (expiry(&working_day), working_day.lifetime_seconds()),
            (28_800, 28_800)
        );
    }
}
