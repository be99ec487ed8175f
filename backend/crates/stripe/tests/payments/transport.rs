//! The HTTP contract with Stripe: encoding, headers, idempotency, retries and error mapping.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::json;
use tali_stripe::mock::{Fault, StripeMock};
use tali_stripe::{
    IdempotencyKey, NewCustomer, PaymentCheckout, STRIPE_VERSION, StripeClient, StripeConfig,
    StripeError,
};

use crate::common::{client, customer, fast_retry, metadata};

fn new_customer() -> NewCustomer {
    NewCustomer {
        email: Some("billing@acme.test".into()),
        name: Some("Acme Ltd".into()),
        metadata: metadata(&[("organization_id", "7")]),
    }
}

#[tokio::test]
async fn nested_and_indexed_params_are_form_encoded() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer_id = customer(&client).await;
    let checkout = PaymentCheckout {
        customer: customer_id.clone(),
        product_name: "TALI assessment".into(),
        unit_amount_pence: 2500,
        quantity: 3,
        success_url: "https://app.tali.test/billing/paid?session_id={CHECKOUT_SESSION_ID}".into(),
        cancel_url: "https://app.tali.test/billing".into(),
        client_reference_id: Some("org_7".into()),
        metadata: metadata(&[("organization_id", "7")]),
    };
    client
        .create_payment_checkout(&checkout, &IdempotencyKey::random())
        .await
        .unwrap();

    let customers = mock.requests_to("POST", "/v1/customers");
    assert!(
        customers[0]
            .body
            .contains("metadata%5Borganization_id%5D=7")
    );

    let request = &mock.requests_to("POST", "/v1/checkout/sessions")[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        request
            .body
            .contains("line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=2500"),
        "{}",
        request.body
    );
    assert_eq!(
        request.params,
        json!({
            "mode": "payment",
            "customer": customer_id,
            "line_items": [{
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": "2500",
                    "product_data": {"name": "TALI assessment"},
                },
                "quantity": "3",
            }],
            "success_url": "https://app.tali.test/billing/paid?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://app.tali.test/billing",
            "client_reference_id": "org_7",
            "metadata": {"organization_id": "7"},
            "payment_intent_data": {
                "setup_future_usage": "off_session",
                "metadata": {"organization_id": "7"},
            },
        })
    );
}

#[tokio::test]
async fn every_request_is_authenticated_and_pinned() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let id = customer(&client).await;
    client.retrieve_customer(&id).await.unwrap();

    for request in mock.requests() {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer sk_test_talimock")
        );
        assert_eq!(request.header("stripe-version"), Some(STRIPE_VERSION));
        assert!(
            request
                .header("user-agent")
                .unwrap()
                .starts_with("tali-stripe/")
        );
    }
    let [post, get] = &mock.requests()[..] else {
        panic!("expected two requests");
    };
    assert!(post.header("idempotency-key").is_some());
    assert_eq!(get.header("idempotency-key"), None, "GET carries no key");
}

#[tokio::test]
async fn a_retry_reuses_the_idempotency_key_and_creates_one_customer() {
    let mock = StripeMock::start().await.unwrap();
    mock.push_fault(Fault::ServerError, 1);

    let created = client(&mock)
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap();

    let attempts = mock.requests_to("POST", "/v1/customers");
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].status, 500);
    assert_eq!(attempts[1].status, 200);
    let key = attempts[0].header("idempotency-key").unwrap();
    assert_eq!(attempts[1].header("idempotency-key"), Some(key));
    assert_eq!(mock.objects("customer").len(), 1);
    assert_eq!(mock.objects("customer")[0]["id"], created.id.as_str());
}

