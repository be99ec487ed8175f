//! Stripe-hosted Checkout: buying assessment credits (mode `payment`, card saved for later
//! off-session charges) and starting the monthly plan (mode `subscription`).

use serde::{Deserialize, Serialize};

use crate::idempotency::IdempotencyKey;
use crate::{CURRENCY, Metadata, StripeClient, StripeError, expandable};

/// A one-off purchase of `quantity` assessments at `unit_amount_pence` each.
#[derive(Debug, Clone)]
pub struct PaymentCheckout {
    pub customer: String,
    /// Shown on the Checkout page, e.g. "TALI assessment".
    pub product_name: String,
    pub unit_amount_pence: u64,
    pub quantity: u32,
    /// May contain `{CHECKOUT_SESSION_ID}`, which Stripe replaces.
    pub success_url: String,
    pub cancel_url: String,
    /// Our reference (e.g. the organization id), echoed in `checkout.session.completed`.
    pub client_reference_id: Option<String>,
    /// Copied onto the session and onto its PaymentIntent, so that every webhook about this
    /// purchase carries it.
    pub metadata: Metadata,
}

/// The monthly plan: one unit of a recurring price configured in Stripe.
#[derive(Debug, Clone)]
pub struct SubscriptionCheckout {
    pub customer: String,
    /// `price_...` of the monthly plan.
    pub price_id: String,
    pub success_url: String,
    pub cancel_url: String,
    pub client_reference_id: Option<String>,
    /// Copied onto the session and onto the subscription it creates.
    pub metadata: Metadata,
}

#[derive(Serialize)]
struct CreateParams<'a> {
    mode: &'static str,
    customer: &'a str,
    line_items: [LineItem<'a>; 1],
    success_url: &'a str,
    cancel_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_reference_id: Option<&'a str>,
    metadata: &'a Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent_data: Option<PaymentIntentData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription_data: Option<SubscriptionData<'a>>,
}

#[derive(Serialize)]
struct LineItem<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_data: Option<PriceData<'a>>,
    quantity: u32,
}

#[derive(Serialize)]
struct PriceData<'a> {
    currency: &'static str,
    unit_amount: u64,
    product_data: ProductData<'a>,
}

#[derive(Serialize)]
struct ProductData<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct PaymentIntentData<'a> {
    /// Saves the card on the customer so later assessments can be charged off-session.
    setup_future_usage: &'static str,
    metadata: &'a Metadata,
}

#[derive(Serialize)]
struct SubscriptionData<'a> {
    metadata: &'a Metadata,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    pub mode: CheckoutMode,
    #[serde(default)]
    pub status: Option<CheckoutStatus>,
    pub payment_status: PaymentStatus,
    /// The hosted page; only while the session is open.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "expandable::id")]
    pub customer: Option<String>,
    /// Set once a `payment` session is paid.
    #[serde(default, deserialize_with = "expandable::id")]
    pub payment_intent: Option<String>,
    /// Set once a `subscription` session completes.
    #[serde(default, deserialize_with = "expandable::id")]
    pub subscription: Option<String>,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    #[serde(default)]
    pub metadata: Metadata,
    #[serde(default)]
    pub amount_total: Option<u64>,
    #[serde(default)]
    pub currency: Option<String>,
}

impl CheckoutSession {
    /// Only a paid session grants anything: `checkout.session.completed` also fires for
    /// delayed payment methods that may still fail.
    pub fn is_paid(&self) -> bool {
        self.payment_status == PaymentStatus::Paid
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckoutMode {
    Payment,
    Subscription,
    Setup,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckoutStatus {
    Open,
    Complete,
    Expired,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Paid,
    Unpaid,
    NoPaymentRequired,
    #[serde(other)]
    Unknown,
}

impl StripeClient {
    /// `POST /v1/checkout/sessions` in mode `payment`, saving the card for off-session use.
    pub async fn create_payment_checkout(
        &self,
        checkout: &PaymentCheckout,
        idempotency_key: &IdempotencyKey,
    ) -> Result<CheckoutSession, StripeError> {
        let params = CreateParams {
            mode: "payment",
            customer: &checkout.customer,
            line_items: [LineItem {
                price: None,
                price_data: Some(PriceData {
                    currency: CURRENCY,
                    unit_amount: checkout.unit_amount_pence,
                    product_data: ProductData {
                        name: &checkout.product_name,
                    },
                }),
                quantity: checkout.quantity,
            }],
            success_url: &checkout.success_url,
            cancel_url: &checkout.cancel_url,
            client_reference_id: checkout.client_reference_id.as_deref(),
            metadata: &checkout.metadata,
            payment_intent_data: Some(PaymentIntentData {
                setup_future_usage: "off_session",
                metadata: &checkout.metadata,
            }),
            subscription_data: None,
        };
        self.post(&["checkout", "sessions"], &params, idempotency_key)
            .await
    }

    /// `POST /v1/checkout/sessions` in mode `subscription` for one unit of `price_id`.
    pub async fn create_subscription_checkout(
        &self,
        checkout: &SubscriptionCheckout,
        idempotency_key: &IdempotencyKey,
    ) -> Result<CheckoutSession, StripeError> {
        let params = CreateParams {
            mode: "subscription",
            customer: &checkout.customer,
            line_items: [LineItem {
                price: Some(&checkout.price_id),
                price_data: None,
                quantity: 1,
            }],
            success_url: &checkout.success_url,
            cancel_url: &checkout.cancel_url,
            client_reference_id: checkout.client_reference_id.as_deref(),
            metadata: &checkout.metadata,
            // Stripe refuses payment_intent_data in subscription mode.
            payment_intent_data: None,
            subscription_data: Some(SubscriptionData {
                metadata: &checkout.metadata,
            }),
        };
        self.post(&["checkout", "sessions"], &params, idempotency_key)
            .await
    }

    /// `GET /v1/checkout/sessions/{id}`, e.g. on the success page before the webhook arrives.
    pub async fn retrieve_checkout_session(
        &self,
        id: &str,
    ) -> Result<CheckoutSession, StripeError> {
        self.get(&["checkout", "sessions", id], &[]).await
    }
}
