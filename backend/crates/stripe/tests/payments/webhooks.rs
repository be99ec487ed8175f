//! Events the tests ask the mock for, redelivery, and the signatures an endpoint must refuse.

use std::time::{Duration, SystemTime};

use secrecy::SecretString;
use serde_json::json;
use tali_stripe::mock::{EventRequest, MockOptions, SignatureVariant, StripeMock};
use tali_stripe::webhook::{self, DEFAULT_TOLERANCE};
use tali_stripe::{
    EventKind, IdempotencyKey, PaymentIntentStatus, SubscriptionCheckout, SubscriptionStatus,
    WebhookError,
};

use crate::common::{
    ReceivedWebhook, WebhookReceiver, client, customer, metadata, mock_delivering_to, verify,
};

/// A customer on the monthly plan; returns (customer, subscription).
async fn subscribed(mock: &StripeMock) -> (String, String) {
    let client = client(mock);
    let customer = customer(&client).await;
    let checkout = SubscriptionCheckout {
        customer: customer.clone(),
        price_id: "price_tali_monthly".into(),
        success_url: "https://app.tali.test/done".into(),
        cancel_url: "https://app.tali.test/billing".into(),
        client_reference_id: None,
        metadata: metadata(&[("organization_id", "7")]),
    };
    let session = client
        .create_subscription_checkout(&checkout, &IdempotencyKey::random())
        .await
        .unwrap();
    let (completed, _) = mock
        .complete_checkout(&session.id, "pm_card_visa")
        .await
        .unwrap();
    (
        customer,
        completed["subscription"].as_str().unwrap().to_owned(),
    )
}

fn last(receiver: &WebhookReceiver) -> ReceivedWebhook {
    receiver.received().pop().expect("a webhook")
}

fn check(
    webhook: &ReceivedWebhook,
    secret: &SecretString,
) -> Result<tali_stripe::Event, WebhookError> {
    webhook::verify(
        &webhook.body,
        webhook.signature(),
        secret,
        SystemTime::now(),
        DEFAULT_TOLERANCE,
    )
}

#[tokio::test]
async fn subscription_lifecycle_events_change_state_and_arrive_signed() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let (customer, subscription_id) = subscribed(&mock).await;
    let period_end = client
        .retrieve_subscription(&subscription_id)
        .await
        .unwrap()
        .current_period_end
        .unwrap();

    let failed = EventRequest {
        customer: Some(customer.clone()),
        ..EventRequest::new("invoice.payment_failed")
    };
    mock.send_event(&failed).await.unwrap();
    let event = verify(&last(&receiver), mock.webhook_secret());
    assert_eq!(event.kind(), EventKind::InvoicePaymentFailed);
    let invoice = event.invoice().unwrap();
    assert_eq!(
        invoice.subscription.as_deref(),
        Some(subscription_id.as_str())
    );
    assert_eq!(invoice.status.as_deref(), Some("open"));
    assert_eq!(
        client
            .retrieve_subscription(&subscription_id)
            .await
            .unwrap()
            .status,
        SubscriptionStatus::PastDue
    );

    let renewed = EventRequest {
        subscription: Some(subscription_id.clone()),
        ..EventRequest::new("invoice.paid")
    };
    mock.send_event(&renewed).await.unwrap();
    let invoice = verify(&last(&receiver), mock.webhook_secret())
        .invoice()
        .unwrap();
    assert_eq!(
        invoice.billing_reason.as_deref(),
        Some("subscription_cycle")
    );
    let subscription = client
        .retrieve_subscription(&subscription_id)
        .await
        .unwrap();
    assert_eq!(subscription.status, SubscriptionStatus::Active);
    assert_eq!(
        subscription.current_period_end,
        Some(period_end + 30 * 24 * 60 * 60)
    );

    let unpaid = EventRequest {
        subscription: Some(subscription_id.clone()),
        status: Some("unpaid".into()),
        ..EventRequest::new("customer.subscription.updated")
    };
    mock.send_event(&unpaid).await.unwrap();
    let event = verify(&last(&receiver), mock.webhook_secret());
    assert_eq!(
        event.subscription().unwrap().status,
        SubscriptionStatus::Unpaid
    );
    assert_eq!(
        event.data.previous_attributes,
        Some(json!({"status": "active"}))
    );

    let deleted = EventRequest {
        subscription: Some(subscription_id.clone()),
        ..EventRequest::new("customer.subscription.deleted")
    };
    mock.send_event(&deleted).await.unwrap();
    let subscription = verify(&last(&receiver), mock.webhook_secret())
        .subscription()
        .unwrap();
    assert_eq!(subscription.status, SubscriptionStatus::Canceled);
    assert!(subscription.ended_at.is_some());
}