#[tokio::test]
async fn a_repeated_key_replays_the_first_answer_and_refuses_other_params() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let key = IdempotencyKey::new("customer/org/7").unwrap();

    let first = client.create_customer(&new_customer(), &key).await.unwrap();
    let again = client.create_customer(&new_customer(), &key).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(mock.objects("customer").len(), 1);
    let replay = &mock.requests_to("POST", "/v1/customers")[1];
    assert_eq!(replay.status, 200);

    let other = NewCustomer {
        name: Some("Someone else".into()),
        ..new_customer()
    };
    let error = client.create_customer(&other, &key).await.unwrap_err();
    assert!(
        matches!(error, StripeError::Idempotency { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "this payment request conflicts with an earlier one"
    );
}

#[tokio::test]
async fn stripe_should_retry_false_stops_retries() {
    let mock = StripeMock::start().await.unwrap();
    mock.push_fault(Fault::ServerErrorDoNotRetry, 1);

    let error = client(&mock)
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap_err();

    assert!(
        matches!(error, StripeError::Api { status: 500, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert_eq!(mock.requests().len(), 1);
    assert!(mock.objects("customer").is_empty());
}

#[tokio::test]
async fn conflicts_are_retried() {
    let mock = StripeMock::start().await.unwrap();
    mock.push_fault(Fault::Conflict, 1);

    client(&mock)
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap();

    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [409, 200]);
}

#[tokio::test]
async fn server_errors_give_up_after_the_retry_budget() {
    let mock = StripeMock::start().await.unwrap();
    mock.push_fault(Fault::ServerError, 5);

    let error = client(&mock)
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap_err();

    assert!(matches!(error, StripeError::Api { status: 500, .. }));
    assert!(error.request_id().unwrap().starts_with("req_mock_"));
    assert_eq!(mock.requests().len(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn rate_limits_are_retried_after_a_backoff_within_their_own_budget() {
    let mock = StripeMock::start().await.unwrap();
    mock.push_fault(Fault::RateLimited, 2);
    let started = Instant::now();

    client(&mock)
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap();

    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 429, 200]);
    // Two waits of at least the 10 ms floor.
    assert!(started.elapsed() >= Duration::from_millis(20));

    mock.push_fault(Fault::RateLimited, 3);
    let error = client(&mock)
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(
        matches!(error, StripeError::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(mock.requests().len(), 6);
}

#[tokio::test]
async fn a_hung_request_times_out_and_is_retried() {
    let mock = StripeMock::start().await.unwrap();
    mock.push_fault(Fault::Hang { millis: 2_000 }, 1);
    let mut config = StripeConfig::new(SecretString::from(StripeMock::API_KEY))
        .with_base_url(mock.base_url())
        .with_retry(fast_retry());
    config.request_timeout = Duration::from_millis(300);
    let client = StripeClient::new(config).unwrap();

    client
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(mock.objects("customer").len(), 1);

    mock.push_fault(Fault::Hang { millis: 2_000 }, 3);
    let error = client
        .create_customer(&new_customer(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(matches!(error, StripeError::Timeout), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_stripe_is_a_network_error() {
    // Bind then drop a listener, so nothing answers on that port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = StripeConfig::new(SecretString::from("sk_test_x"))
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_retry(fast_retry());
    let error = StripeClient::new(config)
        .unwrap()
        .retrieve_customer("cus_1")
        .await
        .unwrap_err();
    assert!(matches!(error, StripeError::Network(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the payment service cannot be reached right now"
    );
}

#[tokio::test]
async fn a_wrong_key_is_an_authentication_error_that_never_shows_the_key() {
    let mock = StripeMock::start().await.unwrap();
    let config = StripeConfig::new(SecretString::from("sk_live_topsecretvalue99"))
        .with_base_url(mock.base_url())
        .with_retry(fast_retry());
    let client = StripeClient::new(config).unwrap();

    let error = client.retrieve_customer("cus_1").await.unwrap_err();

    assert!(
        matches!(error, StripeError::Authentication { status: 401, .. }),
        "{error:?}"
    );
    assert_eq!(mock.requests().len(), 1, "401 is not retried");
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{client:?}"),
    ] {
        assert!(!text.contains("topsecret"), "{text}");
    }
}

#[tokio::test]
async fn unknown_ids_are_invalid_requests() {
    let mock = StripeMock::start().await.unwrap();
    let error = client(&mock)
        .retrieve_subscription("sub_missing")
        .await
        .unwrap_err();
    match error {
        StripeError::InvalidRequest {
            status: 404, code, ..
        } => assert_eq!(code.as_deref(), Some("resource_missing")),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn the_mock_refuses_json_bodies_and_unknown_parameters() {
    let mock = StripeMock::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/v1/customers", mock.base_url());

    let json_body = http
        .post(&url)
        .bearer_auth(StripeMock::API_KEY)
        .header("stripe-version", STRIPE_VERSION)
        .header("content-type", "application/json")
        .body(r#"{"email":"a@b.test"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 400);
    assert!(json_body.headers().contains_key("request-id"));

    let typo = http
        .post(&url)
        .bearer_auth(StripeMock::API_KEY)
        .header("stripe-version", STRIPE_VERSION)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("emial=a%40b.test")
        .send()
        .await
        .unwrap();
    assert_eq!(typo.status(), 400);
    let body: serde_json::Value = serde_json::from_slice(&typo.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error"]["param"], "emial");

    let unpinned = http
        .post(&url)
        .bearer_auth(StripeMock::API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(unpinned.status(), 400, "strict version check");
    assert!(mock.objects("customer").is_empty());
}
