//! Checkout (credits and the monthly plan), the billing portal and subscription changes, with
//! the webhooks they cause.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;
use tali_stripe::mock::StripeMock;
use tali_stripe::{
    CheckoutMode, CheckoutStatus, EventKind, IdempotencyKey, OffSessionCharge, PaymentCheckout,
    PaymentIntentStatus, StripeClient, SubscriptionCheckout, SubscriptionStatus,
};

use crate::common::{
    WebhookReceiver, client, customer, eventually, metadata, mock_delivering_to, verify,
};

const SUCCESS_URL: &str = "https://app.tali.test/billing/done?session_id={CHECKOUT_SESSION_ID}";
const MONTHLY_PRICE: &str = "price_tali_monthly";

fn credits(customer: &str, quantity: u32) -> PaymentCheckout {
    PaymentCheckout {
        customer: customer.to_owned(),
        product_name: "TALI assessment".into(),
        unit_amount_pence: 2500,
        quantity,
        success_url: SUCCESS_URL.into(),
        cancel_url: "https://app.tali.test/billing".into(),
        client_reference_id: Some("org_7".into()),
        metadata: metadata(&[("organization_id", "7"), ("credits", "3")]),
    }
}

fn plan(customer: &str) -> SubscriptionCheckout {
    SubscriptionCheckout {
        customer: customer.to_owned(),
        price_id: MONTHLY_PRICE.into(),
        success_url: SUCCESS_URL.into(),
        cancel_url: "https://app.tali.test/billing".into(),
        client_reference_id: Some("org_7".into()),
        metadata: metadata(&[("organization_id", "7")]),
    }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What a browser sends for an HTML form.
async fn submit(browser: &reqwest::Client, url: &str, form: &str) -> reqwest::Response {
    browser
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned())
        .send()
        .await
        .unwrap()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn completing_a_payment_checkout_delivers_signed_webhooks_and_saves_the_card() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let customer = customer(&client).await;

    let session = client
        .create_payment_checkout(&credits(&customer, 3), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(session.mode, CheckoutMode::Payment);
    assert_eq!(session.status, Some(CheckoutStatus::Open));
    assert!(!session.is_paid());
    assert_eq!(session.amount_total, Some(7500));
    let url = session.url.clone().unwrap();
    assert_eq!(url, format!("{}/checkout/{}", mock.base_url(), session.id));

    let (_, deliveries) = mock
        .complete_checkout(&session.id, "pm_card_visa")
        .await
        .unwrap();
    assert!(
        deliveries.iter().all(|d| d.status == Some(200)),
        "{deliveries:?}"
    );

    let received = receiver.received();
    let events: Vec<_> = received
        .iter()
        .map(|webhook| verify(webhook, mock.webhook_secret()))
        .collect();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            EventKind::CheckoutSessionCompleted,
            EventKind::PaymentIntentSucceeded
        ]
    );
    let completed = events[0].checkout_session().unwrap();
    assert_eq!(completed.id, session.id);
    assert!(completed.is_paid());
    assert_eq!(completed.client_reference_id.as_deref(), Some("org_7"));
    assert_eq!(completed.metadata["credits"], "3");
    assert_eq!(completed.customer.as_deref(), Some(customer.as_str()));
    let intent = events[1].payment_intent().unwrap();
    assert_eq!(
        completed.payment_intent.as_deref(),
        Some(intent.id.as_str())
    );
    assert_eq!(intent.amount, 7500);
    assert_eq!(
        intent.metadata["organization_id"], "7",
        "copied via payment_intent_data"
    );

    let retrieved = client.retrieve_checkout_session(&session.id).await.unwrap();
    assert_eq!(retrieved.status, Some(CheckoutStatus::Complete));
    assert!(retrieved.is_paid());

    // The card is saved as the default, so the next assessment can be charged off-session.
    let card = client.card_to_charge(&customer).await.unwrap().unwrap();
    assert_eq!(
        client
            .retrieve_customer(&customer)
            .await
            .unwrap()
            .default_payment_method,
        Some(card.id.clone())
    );
    let charged = client
        .charge_off_session(
            &OffSessionCharge {
                customer: customer.clone(),
                payment_method: card.id,
                amount_pence: 2500,
                description: None,
                metadata: metadata(&[("assessment_id", "42")]),
            },
            &IdempotencyKey::random(),
        )
        .await
        .unwrap();
    assert_eq!(charged.status, PaymentIntentStatus::Succeeded);
}

