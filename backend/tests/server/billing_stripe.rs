//! Paying through Stripe, against the local Stripe mock (real wire format, signed webhooks): buying credits
//! through Checkout credits the organization once however often the webhook arrives; the monthly plan follows its
//! subscription (active, past due, ended); the saved card pays for an assessment when no credit is left; every
//! webhook signature case is refused or accepted as Stripe's libraries do.

use crate::common::{TestApp, detail};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};
use tali_stripe::mock::{EventRequest, SignatureVariant, StripeMock};

const MONTHLY_PRICE: &str = "price_tali_monthly";

struct Billing {
    app: TestApp,
    stripe: StripeMock,
    token: String,
}

impl Billing {
    async fn new() -> Self {
        let stripe = StripeMock::start().await.unwrap();
        let base = stripe.base_url().to_string();
        let app = TestApp::spawn_with(&[
            ("STRIPE_API_KEY", StripeMock::API_KEY),
            ("STRIPE_API_BASE", base.as_str()),
            ("STRIPE_WEBHOOK_SECRET", StripeMock::WEBHOOK_SECRET),
            ("STRIPE_PRICE_MONTHLY", MONTHLY_PRICE),
        ])
        .await;
        stripe.set_webhook_url(app.url("/api/v1/webhooks/stripe"));
        app.seed().await;
        let token = app.recruiter("buyer@example.com").await;
        Self { app, stripe, token }
    }

    async fn usage(&self) -> Value {
        self.app
            .json_ok(Method::GET, "/api/v1/billing/usage", &self.token, None, 200)
            .await
    }

    async fn post(&self, path: &str, body: Value, status: u16) -> Value {
        self.app
            .json_ok(Method::POST, path, &self.token, Some(&body), status)
            .await
    }

    /// Starts a Checkout and pays it on the mock with `card`; returns the session id.
    async fn buy(&self, body: Value, card: &str) -> String {
        let url = self
            .post("/api/v1/billing/checkout-session", body, 200)
            .await["url"]
            .as_str()
            .unwrap()
            .to_string();
        let session = url.rsplit('/').next().unwrap().to_string();
        let (_, deliveries) = self.stripe.complete_checkout(&session, card).await.unwrap();
        assert!(
            deliveries.iter().all(|d| d.status == Some(200)),
            "{deliveries:?}"
        );
        session
    }

