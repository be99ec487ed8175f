//! Workable tokens at rest: AES-256-GCM under a key derived from `SECRET_KEY`, bound to the organization (the
//! organization id is the associated data, so a ciphertext copied to another organization's row does not open).
//! Stored as `v1.` + base64url(nonce ‖ ciphertext ‖ tag).

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::domain::{Error, Result};

const VERSION: &str = "v1.";
/// Separates this key from every other use of `SECRET_KEY` (JWTs sign with it directly).
const CONTEXT: &[u8] = b"tali/workable-token/aes-256-gcm/v1\0";

pub struct TokenCipher {
    key: LessSafeKey,
}

impl TokenCipher {
    pub fn new(secret_key: &SecretString) -> Self {
        let derived = Sha256::new()
            .chain_update(CONTEXT)
            .chain_update(secret_key.expose_secret().as_bytes())
            .finalize();
        let key = UnboundKey::new(&AES_256_GCM, &derived).expect("a SHA-256 is a 256-bit key");
        Self {
            key: LessSafeKey::new(key),
        }
    }

    pub fn seal(&self, organization_id: i32, token: &SecretString) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce)
            .map_err(|_| anyhow::anyhow!("no randomness for a Workable token nonce"))?;
        let mut data = token.expose_secret().as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                aad(organization_id).as_aad(),
                &mut data,
            )
            .map_err(|_| anyhow::anyhow!("cannot encrypt a Workable token"))?;
        let mut stored = nonce.to_vec();
        stored.extend_from_slice(&data);
        Ok(format!("{VERSION}{}", URL_SAFE_NO_PAD.encode(stored)))
    }

    /// `Err` when the value was not sealed with this `SECRET_KEY` for this organization: the connection must be
    /// made again (e.g. after the key changed).
    pub fn open(&self, organization_id: i32, stored: &str) -> Result<SecretString> {
        let unreadable = || {
            Error::Conflict(
                "The stored Workable connection cannot be read (was SECRET_KEY changed?); connect Workable again"
                    .into(),
            )
        };
        let encoded = stored.strip_prefix(VERSION).ok_or_else(unreadable)?;
        let mut bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| unreadable())?;
        if bytes.len() < NONCE_LEN {
            return Err(unreadable());
        }
        let mut data = bytes.split_off(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(&bytes).map_err(|_| unreadable())?;
        let plain = self
            .key
            .open_in_place(nonce, aad(organization_id).as_aad(), &mut data)
            .map_err(|_| unreadable())?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| unreadable())?;
        Ok(SecretString::from(text))
    }
}

struct OrganizationAad([u8; 4]);

impl OrganizationAad {
    fn as_aad(&self) -> Aad<[u8; 4]> {
        Aad::from(self.0)
    }
}

fn aad(organization_id: i32) -> OrganizationAad {
    OrganizationAad(organization_id.to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(key: &str) -> TokenCipher {
        TokenCipher::new(&SecretString::from(key))
    }

    #[test]
    fn a_token_round_trips_and_is_not_stored_in_clear() {
        let cipher = cipher("test-secret-key");
        let sealed = cipher
            .seal(7, &SecretString::from("acme-account-token"))
            .unwrap();
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("acme"));
        let again = cipher
            .seal(7, &SecretString::from("acme-account-token"))
            .unwrap();
        assert_ne!(sealed, again, "a fresh nonce each time");
        assert_eq!(
            cipher.open(7, &sealed).unwrap().expose_secret(),
            "acme-account-token"
        );
    }

    #[test]
    fn another_organization_or_key_cannot_open_it() {
        let sealed = cipher("k1").seal(7, &SecretString::from("t")).unwrap();
        assert!(cipher("k1").open(8, &sealed).is_err());
        assert!(cipher("k2").open(7, &sealed).is_err());
        assert!(cipher("k1").open(7, "acme-account-token").is_err());
        assert!(cipher("k1").open(7, "v1.AAAA").is_err());
    }
}