#[tokio::test]
async fn the_hosted_page_pays_then_redirects_to_the_success_url() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let customer = customer(&client).await;
    let session = client
        .create_payment_checkout(&credits(&customer, 1), &IdempotencyKey::random())
        .await
        .unwrap();
    let url = session.url.unwrap();
    let browser = no_redirects();

    let page = browser.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("£25.00") && html.contains(">Pay</button>"),
        "{html}"
    );

    let declined = submit(&browser, &url, "card=pm_card_chargeDeclined").await;
    assert_eq!(declined.status(), 402);
    assert!(
        declined
            .text()
            .await
            .unwrap()
            .contains("Your card was declined.")
    );
    assert!(receiver.received().is_empty());

    let paid = submit(&browser, &url, "card=pm_card_visa").await;
    assert_eq!(paid.status(), 303);
    assert_eq!(
        paid.headers()["location"],
        format!(
            "https://app.tali.test/billing/done?session_id={}",
            session.id
        )
        .as_str()
    );
    // Delivered before the redirect, so the success page can already show the credits.
    assert_eq!(receiver.received().len(), 2);

    let again = browser
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("complete"), "{again}");
}

#[tokio::test]
async fn a_subscription_checkout_starts_the_plan() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let customer = customer(&client).await;

    let session = client
        .create_subscription_checkout(&plan(&customer), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(session.mode, CheckoutMode::Subscription);
    assert_eq!(session.amount_total, Some(30_000));
    let request = &mock.requests_to("POST", "/v1/checkout/sessions")[0];
    assert_eq!(
        request.params["line_items"],
        json!([{"price": MONTHLY_PRICE, "quantity": "1"}])
    );
    assert_eq!(
        request.params["subscription_data"],
        json!({"metadata": {"organization_id": "7"}})
    );
    assert!(request.params.get("payment_intent_data").is_none());

    // Through the JSON hook, as a browser test would.
    let hook = reqwest::Client::new()
        .post(format!(
            "{}/test/checkout/{}/complete",
            mock.base_url(),
            session.id
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), 200);

    let events: Vec<_> = receiver
        .received()
        .iter()
        .map(|webhook| verify(webhook, mock.webhook_secret()))
        .collect();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [EventKind::CheckoutSessionCompleted, EventKind::InvoicePaid]
    );
    let completed = events[0].checkout_session().unwrap();
    let subscription_id = completed.subscription.clone().unwrap();
    let invoice = events[1].invoice().unwrap();
    assert_eq!(
        invoice.subscription.as_deref(),
        Some(subscription_id.as_str())
    );
    assert_eq!(invoice.amount_paid, 30_000);
    assert_eq!(
        invoice.billing_reason.as_deref(),
        Some("subscription_create")
    );

    let subscription = client
        .retrieve_subscription(&subscription_id)
        .await
        .unwrap();
    assert_eq!(subscription.status, SubscriptionStatus::Active);
    assert_eq!(subscription.price_id.as_deref(), Some(MONTHLY_PRICE));
    assert_eq!(subscription.metadata["organization_id"], "7");
    let period_end = subscription.current_period_end.unwrap();
    let month = 30 * 24 * 60 * 60;
    assert!((period_end - unix_now() - month).abs() < 60, "{period_end}");
}

#[tokio::test]
async fn a_subscription_is_cancelled_at_period_end_then_now() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let subscription_id = subscribed(&mock, &client).await;
    let before = receiver.received().len();

    let cancelling = client
        .set_cancel_at_period_end(&subscription_id, true, &IdempotencyKey::random())
        .await
        .unwrap();
    assert!(cancelling.cancel_at_period_end);
    assert_eq!(cancelling.status, SubscriptionStatus::Active);
    assert_eq!(
        mock.requests_to("POST", &format!("/v1/subscriptions/{subscription_id}"))[0].body,
        "cancel_at_period_end=true"
    );
    eventually("customer.subscription.updated", || {
        receiver.received().len() == before + 1
    })
    .await;
    let updated = verify(&receiver.received()[before], mock.webhook_secret());
    assert_eq!(updated.kind(), EventKind::CustomerSubscriptionUpdated);
    assert_eq!(
        updated.data.previous_attributes.as_ref().unwrap()["cancel_at_period_end"],
        false
    );

    let resumed = client
        .set_cancel_at_period_end(&subscription_id, false, &IdempotencyKey::random())
        .await
        .unwrap();
    assert!(!resumed.cancel_at_period_end);

    let cancelled = client
        .cancel_subscription_now(&subscription_id)
        .await
        .unwrap();
    assert_eq!(cancelled.status, SubscriptionStatus::Canceled);
    assert!(cancelled.ended_at.is_some());
    eventually("customer.subscription.deleted", || {
        receiver.received().iter().any(|webhook| {
            verify(webhook, mock.webhook_secret()).kind() == EventKind::CustomerSubscriptionDeleted
        })
    })
    .await;
}

