//! Charging saved cards off-session, and finding the card to charge.

use serde_json::json;
use tali_stripe::mock::{Fault, StripeMock};
use tali_stripe::{
    IdempotencyKey, OffSessionCharge, PaymentIntentStatus, STRIPE_VERSION, StripeClient,
    StripeError,
};

use crate::common::{client, customer, metadata};

fn charge(customer: &str, payment_method: &str) -> OffSessionCharge {
    OffSessionCharge {
        customer: customer.to_owned(),
        payment_method: payment_method.to_owned(),
        amount_pence: 2500,
        description: Some("TALI assessment".into()),
        metadata: metadata(&[("organization_id", "7"), ("assessment_id", "42")]),
    }
}

/// Saves a test card on the customer, as an earlier Checkout would have.
async fn attach(mock: &StripeMock, card: &str, customer: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!(
            "{}/v1/payment_methods/{card}/attach",
            mock.base_url()
        ))
        .bearer_auth(StripeMock::API_KEY)
        .header("stripe-version", STRIPE_VERSION)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("customer={customer}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let method: serde_json::Value =
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    method["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_good_card_is_charged() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer = customer(&client).await;

    let intent = client
        .charge_off_session(
            &charge(&customer, "pm_card_visa"),
            &IdempotencyKey::random(),
        )
        .await
        .unwrap();

    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    assert_eq!(intent.amount, 2500);
    assert_eq!(intent.currency, "gbp");
    assert_eq!(intent.customer.as_deref(), Some(customer.as_str()));
    assert_eq!(intent.metadata["assessment_id"], "42");
    let request = &mock.requests_to("POST", "/v1/payment_intents")[0];
    assert_eq!(request.params["confirm"], "true");
    assert_eq!(request.params["off_session"], "true");
    assert_eq!(request.params["payment_method_types"], json!(["card"]));
    let events = mock.events();
    assert_eq!(events.last().unwrap()["type"], "payment_intent.succeeded");
}

#[tokio::test]
async fn a_declined_card_is_a_card_error_with_the_payment_intent() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer = customer(&client).await;

    let error = client
        .charge_off_session(
            &charge(&customer, "pm_card_chargeDeclined"),
            &IdempotencyKey::random(),
        )
        .await
        .unwrap_err();

    let card = error.as_card_error().expect("a card error");
    assert_eq!(card.code.as_deref(), Some("card_declined"));
    assert_eq!(card.decline_code.as_deref(), Some("generic_decline"));
    assert_eq!(card.message.as_deref(), Some("Your card was declined."));
    assert!(!card.needs_authentication());
    let intent = card.payment_intent.as_ref().unwrap();
    assert_eq!(intent.status, PaymentIntentStatus::RequiresPaymentMethod);
    assert_eq!(
        intent
            .last_payment_error
            .as_ref()
            .unwrap()
            .decline_code
            .as_deref(),
        Some("generic_decline")
    );
    assert_eq!(
        error.to_string(),
        "the card payment failed: Your card was declined."
    );
    assert_eq!(mock.requests().len(), 2, "a 402 is not retried");
    assert_eq!(
        mock.events().last().unwrap()["type"],
        "payment_intent.payment_failed"
    );
}

#[tokio::test]
async fn a_card_that_needs_authentication_fails_off_session() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer = customer(&client).await;
    let saved = attach(&mock, "pm_card_authenticationRequired", &customer).await;

    let error = client
        .charge_off_session(&charge(&customer, &saved), &IdempotencyKey::random())
        .await
        .unwrap_err();

    let card = error.as_card_error().expect("a card error");
    assert!(card.needs_authentication());
    let intent = card.payment_intent.as_ref().unwrap();
    assert_eq!(intent.payment_method.as_deref(), Some(saved.as_str()));
}

#[tokio::test]
async fn the_same_card_asks_for_action_on_session() {
    // Our client only charges off-session; this checks the mock's on-session behaviour, which
    // a future "pay now" flow would meet.
    let mock = StripeMock::start().await.unwrap();
    let customer = customer(&client(&mock)).await;
    let response = reqwest::Client::new()
        .post(format!("{}/v1/payment_intents", mock.base_url()))
        .bearer_auth(StripeMock::API_KEY)
        .header("stripe-version", STRIPE_VERSION)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "amount=2500&currency=gbp&customer={customer}&payment_method=pm_card_authenticationRequired\
             &confirm=true&return_url=https%3A%2F%2Fapp.tali.test%2Fpaid"
        ))
        .send()
        .await
        .unwrap();
    let intent: tali_stripe::PaymentIntent =
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(intent.status, PaymentIntentStatus::RequiresAction);
    let url = intent.next_action_url().unwrap();
    assert!(
        url.starts_with(&format!("{}/authenticate/pi_", mock.base_url())),
        "{url}"
    );
}

#[tokio::test]
async fn requires_action_and_processing_answers_are_returned_as_intents() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    mock.push_fault(
        Fault::Respond {
            status: 200,
            body: json!({
                "id": "pi_scripted", "object": "payment_intent", "status": "requires_action",
                "amount": 2500, "currency": "gbp", "customer": "cus_1", "payment_method": "pm_1",
                "next_action": {"type": "redirect_to_url",
                    "redirect_to_url": {"url": "https://hooks.stripe.test/3ds", "return_url": null}},
            }),
        },
        1,
    );
    mock.push_fault(
        Fault::Respond {
            status: 200,
            body: json!({"id": "pi_slow", "object": "payment_intent", "status": "processing"}),
        },
        1,
    );

    let action = client
        .charge_off_session(&charge("cus_1", "pm_1"), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(action.status, PaymentIntentStatus::RequiresAction);
    assert_eq!(
        action.next_action_url(),
        Some("https://hooks.stripe.test/3ds")
    );

    let processing = client
        .charge_off_session(&charge("cus_1", "pm_1"), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(processing.status, PaymentIntentStatus::Processing);
}

#[tokio::test]
async fn a_saved_card_that_later_declines() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer = customer(&client).await;
    let saved = attach(&mock, "pm_card_chargeCustomerFail", &customer).await;

    let error = client
        .charge_off_session(&charge(&customer, &saved), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert_eq!(
        error.as_card_error().unwrap().code.as_deref(),
        Some("card_declined")
    );
}

#[tokio::test]
async fn amounts_below_stripes_minimum_are_refused() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer = customer(&client).await;
    let pounds_not_pence = OffSessionCharge {
        amount_pence: 25,
        ..charge(&customer, "pm_card_visa")
    };
    let error = client
        .charge_off_session(&pounds_not_pence, &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StripeError::InvalidRequest { code: Some(code), .. } if code == "amount_too_small"),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_card_to_charge_is_the_default_else_the_newest() {
    let mock = StripeMock::start().await.unwrap();
    let client: StripeClient = client(&mock);
    let customer = customer(&client).await;
    assert_eq!(client.card_to_charge(&customer).await.unwrap(), None);

    let first = attach(&mock, "pm_card_visa", &customer).await;
    let chosen = client.card_to_charge(&customer).await.unwrap().unwrap();
    assert_eq!(chosen.id, first);
    let card = chosen.card.unwrap();
    assert_eq!((card.brand.as_str(), card.last4.as_str()), ("visa", "4242"));

    let cards = client.list_cards(&customer).await.unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(
        client
            .retrieve_customer(&customer)
            .await
            .unwrap()
            .default_payment_method,
        None
    );
}