#[tokio::test]
async fn payment_and_async_checkout_events() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let customer = customer(&client).await;

    let failed = EventRequest {
        customer: Some(customer.clone()),
        amount: Some(2500),
        ..EventRequest::new("payment_intent.payment_failed")
    };
    mock.send_event(&failed).await.unwrap();
    let event = verify(&last(&receiver), mock.webhook_secret());
    assert_eq!(event.event_type, "payment_intent.payment_failed");
    let intent = event.payment_intent().unwrap();
    assert_eq!(intent.status, PaymentIntentStatus::RequiresPaymentMethod);
    assert_eq!(
        intent.last_payment_error.unwrap().code.as_deref(),
        Some("card_declined")
    );

    let session = client
        .create_payment_checkout(
            &tali_stripe::PaymentCheckout {
                customer: customer.clone(),
                product_name: "TALI assessment".into(),
                unit_amount_pence: 2500,
                quantity: 1,
                success_url: "https://app.tali.test/done".into(),
                cancel_url: "https://app.tali.test/billing".into(),
                client_reference_id: None,
                metadata: metadata(&[]),
            },
            &IdempotencyKey::random(),
        )
        .await
        .unwrap();
    for (event_type, paid) in [
        ("checkout.session.async_payment_failed", false),
        ("checkout.session.async_payment_succeeded", true),
    ] {
        let request = EventRequest {
            checkout_session: Some(session.id.clone()),
            ..EventRequest::new(event_type)
        };
        mock.send_event(&request).await.unwrap();
        let event = verify(&last(&receiver), mock.webhook_secret());
        assert_eq!(event.event_type, event_type);
        assert_eq!(event.checkout_session().unwrap().is_paid(), paid);
    }

    let anything = EventRequest {
        object: Some(json!({"id": "ch_1", "object": "charge", "amount": 2500})),
        ..EventRequest::new("charge.refunded")
    };
    mock.send_event(&anything).await.unwrap();
    let event = verify(&last(&receiver), mock.webhook_secret());
    assert_eq!(event.kind(), EventKind::Other("charge.refunded".into()));
    assert_eq!(event.data.object["amount"], 2500);

    let incomplete = EventRequest::new("invoice.paid");
    assert!(mock.send_event(&incomplete).await.is_err());
}

#[tokio::test]
async fn a_redelivered_event_keeps_its_id() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let (customer, _) = subscribed(&mock).await;
    let (events, _) = mock
        .send_event(&EventRequest {
            customer: Some(customer),
            ..EventRequest::new("invoice.paid")
        })
        .await
        .unwrap();
    let id = events[0]["id"].as_str().unwrap();

    mock.redeliver(id, SignatureVariant::Valid).await.unwrap();

    let received = receiver.received();
    let [.., first, second] = &received[..] else {
        panic!("expected two deliveries");
    };
    let first = verify(first, mock.webhook_secret());
    let second = verify(second, mock.webhook_secret());
    assert_eq!(first.id, id);
    assert_eq!(first, second);
}

