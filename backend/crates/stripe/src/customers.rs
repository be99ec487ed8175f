//! Customers: one per organization, holding its saved card and subscription.

use serde::{Deserialize, Serialize};

use crate::idempotency::IdempotencyKey;
use crate::{Metadata, StripeClient, StripeError};

#[derive(Debug, Clone, Default, Serialize)]
pub struct NewCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E.g. `organization_id`, so a customer found in the dashboard leads back to us.
    pub metadata: Metadata,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WireCustomer")]
pub struct Customer {
    pub id: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub metadata: Metadata,
    /// `invoice_settings.default_payment_method`: the card subscriptions and invoices charge.
    /// Checkout does not set it when it saves a card, so use [`StripeClient::card_to_charge`] to
    /// decide which card to charge.
    pub default_payment_method: Option<String>,
}

#[derive(Deserialize)]
struct WireCustomer {
    id: String,
    email: Option<String>,
    name: Option<String>,
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    invoice_settings: WireInvoiceSettings,
}

#[derive(Default, Deserialize)]
struct WireInvoiceSettings {
    default_payment_method: Option<String>,
}

impl From<WireCustomer> for Customer {
    fn from(wire: WireCustomer) -> Self {
        Self {
            id: wire.id,
            email: wire.email,
            name: wire.name,
            metadata: wire.metadata,
            default_payment_method: wire.invoice_settings.default_payment_method,
        }
    }
}

impl StripeClient {
    /// `POST /v1/customers`.
    pub async fn create_customer(
        &self,
        customer: &NewCustomer,
        idempotency_key: &IdempotencyKey,
    ) -> Result<Customer, StripeError> {
        self.post(&["customers"], customer, idempotency_key).await
    }

    /// `GET /v1/customers/{id}`.
    pub async fn retrieve_customer(&self, customer_id: &str) -> Result<Customer, StripeError> {
        self.get(&["customers", customer_id], &[]).await
    }
}
