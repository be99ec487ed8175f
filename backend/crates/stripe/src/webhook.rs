//! Webhook signatures (stripe-python `_webhook.py`): `Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]`
//! where each `v1` is hex(HMAC-SHA256(key = the whole `whsec_...` string, msg = "{t}.{raw body}")).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::events::Event;

pub const SIGNATURE_HEADER: &str = "Stripe-Signature";

/// Stripe's default: older signatures are refused so that a captured request cannot be replayed
/// later.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Why a webhook was refused. All mean "answer 400 and do nothing"; they differ for the logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the Stripe-Signature header is missing")]
    MissingSignatureHeader,
    #[error("the Stripe-Signature header is malformed")]
    MalformedSignatureHeader,
    /// Wrong secret, tampered body, or a body that was re-serialized before verification.
    #[error("no webhook signature matches")]
    NoMatchingSignature,
    #[error("the webhook signature is too old")]
    TimestampOutsideTolerance { timestamp: i64, now: i64 },
    /// The signature was valid but the body is not an event we can read.
    #[error("the webhook body cannot be read")]
    UnreadableBody(String),
    /// An accessor such as [`Event::invoice`] was used on an event about another object.
    #[error("the webhook is about a {found:?}, not a {expected:?}")]
    UnexpectedObject {
        expected: &'static str,
        found: String,
    },
}

/// Checks the signature, then the age, then parses the event. `payload` must be the raw body
/// bytes as received; pass `""` as `signature_header` when the header is absent.
pub fn verify(
    payload: &[u8],
    signature_header: &str,
    secret: &SecretString,
    now: SystemTime,
    tolerance: Duration,
) -> Result<Event, WebhookError> {
    if signature_header.trim().is_empty() {
        return Err(WebhookError::MissingSignatureHeader);
    }
    let header = ParsedHeader::parse(signature_header)?;
    let expected = signature(payload, secret, header.timestamp);
    let matches = header
        .v1_signatures
        .iter()
        .any(|candidate| bool::from(candidate.as_bytes().ct_eq(expected.as_bytes())));
    if !matches {
        return Err(WebhookError::NoMatchingSignature);
    }
    // Like the SDKs, only age is checked: a sender clock slightly ahead of ours is harmless.
    let now = unix_seconds(now);
    let tolerance = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
    if header.timestamp < now.saturating_sub(tolerance) {
        return Err(WebhookError::TimestampOutsideTolerance {
            timestamp: header.timestamp,
            now,
        });
    }
    serde_json::from_slice(payload).map_err(|err| WebhookError::UnreadableBody(err.to_string()))
}

/// A `Stripe-Signature` header value exactly as Stripe sends it, for the mock and for tests.
pub fn sign(payload: &[u8], secret: &SecretString, timestamp: i64) -> String {
    sign_with_secrets(payload, &[secret], timestamp)
}

/// One `v1` per secret, as Stripe sends while an endpoint's secret is being rolled.
pub fn sign_with_secrets(payload: &[u8], secrets: &[&SecretString], timestamp: i64) -> String {
    let mut header = format!("t={timestamp}");
    for secret in secrets {
        header.push_str(",v1=");
        header.push_str(&signature(payload, secret, timestamp));
    }
    header
}

/// hex(HMAC-SHA256(secret, "{timestamp}.{payload}")). The secret is used as text, prefix
/// included; unlike Svix it is not base64-decoded.
fn signature(payload: &[u8], secret: &SecretString, timestamp: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    hex::encode(mac.finalize().into_bytes())
}

pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

struct ParsedHeader {
    timestamp: i64,
    v1_signatures: Vec<String>,
}

