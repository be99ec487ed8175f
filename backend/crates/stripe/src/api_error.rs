//! Turns Stripe's error answer (`{"error":{"type","code","message",...}}`) into a
//! [`StripeError`], the way stripe-python's `specific_v1_api_error` does.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{CardError, StripeError};
use crate::payment_intents::PaymentIntent;

#[derive(Debug, Default, Deserialize)]
struct ErrorEnvelope {
    #[serde(default)]
    error: ErrorBody,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    code: Option<String>,
    decline_code: Option<String>,
    message: Option<String>,
    param: Option<String>,
    /// Kept loose: a PaymentIntent we cannot parse must not hide the card error itself.
    payment_intent: Option<Value>,
}

pub(crate) fn classify(status: u16, body: &[u8], request_id: Option<String>) -> StripeError {
    // A proxy in front of Stripe may answer with HTML; the status alone then decides.
    let body = serde_json::from_slice::<ErrorEnvelope>(body)
        .unwrap_or_default()
        .error;
    if body.kind.as_deref() == Some("idempotency_error") {
        return StripeError::Idempotency {
            message: body.message,
            request_id,
        };
    }
    match status {
        400 if body.code.as_deref() == Some("rate_limit") => {
            StripeError::RateLimited { request_id }
        }
        400 | 404 => StripeError::InvalidRequest {
            status,
            code: body.code,
            param: body.param,
            message: body.message,
            request_id,
        },
        401 | 403 => StripeError::Authentication {
            status,
            message: body.message,
            request_id,
        },
        402 => StripeError::Card(Box::new(CardError {
            code: body.code,
            decline_code: body.decline_code,
            message: body.message,
            payment_intent: body
                .payment_intent
                .and_then(|value| serde_json::from_value::<PaymentIntent>(value).ok()),
            request_id,
        })),
        429 => StripeError::RateLimited { request_id },
        _ => StripeError::Api {
            status,
            message: body.message,
            request_id,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment_intents::PaymentIntentStatus;

    #[test]
    fn card_error_keeps_codes_and_the_payment_intent() {
        let body = br#"{"error":{"type":"card_error","code":"authentication_required",
            "message":"Your card requires authentication.",
            "payment_intent":{"id":"pi_1","status":"requires_payment_method","amount":2500,"currency":"gbp"}}}"#;
        let error = classify(402, body, Some("req_1".into()));
        let card = error.as_card_error().expect("a card error");
        assert!(card.needs_authentication());
        assert_eq!(card.request_id.as_deref(), Some("req_1"));
        let intent = card.payment_intent.as_ref().unwrap();
        assert_eq!(intent.id, "pi_1");
        assert_eq!(intent.status, PaymentIntentStatus::RequiresPaymentMethod);
        assert_eq!(
            error.to_string(),
            "the card payment failed: Your card requires authentication."
        );
    }

    #[test]
    fn statuses_map_to_variants() {
        let idempotency = br#"{"error":{"type":"idempotency_error","message":"Keys for idempotent requests..."}}"#;
        assert!(matches!(
            classify(400, idempotency, None),
            StripeError::Idempotency { .. }
        ));
        assert!(matches!(
            classify(404, b"{}", None),
            StripeError::InvalidRequest { status: 404, .. }
        ));
        assert!(matches!(
            classify(400, br#"{"error":{"code":"rate_limit"}}"#, None),
            StripeError::RateLimited { .. }
        ));
        assert!(matches!(
            classify(401, b"", None),
            StripeError::Authentication { status: 401, .. }
        ));
        assert!(matches!(
            classify(429, b"", None),
            StripeError::RateLimited { .. }
        ));
        assert!(matches!(
            classify(502, b"<html>Bad gateway</html>", None),
            StripeError::Api { status: 502, .. }
        ));
    }

    #[test]
    fn developer_messages_stay_out_of_display() {
        let body = br#"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_****1234"}}"#;
        let error = classify(401, body, None);
        assert!(!error.to_string().contains("sk_test"));
    }
}
