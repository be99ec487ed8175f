//! TALI payments through Stripe: a typed client for the few API calls we make ([`StripeClient`]),
//! webhook verification ([`webhook::verify`]), and (feature `mock`) a local, stateful Stripe
//! stand-in with a hosted Checkout page and signed webhook delivery, for tests.
//!
//! Amounts are in pence and the currency is always GBP.

mod api_error;
mod billing_portal;
mod checkout;
mod client;
mod config;
mod customers;
mod error;
mod events;
mod expandable;
mod form;
mod idempotency;
mod invoices;
mod payment_intents;
mod payment_methods;
mod retry;
mod subscriptions;
pub mod webhook;

#[cfg(feature = "mock")]
pub mod mock;

use std::collections::BTreeMap;

pub use billing_portal::BillingPortalSession;
pub use checkout::{
    CheckoutMode, CheckoutSession, CheckoutStatus, PaymentCheckout, PaymentStatus,
    SubscriptionCheckout,
};
pub use client::StripeClient;
pub use config::{DEFAULT_BASE_URL, STRIPE_VERSION, StripeConfig};
pub use customers::{Customer, NewCustomer};
pub use error::{CardError, StripeError};
pub use events::{Event, EventData, EventKind};
pub use idempotency::IdempotencyKey;
pub use invoices::Invoice;
pub use payment_intents::{
    LastPaymentError, NextAction, OffSessionCharge, PaymentIntent, PaymentIntentStatus,
    RedirectToUrl,
};
pub use payment_methods::{Card, PaymentMethod};
pub use retry::RetryPolicy;
pub use subscriptions::{Subscription, SubscriptionStatus};
pub use webhook::WebhookError;

/// Stripe metadata: up to 50 string pairs that come back on the object and in its webhooks.
pub type Metadata = BTreeMap<String, String>;

/// Lowercase, as Stripe expects.
pub const CURRENCY: &str = "gbp";
