//! `X-Workable-Signature`: HMAC-SHA256 of the raw body, keyed with the account token (account-token
//! subscriptions) or the OAuth client secret (OAuth subscriptions). Workable does not document the encoding;
//! community code reads lowercase hex, so hex and base64 are both accepted until a real delivery settles it.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "X-Workable-Signature";

/// Bytes in an HMAC-SHA256.
const MAC_LEN: usize = 32;

fn mac(key: &SecretString) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key.expose_secret().as_bytes())
        .expect("HMAC accepts any key length")
}

/// The signature Workable would send for `raw_body`, as lowercase hex (for tests and the mock's deliverer).
pub fn sign(raw_body: &[u8], key: &SecretString) -> String {
    let mut mac = mac(key);
    mac.update(raw_body);
    hex::encode(mac.finalize().into_bytes())
}

/// True when `header_value` is the HMAC-SHA256 of exactly `raw_body` (the bytes as received, before any JSON
/// parsing) under `key`, written as hex or base64. The comparison takes the same time wherever the bytes differ.
pub fn verify_signature(raw_body: &[u8], header_value: &str, key: &SecretString) -> bool {
    let Some(expected) = decode_signature(header_value) else {
        return false;
    };
    let mut mac = mac(key);
    mac.update(raw_body);
    mac.verify_slice(&expected).is_ok()
}

/// Hex (64 characters, either case) or base64 (44 with padding, 43 without), optionally prefixed `sha256=` as
/// many webhook senders do.
fn decode_signature(header_value: &str) -> Option<Vec<u8>> {
    let value = header_value.trim();
    let value = value.strip_prefix("sha256=").unwrap_or(value);
    let decoded = if value.len() == 2 * MAC_LEN {
        hex::decode(value).ok()?
    } else {
        STANDARD
            .decode(value)
            .or_else(|_| STANDARD_NO_PAD.decode(value))
            .ok()?
    };
    (decoded.len() == MAC_LEN).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretString {
        SecretString::from("acme-account-token")
    }

    #[test]
    fn a_known_vector() {
        // RFC 4231 test case 2.
        let signature = sign(b"what do ya want for nothing?", &SecretString::from("Jefe"));
        assert_eq!(
            signature,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hex_either_case_and_base64_are_accepted() {
        let body = br#"{"id":"ce4da98"}"#;
        let hex_signature = sign(body, &key());
        let raw = hex::decode(&hex_signature).unwrap();
        for header in [
            hex_signature.clone(),
            hex_signature.to_uppercase(),
            format!("sha256={hex_signature}"),
            format!(" {hex_signature} "),
            STANDARD.encode(&raw),
            STANDARD_NO_PAD.encode(&raw),
        ] {
            assert!(verify_signature(body, &header, &key()), "{header}");
        }
    }

    #[test]
    fn wrong_key_tampered_body_or_garbage_is_refused() {
        let body = br#"{"id":"ce4da98"}"#;
        let signature = sign(body, &key());
        assert!(!verify_signature(
            body,
            &signature,
            &SecretString::from("other")
        ));
        assert!(!verify_signature(
            br#"{"id":"ce4da99"}"#,
            &signature,
            &key()
        ));
        assert!(!verify_signature(body, &signature[..40], &key()));
        assert!(!verify_signature(body, "", &key()));
        assert!(!verify_signature(body, "not a signature", &key()));
    }
}