#[tokio::test]
async fn the_billing_portal_links_to_a_page_that_can_cancel_the_plan() {
    let receiver = WebhookReceiver::start().await;
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let subscription_id = subscribed(&mock, &client).await;
    let customer = mock.object(&subscription_id).unwrap()["customer"]
        .as_str()
        .unwrap()
        .to_owned();

    let portal = client
        .create_billing_portal_session(
            &customer,
            "https://app.tali.test/billing",
            &IdempotencyKey::random(),
        )
        .await
        .unwrap();
    assert!(
        portal
            .url
            .starts_with(&format!("{}/billing_portal/bps_", mock.base_url()))
    );

    let browser = no_redirects();
    let page = browser
        .get(&portal.url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&subscription_id) && page.contains("Cancel plan"),
        "{page}"
    );
    let cancel = submit(
        &browser,
        &format!("{}/cancel", portal.url),
        &format!("subscription={subscription_id}"),
    )
    .await;
    assert_eq!(cancel.status(), 303);
    let subscription = client
        .retrieve_subscription(&subscription_id)
        .await
        .unwrap();
    assert!(subscription.cancel_at_period_end);
}

#[tokio::test]
async fn deliveries_are_retried_until_the_endpoint_accepts_them() {
    let receiver = WebhookReceiver::start().await;
    receiver.answer_next_with(500);
    receiver.answer_next_with(503);
    let mock = mock_delivering_to(&receiver).await;
    let client = client(&mock);
    let customer = customer(&client).await;
    let session = client
        .create_payment_checkout(&credits(&customer, 1), &IdempotencyKey::random())
        .await
        .unwrap();

    let (_, deliveries) = mock
        .complete_checkout(&session.id, "pm_card_visa")
        .await
        .unwrap();

    let first_event: Vec<(u32, Option<u16>)> = deliveries
        .iter()
        .filter(|d| d.event_type == "checkout.session.completed")
        .map(|d| (d.attempt, d.status))
        .collect();
    assert_eq!(
        first_event,
        [(1, Some(500)), (2, Some(503)), (3, Some(200))]
    );
    assert_eq!(mock.deliveries(), deliveries);
    let ids: Vec<String> = receiver
        .received()
        .iter()
        .map(|webhook| verify(webhook, mock.webhook_secret()).id)
        .collect();
    assert_eq!(ids[0], ids[1], "a retry sends the same event");
}

#[tokio::test]
async fn the_hook_refuses_unknown_cards_and_paid_sessions() {
    let mock = StripeMock::start().await.unwrap();
    let client = client(&mock);
    let customer = customer(&client).await;
    let session = client
        .create_payment_checkout(&credits(&customer, 1), &IdempotencyKey::random())
        .await
        .unwrap();
    assert!(
        mock.complete_checkout(&session.id, "pm_card_unknown")
            .await
            .is_err()
    );
    mock.complete_checkout(&session.id, "pm_card_visa")
        .await
        .unwrap();
    assert!(
        mock.complete_checkout(&session.id, "pm_card_visa")
            .await
            .is_err(),
        "a session is paid once"
    );
    // Without a webhook URL, events are kept but nothing is sent.
    assert_eq!(mock.events().len(), 2);
    assert!(mock.deliveries().is_empty());
}

/// A customer on the monthly plan; returns the subscription id.
async fn subscribed(mock: &StripeMock, client: &StripeClient) -> String {
    let customer = customer(client).await;
    let session = client
        .create_subscription_checkout(&plan(&customer), &IdempotencyKey::random())
        .await
        .unwrap();
    let (completed, _) = mock
        .complete_checkout(&session.id, "pm_card_visa")
        .await
        .unwrap();
    completed["subscription"].as_str().unwrap().to_owned()
}