#[tokio::test]
async fn bad_signatures_are_refused_for_the_right_reason() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let (customer, _) = subscribed(&mock).await;
    let (events, _) = mock
        .send_event(&EventRequest {
            customer: Some(customer),
            ..EventRequest::new("invoice.payment_failed")
        })
        .await
        .unwrap();
    let id = events[0]["id"].as_str().unwrap();

    for (variant, expected) in [
        (SignatureVariant::WrongSecret, "no match"),
        (SignatureVariant::TamperedBody, "no match"),
        (SignatureVariant::StaleTimestamp, "stale"),
    ] {
        mock.redeliver(id, variant).await.unwrap();
        let result = check(&last(&receiver), mock.webhook_secret());
        match (expected, result) {
            ("no match", Err(WebhookError::NoMatchingSignature)) => {}
            ("stale", Err(WebhookError::TimestampOutsideTolerance { .. })) => {}
            (_, other) => panic!("{variant:?}: unexpected {other:?}"),
        }
    }
    let missing = webhook::verify(
        &last(&receiver).body,
        "",
        mock.webhook_secret(),
        SystemTime::now(),
        DEFAULT_TOLERANCE,
    );
    assert_eq!(missing.unwrap_err(), WebhookError::MissingSignatureHeader);
    // The endpoint answered 200 each time: the mock does not judge, the test does.
    assert!(mock.deliveries().iter().all(|d| d.status == Some(200)));
}

#[tokio::test]
async fn during_a_secret_roll_either_secret_verifies() {
    let receiver = WebhookReceiver::start().await;
    let old = SecretString::from("whsec_previous_secret");
    let mock = StripeMock::start_with(MockOptions {
        webhook_url: Some(receiver.url()),
        previous_webhook_secret: Some(old.clone()),
        webhook_retry_delays: vec![Duration::from_millis(10)],
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let (customer, _) = subscribed(&mock).await;
    mock.send_event(&EventRequest {
        customer: Some(customer),
        ..EventRequest::new("invoice.paid")
    })
    .await
    .unwrap();

    let webhook = last(&receiver);
    assert_eq!(webhook.signature().matches("v1=").count(), 2);
    assert!(check(&webhook, mock.webhook_secret()).is_ok());
    assert!(check(&webhook, &old).is_ok());
    assert_eq!(
        check(&webhook, &SecretString::from("whsec_unrelated")).unwrap_err(),
        WebhookError::NoMatchingSignature
    );
}

#[tokio::test]
async fn the_json_hooks_drive_the_mock_from_outside() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let (_, subscription_id) = subscribed(&mock).await;
    let http = reqwest::Client::new();
    let base = mock.base_url();

    let sent = http
        .post(format!("{base}/test/events"))
        .header("content-type", "application/json")
        .body(
            json!({"type": "customer.subscription.deleted", "subscription": subscription_id})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let answer: serde_json::Value = serde_json::from_slice(&sent.bytes().await.unwrap()).unwrap();
    let event_id = answer["events"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(answer["deliveries"][0]["status"], 200);

    let redelivered = http
        .post(format!("{base}/test/events/{event_id}/redeliver"))
        .body(r#"{"signature": "stale_timestamp"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(redelivered.status(), 200);

    let subscription: serde_json::Value = serde_json::from_slice(
        &http
            .get(format!("{base}/test/objects/{subscription_id}"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(subscription["status"], "canceled");

    let fault = http
        .post(format!("{base}/test/faults"))
        .body(r#"{"fault": "server_error_do_not_retry", "count": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(fault.status(), 200);
    let error = client(&mock)
        .retrieve_subscription(&subscription_id)
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        tali_stripe::StripeError::Api { status: 500, .. }
    ));

    for listing in ["events", "deliveries", "requests"] {
        let response = http
            .get(format!("{base}/test/{listing}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{listing}");
        let items: serde_json::Value =
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert!(!items.as_array().unwrap().is_empty(), "{listing}");
    }
}