    async fn send(&self, email: &str) -> reqwest::Response {
        let task_id = self.app.template_id(&self.token).await;
        self.app
            .send(
                Method::POST,
                "/api/v1/assessments",
                &self.token,
                Some(&json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Cand"})),
            )
            .await
    }

    fn customer(&self) -> String {
        self.stripe.objects("customer")[0]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

#[tokio::test]
async fn buying_credits_credits_once_and_saves_the_card() {
    let b = Billing::new().await;
    assert_eq!(b.usage().await["credits_remaining"], 3);
    let bad = b
        .app
        .send(
            Method::POST,
            "/api/v1/billing/checkout-session",
            &b.token,
            Some(&json!({"kind": "credits", "quantity": 0})),
        )
        .await;
    assert_eq!(bad.status(), 422);

    let session = b
        .buy(json!({"kind": "credits", "quantity": 2}), "pm_card_visa")
        .await;
    let usage = b.usage().await;
    assert_eq!(usage["credits_remaining"], 5);
    assert_eq!(usage["card_saved"], true);
    let checkout = b.stripe.object(&session).unwrap();
    assert!(checkout["metadata"]["organization_id"].as_str().is_some());
    assert!(checkout["client_reference_id"].as_str().is_some());

    // Stripe may deliver an event again: every replay is a no-op.
    let completed = b
        .stripe
        .events()
        .into_iter()
        .find(|e| e["type"] == "checkout.session.completed")
        .unwrap();
    for _ in 0..3 {
        let attempts = b
            .stripe
            .redeliver(completed["id"].as_str().unwrap(), SignatureVariant::Valid)
            .await
            .unwrap();
        assert_eq!(attempts.last().unwrap().status, Some(200));
    }
    assert_eq!(b.usage().await["credits_remaining"], 5);
    let ledger = b
        .app
        .json_ok(Method::GET, "/api/v1/billing/ledger", &b.token, None, 200)
        .await;
    let purchase = &ledger["items"][0];
    assert_eq!(
        (purchase["kind"].as_str(), purchase["delta"].as_i64()),
        (Some("purchase"), Some(2))
    );
    assert_eq!(purchase["stripe_reference"], session);
}

#[tokio::test]
async fn webhook_signatures_are_checked_as_stripe_signs_them() {
    let b = Billing::new().await;
    let url = b.app.url("/api/v1/webhooks/stripe");
    let secret = SecretString::from(StripeMock::WEBHOOK_SECRET);
    let now = chrono::Utc::now().timestamp();
    let event = |id: &str, kind: &str, object: Value| {
        serde_json::to_vec(
            &json!({"id": id, "object": "event", "type": kind, "created": now,
            "livemode": false, "data": {"object": object}}),
        )
        .unwrap()
    };
    let post = |body: Vec<u8>, signature: Option<String>| {
        let client = &b.app.client;
        let url = url.clone();
        async move {
            let mut request = client
                .post(url)
                .header("content-type", "application/json")
                .body(body);
            if let Some(signature) = signature {
                request = request.header("stripe-signature", signature);
            }
            request.send().await.unwrap().status().as_u16()
        }
    };
    let unknown = event(
        "evt_unknown",
        "customer.created",
        json!({"id": "cus_x", "object": "customer"}),
    );
    let signed = tali_stripe::webhook::sign(&unknown, &secret, now);
    assert_eq!(
        post(unknown.clone(), Some(signed.clone())).await,
        200,
        "an unknown type is acknowledged"
    );
    assert_eq!(
        post(unknown.clone(), Some(signed.clone())).await,
        200,
        "a replay too"
    );

    let wrong = SecretString::from("whsec_someone_else");
    assert_eq!(
        post(
            unknown.clone(),
            Some(tali_stripe::webhook::sign(&unknown, &wrong, now))
        )
        .await,
        400
    );
    assert_eq!(
        post(
            unknown.clone(),
            Some(tali_stripe::webhook::sign(&unknown, &secret, now - 600))
        )
        .await,
        400
    );
    let mut tampered = unknown.clone();
    tampered.extend_from_slice(b" ");
    assert_eq!(post(tampered, Some(signed.clone())).await, 400);
    assert_eq!(post(unknown.clone(), None).await, 400);
    let rotated = tali_stripe::webhook::sign_with_secrets(&unknown, &[&wrong, &secret], now);
    assert_eq!(
        post(unknown.clone(), Some(rotated)).await,
        200,
        "any v1 may match"
    );

    // A paid Checkout for an organization that does not exist: acknowledged, nothing credited anywhere.
    let orphan = event(
        "evt_orphan",
        "checkout.session.completed",
        json!({"id": "cs_orphan", "object": "checkout.session", "mode": "payment", "status": "complete",
            "payment_status": "paid", "metadata": {"organization_id": "99999", "purpose": "credits", "credits": "5"}}),
    );
    let signed = tali_stripe::webhook::sign(&orphan, &secret, now);
    assert_eq!(post(orphan, Some(signed)).await, 200);
    assert_eq!(b.usage().await["credits_remaining"], 3);
}

#[tokio::test]
async fn the_monthly_plan_follows_its_subscription() {
    let b = Billing::new().await;
    b.buy(json!({"kind": "monthly"}), "pm_card_visa").await;
    let usage = b.usage().await;
    assert_eq!(usage["plan"], "monthly");
    assert_eq!(usage["subscription_status"], "active");
    assert!(usage["current_period_end"].is_string());
    assert_eq!(usage["past_due"], false);
    let again = b
        .app
        .send(
            Method::POST,
            "/api/v1/billing/checkout-session",
            &b.token,
            Some(&json!({"kind": "monthly"})),
        )
        .await;
    assert_eq!(again.status(), 409);
    // Sending on the monthly plan leaves the credits alone.
    assert_eq!(b.send("monthly@example.com").await.status(), 201);
    assert_eq!(b.usage().await["credits_remaining"], 3);

    let subscription = b.stripe.objects("subscription")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    b.stripe
        .send_event(&EventRequest {
            event_type: "invoice.payment_failed".into(),
            subscription: Some(subscription.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let usage = b.usage().await;
    assert_eq!(usage["past_due"], true);
    let since: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(usage["past_due_since"].clone()).unwrap();
    let grace_end: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(usage["grace_ends_at"].clone()).unwrap();
    assert_eq!(grace_end - since, chrono::Duration::days(7));
    assert_eq!(
        b.send("grace@example.com").await.status(),
        201,
        "within the grace period"
    );

    let portal = b
        .post("/api/v1/billing/portal-session", json!({}), 200)
        .await;
    assert!(
        portal["url"]
            .as_str()
            .unwrap()
            .starts_with(b.stripe.base_url())
    );
    b.app
        .json_ok(Method::POST, "/api/v1/billing/cancel", &b.token, None, 204)
        .await;
    assert_eq!(
        b.stripe.object(&subscription).unwrap()["cancel_at_period_end"],
        true
    );
    let usage = b.usage().await;
    assert_eq!(usage["cancel_at_period_end"], true);
    assert!(usage["current_period_end"].is_string());

    b.stripe
        .send_event(&EventRequest {
            event_type: "customer.subscription.deleted".into(),
            subscription: Some(subscription),
            ..Default::default()
        })
        .await
        .unwrap();
    let usage = b.usage().await;
    assert_eq!(usage["plan"], "pay_per_use");
    assert_eq!(usage["past_due"], false);
    assert_eq!(usage["cancel_at_period_end"], false);
    assert_eq!(usage["credits_remaining"], 3);
}

#[tokio::test]
async fn the_saved_card_pays_for_an_assessment_when_no_credit_is_left() {
    let b = Billing::new().await;
    b.buy(json!({"kind": "credits", "quantity": 1}), "pm_card_visa")
        .await;
    for i in 0..4 {
        assert_eq!(b.send(&format!("pre{i}@example.com")).await.status(), 201);
    }
    let refused = b.send("none-left@example.com").await;
    assert_eq!(
        detail(refused, 402).await,
        "No assessment credits left: buy credits in Settings → Billing"
    );

    let settings = b
        .app
        .json_ok(
            Method::PATCH,
            "/api/v1/billing/settings",
            &b.token,
            Some(&json!({"auto_charge": true})),
            200,
        )
        .await;
    assert_eq!(settings["auto_charge"], true);
    assert_eq!(b.send("charged@example.com").await.status(), 201);
    let charges = b.stripe.objects("payment_intent");
    let charge = charges
        .iter()
        .find(|p| p["metadata"]["purpose"] == "assessment_charge")
        .expect("an off-session charge");
    assert_eq!(
        (charge["amount"].as_i64(), charge["status"].as_str()),
        (Some(2500), Some("succeeded"))
    );
    assert_eq!(
        b.usage().await["credits_remaining"],
        0,
        "the bought credit went to that assessment"
    );

    // The card starts declining: the send is refused with the card's message, nothing is created.
    let declining = b
        .app
        .client
        .post(format!(
            "{}/v1/payment_methods/pm_card_chargeCustomerFail/attach",
            b.stripe.base_url()
        ))
        .bearer_auth(StripeMock::API_KEY)
        .header("Stripe-Version", tali_stripe::STRIPE_VERSION)
        .form(&[("customer", b.customer())])
        .send()
        .await
        .unwrap();
    assert!(
        declining.status().is_success(),
        "{}",
        declining.text().await.unwrap()
    );
    {
        use sea_orm::{EntityTrait, sea_query::Expr};
        tali::db::entities::organization::Entity::update_many()
            .col_expr(
                tali::db::entities::organization::Column::DefaultPaymentMethod,
                Expr::value("pm_card_chargeCustomerFail"),
            )
            .exec(&b.app.state.db)
            .await
            .unwrap();
    }
    let declined = b.send("declined@example.com").await;
    let message = detail(declined, 402).await;
    assert!(message.contains("declined"), "{message}");
    let list = b
        .app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?q=declined",
            &b.token,
            None,
            200,
        )
        .await;
    assert_eq!(list["total"], 0);
}
