//! The £300/month plan: reading its state and cancelling it.

use serde::{Deserialize, Serialize};

use crate::idempotency::IdempotencyKey;
use crate::{Metadata, StripeClient, StripeError, expandable};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WireSubscription")]
pub struct Subscription {
    pub id: String,
    pub customer: Option<String>,
    pub status: SubscriptionStatus,
    /// True once cancelled "at period end": still active until `current_period_end`.
    pub cancel_at_period_end: bool,
    /// Unix seconds. Read from the first item: since API version 2025-03-31 Stripe no longer
    /// puts it on the subscription itself (the top-level field is the fallback for older payloads).
    pub current_period_end: Option<i64>,
    pub canceled_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// The first item's price, i.e. which plan this is.
    pub price_id: Option<String>,
    pub metadata: Metadata,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Incomplete,
    IncompleteExpired,
    Trialing,
    Active,
    PastDue,
    Canceled,
    Unpaid,
    Paused,
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
struct WireSubscription {
    id: String,
    #[serde(default, deserialize_with = "expandable::id")]
    customer: Option<String>,
    status: SubscriptionStatus,
    #[serde(default)]
    cancel_at_period_end: bool,
    #[serde(default)]
    current_period_end: Option<i64>,
    #[serde(default)]
    canceled_at: Option<i64>,
    #[serde(default)]
    ended_at: Option<i64>,
    #[serde(default)]
    items: WireItems,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Default, Deserialize)]
struct WireItems {
    #[serde(default)]
    data: Vec<WireItem>,
}

#[derive(Deserialize)]
struct WireItem {
    #[serde(default)]
    current_period_end: Option<i64>,
    #[serde(default)]
    price: Option<WirePrice>,
}

#[derive(Deserialize)]
struct WirePrice {
    id: String,
}

impl From<WireSubscription> for Subscription {
    fn from(wire: WireSubscription) -> Self {
        let first_item = wire.items.data.into_iter().next();
        let item_period_end = first_item.as_ref().and_then(|item| item.current_period_end);
        Self {
            id: wire.id,
            customer: wire.customer,
            status: wire.status,
            cancel_at_period_end: wire.cancel_at_period_end,
            current_period_end: item_period_end.or(wire.current_period_end),
            canceled_at: wire.canceled_at,
            ended_at: wire.ended_at,
            price_id: first_item.and_then(|item| item.price).map(|price| price.id),
            metadata: wire.metadata,
        }
    }
}

#[derive(Serialize)]
struct UpdateParams {
    cancel_at_period_end: bool,
}

impl StripeClient {
    /// `GET /v1/subscriptions/{id}`.
    pub async fn retrieve_subscription(&self, id: &str) -> Result<Subscription, StripeError> {
        self.get(&["subscriptions", id], &[]).await
    }

    /// `POST /v1/subscriptions/{id}` with `cancel_at_period_end`: `true` ends the plan when the
    /// paid month runs out, `false` undoes that while the plan is still active.
    pub async fn set_cancel_at_period_end(
        &self,
        id: &str,
        cancel_at_period_end: bool,
        idempotency_key: &IdempotencyKey,
    ) -> Result<Subscription, StripeError> {
        let params = UpdateParams {
            cancel_at_period_end,
        };
        self.post(&["subscriptions", id], &params, idempotency_key)
            .await
    }

    /// `DELETE /v1/subscriptions/{id}`: ends the plan now, without a refund.
    pub async fn cancel_subscription_now(&self, id: &str) -> Result<Subscription, StripeError> {
        self.delete(&["subscriptions", id]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_end_comes_from_the_item_with_a_top_level_fallback() {
        let current: Subscription = serde_json::from_str(
            r#"{"id":"sub_1","customer":"cus_1","status":"active","cancel_at_period_end":false,
                "items":{"object":"list","data":[{"id":"si_1","current_period_end":1800000000,
                "price":{"id":"price_monthly"}}]},"metadata":{"organization_id":"7"}}"#,
        )
        .unwrap();
        assert_eq!(current.current_period_end, Some(1_800_000_000));
        assert_eq!(current.price_id.as_deref(), Some("price_monthly"));
        assert_eq!(current.status, SubscriptionStatus::Active);

        let older: Subscription = serde_json::from_str(
            r#"{"id":"sub_1","status":"past_due","current_period_end":1700000000,
                "items":{"data":[{"id":"si_1","price":{"id":"price_monthly"}}]}}"#,
        )
        .unwrap();
        assert_eq!(older.current_period_end, Some(1_700_000_000));
        assert_eq!(older.status, SubscriptionStatus::PastDue);
    }
}
