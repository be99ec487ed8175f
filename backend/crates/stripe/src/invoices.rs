//! Invoices, as they arrive in `invoice.paid` and `invoice.payment_failed` webhooks for the plan.

use serde::Deserialize;

use crate::expandable;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WireInvoice")]
pub struct Invoice {
    pub id: String,
    pub customer: Option<String>,
    /// Read from `parent.subscription_details.subscription`, where recent API versions put it,
    /// with the old top-level `subscription` as fallback.
    pub subscription: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible`, `void`.
    pub status: Option<String>,
    pub amount_due: u64,
    pub amount_paid: u64,
    pub currency: Option<String>,
    /// `subscription_create`, `subscription_cycle`, ...
    pub billing_reason: Option<String>,
    pub attempt_count: u32,
    pub hosted_invoice_url: Option<String>,
}

#[derive(Deserialize)]
struct WireInvoice {
    id: String,
    #[serde(default, deserialize_with = "expandable::id")]
    customer: Option<String>,
    #[serde(default, deserialize_with = "expandable::id")]
    subscription: Option<String>,
    #[serde(default)]
    parent: Option<WireParent>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    amount_due: u64,
    #[serde(default)]
    amount_paid: u64,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    billing_reason: Option<String>,
    #[serde(default)]
    attempt_count: u32,
    #[serde(default)]
    hosted_invoice_url: Option<String>,
}

#[derive(Deserialize)]
struct WireParent {
    #[serde(default)]
    subscription_details: Option<WireSubscriptionDetails>,
}

#[derive(Deserialize)]
struct WireSubscriptionDetails {
    #[serde(default, deserialize_with = "expandable::id")]
    subscription: Option<String>,
}

impl From<WireInvoice> for Invoice {
    fn from(wire: WireInvoice) -> Self {
        let from_parent = wire
            .parent
            .and_then(|parent| parent.subscription_details)
            .and_then(|details| details.subscription);
        Self {
            id: wire.id,
            customer: wire.customer,
            subscription: from_parent.or(wire.subscription),
            status: wire.status,
            amount_due: wire.amount_due,
            amount_paid: wire.amount_paid,
            currency: wire.currency,
            billing_reason: wire.billing_reason,
            attempt_count: wire.attempt_count,
            hosted_invoice_url: wire.hosted_invoice_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscription_is_read_from_the_parent_or_the_top_level() {
        let current: Invoice = serde_json::from_str(
            r#"{"id":"in_1","customer":"cus_1","status":"paid","amount_paid":30000,
                "parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_1"}}}"#,
        )
        .unwrap();
        assert_eq!(current.subscription.as_deref(), Some("sub_1"));
        assert_eq!(current.amount_paid, 30000);

        let older: Invoice =
            serde_json::from_str(r#"{"id":"in_2","subscription":"sub_2","parent":null}"#).unwrap();
        assert_eq!(older.subscription.as_deref(), Some("sub_2"));
    }
}
