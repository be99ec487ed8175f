//! Stripe's hosted billing portal, where a customer updates their card or cancels the plan.

use serde::{Deserialize, Serialize};

use crate::idempotency::IdempotencyKey;
use crate::{StripeClient, StripeError};

#[derive(Serialize)]
struct CreateParams<'a> {
    customer: &'a str,
    return_url: &'a str,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BillingPortalSession {
    pub id: String,
    /// Short-lived; redirect to it straight away rather than storing it.
    pub url: String,
}

impl StripeClient {
    /// `POST /v1/billing_portal/sessions`.
    pub async fn create_billing_portal_session(
        &self,
        customer_id: &str,
        return_url: &str,
        idempotency_key: &IdempotencyKey,
    ) -> Result<BillingPortalSession, StripeError> {
        let params = CreateParams {
            customer: customer_id,
            return_url,
        };
        self.post(&["billing_portal", "sessions"], &params, idempotency_key)
            .await
    }
}
