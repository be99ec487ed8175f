//! Webhook subscriptions (`/subscriptions`): how Workable tells TALI that a candidate reached a stage.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{WorkableClient, decode, decode_value};
use crate::WorkableError;
use crate::resources::{NewSubscription, Subscription, string_or_number};
use crate::transport::Replay;

#[derive(Serialize)]
struct SubscribeRequest<'a> {
    target: &'a str,
    event: &'static str,
    args: SubscribeArgs<'a>,
}

/// Workable requires both `job_shortcode` and `stage_slug` once `args` is present; `""` means "any".
#[derive(Serialize)]
struct SubscribeArgs<'a> {
    account_id: &'a str,
    job_shortcode: &'a str,
    stage_slug: &'a str,
}

impl WorkableClient {
    /// `POST /subscriptions` for this account; returns the subscription id. A subscription for the same target
    /// already existing is a [`WorkableError::Conflict`] (409). Not repeated after a 5xx or a timeout, where a
    /// retry would answer 409 for a subscription that did get created: list the subscriptions instead.
    pub async fn create_subscription(
        &self,
        subscription: &NewSubscription,
    ) -> Result<String, WorkableError> {
        #[derive(Deserialize)]
        struct Created {
            #[serde(deserialize_with = "string_or_number")]
            id: String,
        }
        let request = SubscribeRequest {
            target: &subscription.target,
            event: subscription.event.as_str(),
            args: SubscribeArgs {
                account_id: self.subdomain(),
                job_shortcode: &subscription.job_shortcode,
                stage_slug: &subscription.stage_slug,
            },
        };
        let body = self
            .post(
                self.url(&["subscriptions"]),
                &request,
                Replay::OnlyIfNotReceived,
            )
            .await?;
        let Created { id } = decode(&body)?;
        Ok(id)
    }

    /// `GET /subscriptions`, accepting the list bare or under `subscriptions`.
    pub async fn list_subscriptions(&self) -> Result<Vec<Subscription>, WorkableError> {
        let listing: Value = self.get(self.url(&["subscriptions"])).await?;
        match listing {
            Value::Object(mut fields) => decode_value(
                fields
                    .remove("subscriptions")
                    .unwrap_or(Value::Array(Vec::new())),
            ),
            list => decode_value(list),
        }
    }

    /// `DELETE /subscriptions/{id}`.
    pub async fn delete_subscription(&self, id: &str) -> Result<(), WorkableError> {
        self.delete(self.url(&["subscriptions", id])).await
    }
}
