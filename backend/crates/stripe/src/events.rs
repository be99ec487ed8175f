//! The webhook event envelope and the event types we act on, spelled exactly as Stripe does.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::checkout::CheckoutSession;
use crate::invoices::Invoice;
use crate::payment_intents::PaymentIntent;
use crate::subscriptions::Subscription;
use crate::webhook::WebhookError;

/// An event as Stripe posts it. `data.object` is kept as JSON so that an event we do not model
/// can still be stored, logged or ignored; the accessors read the objects we do model.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    /// `evt_...`: Stripe may deliver an event more than once, so handle each id once.
    pub id: String,
    /// E.g. `checkout.session.completed`; see [`Event::kind`].
    #[serde(rename = "type")]
    pub event_type: String,
    /// Unix seconds. Events can arrive out of order; compare this before overwriting newer state.
    pub created: i64,
    #[serde(default)]
    pub livemode: bool,
    #[serde(default)]
    pub api_version: Option<String>,
    pub data: EventData,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventData {
    pub object: Value,
    /// For `*.updated`: the fields that changed, with their old values.
    #[serde(default)]
    pub previous_attributes: Option<Value>,
}

/// The event types TALI handles. Anything else is `Other`, to be acknowledged and ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    CheckoutSessionCompleted,
    CheckoutSessionAsyncPaymentSucceeded,
    CheckoutSessionAsyncPaymentFailed,
    PaymentIntentSucceeded,
    /// Not `payment_intent.failed`, which does not exist.
    PaymentIntentPaymentFailed,
    InvoicePaid,
    InvoicePaymentFailed,
    CustomerSubscriptionCreated,
    CustomerSubscriptionUpdated,
    CustomerSubscriptionDeleted,
    Other(String),
}

const NAMES: [(EventKind, &str); 10] = [
    (
        EventKind::CheckoutSessionCompleted,
        "checkout.session.completed",
    ),
    (
        EventKind::CheckoutSessionAsyncPaymentSucceeded,
        "checkout.session.async_payment_succeeded",
    ),
    (
        EventKind::CheckoutSessionAsyncPaymentFailed,
        "checkout.session.async_payment_failed",
    ),
    (
        EventKind::PaymentIntentSucceeded,
        "payment_intent.succeeded",
    ),
    (
        EventKind::PaymentIntentPaymentFailed,
        "payment_intent.payment_failed",
    ),
    (EventKind::InvoicePaid, "invoice.paid"),
    (EventKind::InvoicePaymentFailed, "invoice.payment_failed"),
    (
        EventKind::CustomerSubscriptionCreated,
        "customer.subscription.created",
    ),
    (
        EventKind::CustomerSubscriptionUpdated,
        "customer.subscription.updated",
    ),
    (
        EventKind::CustomerSubscriptionDeleted,
        "customer.subscription.deleted",
    ),
];

impl EventKind {
    pub fn parse(name: &str) -> Self {
        NAMES.iter().find(|(_, known)| *known == name).map_or_else(
            || EventKind::Other(name.to_owned()),
            |(kind, _)| kind.clone(),
        )
    }

    pub fn as_str(&self) -> &str {
        match self {
            EventKind::Other(name) => name,
            known => NAMES
                .iter()
                .find(|(kind, _)| kind == known)
                .map_or("", |(_, name)| name),
        }
    }
}

impl Event {
    pub fn kind(&self) -> EventKind {
        EventKind::parse(&self.event_type)
    }

    /// `data.object` of a `checkout.session.*` event.
    pub fn checkout_session(&self) -> Result<CheckoutSession, WebhookError> {
        self.object_as("checkout.session")
    }

    /// `data.object` of a `payment_intent.*` event.
    pub fn payment_intent(&self) -> Result<PaymentIntent, WebhookError> {
        self.object_as("payment_intent")
    }

    /// `data.object` of a `customer.subscription.*` event.
    pub fn subscription(&self) -> Result<Subscription, WebhookError> {
        self.object_as("subscription")
    }

    /// `data.object` of an `invoice.*` event.
    pub fn invoice(&self) -> Result<Invoice, WebhookError> {
        self.object_as("invoice")
    }

    fn object_as<T: DeserializeOwned>(&self, expected: &'static str) -> Result<T, WebhookError> {
        let found = self.data.object["object"].as_str().unwrap_or_default();
        if found != expected {
            return Err(WebhookError::UnexpectedObject {
                expected,
                found: found.to_owned(),
            });
        }
        serde_json::from_value(self.data.object.clone()).map_err(|err| {
            WebhookError::UnreadableBody(format!("{expected} in event {}: {err}", self.id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (kind, name) in NAMES {
            assert_eq!(EventKind::parse(name), kind);
            assert_eq!(kind.as_str(), name);
        }
        let other = EventKind::parse("charge.refunded");
        assert_eq!(other, EventKind::Other("charge.refunded".to_owned()));
        assert_eq!(other.as_str(), "charge.refunded");
    }

    #[test]
    fn accessors_check_the_object_type() {
        let event: Event = serde_json::from_str(
            r#"{"id":"evt_1","object":"event","type":"checkout.session.completed","created":1,
                "data":{"object":{"id":"cs_1","object":"checkout.session","mode":"payment",
                "payment_status":"paid","client_reference_id":"org_7","metadata":{"organization_id":"7"}}}}"#,
        )
        .unwrap();
        assert_eq!(event.kind(), EventKind::CheckoutSessionCompleted);
        let session = event.checkout_session().unwrap();
        assert!(session.is_paid());
        assert_eq!(session.client_reference_id.as_deref(), Some("org_7"));
        assert!(matches!(
            event.invoice(),
            Err(WebhookError::UnexpectedObject {
                expected: "invoice",
                ..
            })
        ));
    }
}