impl ParsedHeader {
    /// Splits on `,` then on the first `=`; keeps the first `t` and every `v1`, and ignores
    /// `v0` and schemes Stripe may add later.
    fn parse(header: &str) -> Result<Self, WebhookError> {
        let mut timestamp = None;
        let mut v1_signatures = Vec::new();
        for item in header.split(',') {
            let Some((key, value)) = item.trim().split_once('=') else {
                return Err(WebhookError::MalformedSignatureHeader);
            };
            match key {
                "t" if timestamp.is_none() => {
                    let parsed = value
                        .parse::<i64>()
                        .map_err(|_| WebhookError::MalformedSignatureHeader)?;
                    timestamp = Some(parsed);
                }
                "v1" => v1_signatures.push(value.to_owned()),
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or(WebhookError::MalformedSignatureHeader)?;
        Ok(Self {
            timestamp,
            v1_signatures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] =
        br#"{"id":"evt_1","object":"event","type":"invoice.paid","created":1767225600,
        "data":{"object":{"id":"in_1","object":"invoice"}}}"#;
    const T: i64 = 1_767_225_600;

    fn secret(text: &str) -> SecretString {
        SecretString::from(text)
    }

    fn at(unix: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix as u64)
    }

    fn check(header: &str, secret_text: &str, now: i64) -> Result<Event, WebhookError> {
        verify(
            BODY,
            header,
            &secret(secret_text),
            at(now),
            DEFAULT_TOLERANCE,
        )
    }

    #[test]
    fn matches_stripes_reference_computation() {
        // hex(HMAC-SHA256("whsec_test_secret", "1767225600." + body)), computed independently
        // with Python's hmac module for the body `{}`.
        let header = sign(b"{}", &secret("whsec_test_secret"), T);
        assert_eq!(
            header,
            "t=1767225600,v1=fd847124971cb574f4bd1d7030a05e3a41dea61f342f3dbf78634e5a7aea0f3c"
        );
    }

    #[test]
    fn a_good_signature_yields_the_event() {
        let header = sign(BODY, &secret("whsec_test_secret"), T);
        let event = check(&header, "whsec_test_secret", T + 10).unwrap();
        assert_eq!(event.id, "evt_1");
        assert_eq!(event.event_type, "invoice.paid");
    }

    #[test]
    fn the_wrong_secret_is_refused() {
        let header = sign(BODY, &secret("whsec_other"), T);
        assert_eq!(
            check(&header, "whsec_test_secret", T).unwrap_err(),
            WebhookError::NoMatchingSignature
        );
    }

    #[test]
    fn a_tampered_body_is_refused() {
        let header = sign(BODY, &secret("whsec_test_secret"), T);
        let tampered = String::from_utf8(BODY.to_vec())
            .unwrap()
            .replace("in_1", "in_2");
        let result = verify(
            tampered.as_bytes(),
            &header,
            &secret("whsec_test_secret"),
            at(T),
            DEFAULT_TOLERANCE,
        );
        assert_eq!(result.unwrap_err(), WebhookError::NoMatchingSignature);
    }

    #[test]
    fn old_signatures_are_refused_after_the_signature_check() {
        let header = sign(BODY, &secret("whsec_test_secret"), T);
        assert!(check(&header, "whsec_test_secret", T + 300).is_ok());
        assert_eq!(
            check(&header, "whsec_test_secret", T + 301).unwrap_err(),
            WebhookError::TimestampOutsideTolerance {
                timestamp: T,
                now: T + 301
            }
        );
        // A bad signature is reported as such even when it is also old.
        assert_eq!(
            check(&header, "whsec_other", T + 10_000).unwrap_err(),
            WebhookError::NoMatchingSignature
        );
        // A sender clock ahead of ours is tolerated, as in the SDKs.
        assert!(check(&header, "whsec_test_secret", T - 3600).is_ok());
    }

    #[test]
    fn any_v1_may_match_and_other_schemes_are_ignored() {
        let rotated = sign_with_secrets(
            BODY,
            &[&secret("whsec_old"), &secret("whsec_test_secret")],
            T,
        );
        assert_eq!(rotated.matches(",v1=").count(), 2);
        assert!(check(&rotated, "whsec_test_secret", T).is_ok());
        assert!(check(&rotated, "whsec_old", T).is_ok());

        let good = sign(BODY, &secret("whsec_test_secret"), T);
        let v1 = good.split_once(",v1=").unwrap().1;
        let with_extras = format!("t={T},v0=deadbeef,v1=00ff,v2=abc,v1={v1}");
        assert!(check(&with_extras, "whsec_test_secret", T).is_ok());
    }

    #[test]
    fn header_problems_are_told_apart() {
        assert_eq!(
            check("", "whsec_test_secret", T).unwrap_err(),
            WebhookError::MissingSignatureHeader
        );
        for malformed in ["v1=abc", "t=soon,v1=abc", "garbage", "t=1,,v1=a"] {
            assert_eq!(
                check(malformed, "whsec_test_secret", T).unwrap_err(),
                WebhookError::MalformedSignatureHeader,
                "{malformed}"
            );
        }
        assert_eq!(
            check(&format!("t={T},v0=abc"), "whsec_test_secret", T).unwrap_err(),
            WebhookError::NoMatchingSignature
        );
    }

    #[test]
    fn a_signed_body_that_is_not_an_event_is_unreadable() {
        let body = b"not json";
        let header = sign(body, &secret("whsec_test_secret"), T);
        let result = verify(
            body,
            &header,
            &secret("whsec_test_secret"),
            at(T),
            DEFAULT_TOLERANCE,
        );
        assert!(matches!(result, Err(WebhookError::UnreadableBody(_))));
    }
}
