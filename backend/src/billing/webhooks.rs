//! Stripe's webhooks: the signature is checked over the raw body before anything is parsed; every event id is
//! stored, so a replay is a no-op; a purchase credits its organization once; the monthly plan's state follows
//! its subscription and invoices. An event for an organization that does not exist, or of a type we do not use,
//! is acknowledged and logged: Stripe must not retry it forever.
//!
//! Facts that need a call to Stripe (the saved card, the subscription's period) are fetched before the write
//! transaction, so no lock is held across the network.

use std::time::SystemTime;

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use tali_stripe::webhook::{self, DEFAULT_TOLERANCE};
use tali_stripe::{Event, EventKind, Metadata, SubscriptionStatus};

use super::admission::{MONTHLY, PAY_PER_USE};
use super::ledger;
use super::payments::{purpose, stripe_failure};
use crate::db;
use crate::db::entities::{organization, webhook_event};
use crate::domain::{Error, Result};
use crate::state::AppState;

const PROVIDER: &str = "stripe";

/// Checks, records and acts on one delivery. `Refused` (400) when the signature or the body is not Stripe's.
pub async fn receive(state: &AppState, raw_body: &[u8], signature: &str) -> Result<()> {
    let secret = state
        .settings
        .integrations
        .stripe
        .as_ref()
        .and_then(|s| s.webhook_secret.as_ref())
        .ok_or_else(|| {
            Error::unavailable("Stripe webhooks are not configured (no STRIPE_WEBHOOK_SECRET)")
        })?;
    let event = webhook::verify(
        raw_body,
        signature,
        secret,
        SystemTime::now(),
        DEFAULT_TOLERANCE,
    )
    .map_err(|err| Error::Refused(format!("Invalid Stripe webhook: {err}")))?;
    if already_processed(&state.db, &event.id).await? {
        tracing::info!(event_id = %event.id, "Stripe event replayed; already processed");
        return Ok(());
    }
    let change = prepare(state, &event).await?;
    let txn = db::write_transaction(&state.db).await?;
    let recorded = webhook_event::Entity::insert(webhook_event::ActiveModel {
        provider: Set(PROVIDER.into()),
        event_id: Set(event.id.clone()),
        event_type: Set(event.event_type.clone()),
        received_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        webhook_event::Column::Provider,
        webhook_event::Column::EventId,
    ])
    .exec(&txn)
    .await?;
    if matches!(recorded, sea_orm::TryInsertResult::Inserted(_)) {
        apply(&txn, &event, change).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn already_processed(db: &impl ConnectionTrait, event_id: &str) -> Result<bool> {
    Ok(webhook_event::Entity::find()
        .filter(webhook_event::Column::Provider.eq(PROVIDER))
        .filter(webhook_event::Column::EventId.eq(event_id))
        .one(db)
        .await?
        .is_some())
}

/// What an event changes, with the facts fetched from Stripe already in hand.
enum Change {
    /// Credits bought through Checkout, and the card it saved.
    Credits {
        organization: Option<i32>,
        credits: i32,
        reference: String,
        customer: Option<String>,
        card: Option<String>,
    },
    /// The monthly plan bought through Checkout.
    MonthlyStarted {
        organization: Option<i32>,
        customer: Option<String>,
        subscription: String,
        period_end: Option<DateTime<Utc>>,
        card: Option<String>,
    },
    /// A £25 charge of the saved card succeeded (the request that made it usually recorded it already).
    AssessmentCharge {
        organization: Option<i32>,
        reference: String,
    },
    /// The subscription's state, from a subscription event or a paid invoice.
    Subscription {
        customer: Option<String>,
        subscription: String,
        status: SubscriptionStatus,
        period_end: Option<DateTime<Utc>>,
        /// Known from a subscription event; an invoice does not say.
        cancel_at_period_end: Option<bool>,
    },
    SubscriptionPaymentFailed {
        customer: Option<String>,
    },
    SubscriptionEnded {
        customer: Option<String>,
        subscription: String,
    },
    /// Nothing to change; the reason goes to the log.
    Nothing(String),
}

fn organization_in(metadata: &Metadata) -> Option<i32> {
    metadata
        .get("organization_id")
        .and_then(|id| id.parse().ok())
}

fn time(unix: Option<i64>) -> Option<DateTime<Utc>> {
    unix.and_then(|seconds| Utc.timestamp_opt(seconds, 0).single())
}

async fn prepare(state: &AppState, event: &Event) -> Result<Change> {
    let bad_object = |err: webhook::WebhookError| {
        Error::Refused(format!("Unreadable {}: {err}", event.event_type))
    };
    match event.kind() {
        EventKind::CheckoutSessionCompleted | EventKind::CheckoutSessionAsyncPaymentSucceeded => {
            let session = event.checkout_session().map_err(bad_object)?;
            if !session.is_paid() {
                return Ok(Change::Nothing(format!(
                    "checkout {} not paid yet",
                    session.id
                )));
            }
            let organization = organization_in(&session.metadata).or_else(|| {
                session
                    .client_reference_id
                    .as_deref()
                    .and_then(|r| r.parse().ok())
            });
            let card = match &session.customer {
                Some(customer) => saved_card(state, customer).await?,
                None => None,
            };
            if session.metadata.get("purpose").map(String::as_str) == Some(purpose::MONTHLY) {
                let subscription = session.subscription.clone().ok_or_else(|| {
                    Error::Refused("a monthly checkout without a subscription".into())
                })?;
                let period_end = match &state.stripe {
                    Some(client) => time(
                        client
                            .retrieve_subscription(&subscription)
                            .await
                            .map_err(stripe_failure)?
                            .current_period_end,
                    ),
                    None => None,
                };
                return Ok(Change::MonthlyStarted {
                    organization,
                    customer: session.customer,
                    subscription,
                    period_end,
                    card,
                });
            }
            let credits = session
                .metadata
                .get("credits")
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            Ok(Change::Credits {
                organization,
                credits,
                reference: session.id,
                customer: session.customer,
                card,
            })
        }
        EventKind::CheckoutSessionAsyncPaymentFailed => Ok(Change::Nothing(
            "an asynchronous Checkout payment failed; nothing was credited".into(),
        )),
        EventKind::PaymentIntentSucceeded => {
            let intent = event.payment_intent().map_err(bad_object)?;
            if intent.metadata.get("purpose").map(String::as_str)
                != Some(purpose::ASSESSMENT_CHARGE)
            {
                // A Checkout purchase is credited by its `checkout.session.completed`.
                return Ok(Change::Nothing(format!(
                    "payment {} belongs to a Checkout",
                    intent.id
                )));
            }
            Ok(Change::AssessmentCharge {
                organization: organization_in(&intent.metadata),
                reference: intent.id,
            })
        }
        EventKind::PaymentIntentPaymentFailed => {
            let intent = event.payment_intent().map_err(bad_object)?;
            Ok(Change::Nothing(format!("payment {} failed", intent.id)))
        }
        EventKind::InvoicePaid => {
            let invoice = event.invoice().map_err(bad_object)?;
            let Some(subscription) = invoice.subscription.clone() else {
                return Ok(Change::Nothing(format!(
                    "invoice {} is not a subscription's",
                    invoice.id
                )));
            };
            let period_end = match &state.stripe {
                Some(client) => time(
                    client
                        .retrieve_subscription(&subscription)
                        .await
                        .map_err(stripe_failure)?
                        .current_period_end,
                ),
                None => None,
            };
            Ok(Change::Subscription {
                customer: invoice.customer,
                subscription,
                status: SubscriptionStatus::Active,
                period_end,
                cancel_at_period_end: None,
            })
        }
        EventKind::InvoicePaymentFailed => {
            let invoice = event.invoice().map_err(bad_object)?;
            Ok(Change::SubscriptionPaymentFailed {
                customer: invoice.customer,
            })
        }
        EventKind::CustomerSubscriptionCreated | EventKind::CustomerSubscriptionUpdated => {
            let subscription = event.subscription().map_err(bad_object)?;
            Ok(Change::Subscription {
                customer: subscription.customer,
                subscription: subscription.id,
                status: subscription.status,
                period_end: time(subscription.current_period_end),
                cancel_at_period_end: Some(subscription.cancel_at_period_end),
            })
        }
        EventKind::CustomerSubscriptionDeleted => {
            let subscription = event.subscription().map_err(bad_object)?;
            Ok(Change::SubscriptionEnded {
                customer: subscription.customer,
                subscription: subscription.id,
            })
        }
        EventKind::Other(name) => Ok(Change::Nothing(format!("event type {name} is not used"))),
    }
}

/// The card to charge later, as Stripe saved it for the customer.
async fn saved_card(state: &AppState, customer: &str) -> Result<Option<String>> {
    let Some(client) = &state.stripe else {
        return Ok(None);
    };
    Ok(client
        .card_to_charge(customer)
        .await
        .map_err(stripe_failure)?
        .map(|card| card.id))
}

async fn find(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    customer: Option<&str>,
) -> Result<Option<organization::Model>> {
    if let Some(id) = id {
        return Ok(organization::Entity::find_by_id(id).one(db).await?);
    }
    let Some(customer) = customer else {
        return Ok(None);
    };
    Ok(organization::Entity::find()
        .filter(organization::Column::StripeCustomerId.eq(customer))
        .one(db)
        .await?)
}

async fn apply(txn: &impl ConnectionTrait, event: &Event, change: Change) -> Result<()> {
    let now = Utc::now();
    match change {
        Change::Nothing(why) => {
            tracing::info!(event_id = %event.id, event_type = %event.event_type, why, "Stripe event acknowledged");
            Ok(())
        }
        Change::Credits {
            organization,
            credits,
            reference,
            customer,
            card,
        } => {
            let Some(found) = find(txn, organization, customer.as_deref()).await? else {
                return unknown_organization(event);
            };
            if credits > 0 {
                let note = format!(
                    "Bought {credits} credit{} through Checkout",
                    if credits == 1 { "" } else { "s" }
                );
                ledger::add_purchase(txn, found.id, credits, &reference, &note).await?;
            }
            save(txn, found, |row| {
                if let Some(customer) = customer {
                    row.stripe_customer_id = Set(Some(customer));
                }
                if let Some(card) = card {
                    row.default_payment_method = Set(Some(card));
                }
            })
            .await
        }
        Change::MonthlyStarted {
            organization,
            customer,
            subscription,
            period_end,
            card,
        } => {
            let Some(found) = find(txn, organization, customer.as_deref()).await? else {
                return unknown_organization(event);
            };
            save(txn, found, |row| {
                row.plan = Set(MONTHLY.into());
                row.stripe_subscription_id = Set(Some(subscription));
                row.subscription_status = Set(Some("active".into()));
                row.current_period_end = Set(period_end);
                row.cancel_at_period_end = Set(false);
                row.past_due_since = Set(None);
                if let Some(customer) = customer {
                    row.stripe_customer_id = Set(Some(customer));
                }
                if let Some(card) = card {
                    row.default_payment_method = Set(Some(card));
                }
            })
            .await
        }
        Change::AssessmentCharge {
            organization,
            reference,
        } => {
            let Some(found) = find(txn, organization, None).await? else {
                return unknown_organization(event);
            };
            ledger::add_purchase(
                txn,
                found.id,
                1,
                &reference,
                "£25 charged to the saved card for an assessment",
            )
            .await?;
            Ok(())
        }
        Change::Subscription {
            customer,
            subscription,
            status,
            period_end,
            cancel_at_period_end,
        } => {
            let Some(found) = find(txn, None, customer.as_deref()).await? else {
                return unknown_organization(event);
            };
            let past_due_since = found.past_due_since.unwrap_or(now);
            save(txn, found, |row| {
                row.stripe_subscription_id = Set(Some(subscription));
                row.subscription_status = Set(Some(status_word(&status).into()));
                if period_end.is_some() {
                    row.current_period_end = Set(period_end);
                }
                if let Some(cancel) = cancel_at_period_end {
                    row.cancel_at_period_end = Set(cancel);
                }
                match status {
                    SubscriptionStatus::Active | SubscriptionStatus::Trialing => {
                        row.plan = Set(MONTHLY.into());
                        row.past_due_since = Set(None);
                    }
                    SubscriptionStatus::PastDue | SubscriptionStatus::Unpaid => {
                        row.past_due_since = Set(Some(past_due_since));
                    }
                    _ => {}
                }
            })
            .await
        }
        Change::SubscriptionPaymentFailed { customer } => {
            let Some(found) = find(txn, None, customer.as_deref()).await? else {
                return unknown_organization(event);
            };
            let since = found.past_due_since.unwrap_or(now);
            save(txn, found, |row| {
                row.subscription_status = Set(Some("past_due".into()));
                row.past_due_since = Set(Some(since));
            })
            .await
        }
        Change::SubscriptionEnded {
            customer,
            subscription,
        } => {
            let Some(found) = find(txn, None, customer.as_deref()).await? else {
                return unknown_organization(event);
            };
            if found.stripe_subscription_id.as_deref() != Some(subscription.as_str()) {
                tracing::info!(event_id = %event.id, "an older subscription ended; the current one stays");
                return Ok(());
            }
            save(txn, found, |row| {
                row.plan = Set(PAY_PER_USE.into());
                row.stripe_subscription_id = Set(None);
                row.subscription_status = Set(Some("canceled".into()));
                row.current_period_end = Set(None);
                row.cancel_at_period_end = Set(false);
                row.past_due_since = Set(None);
            })
            .await
        }
    }
}

async fn save(
    txn: &impl ConnectionTrait,
    found: organization::Model,
    change: impl FnOnce(&mut organization::ActiveModel),
) -> Result<()> {
    let mut row = found.into_active_model();
    change(&mut row);
    row.updated_at = Set(Utc::now());
    row.update(txn).await?;
    Ok(())
}

fn unknown_organization(event: &Event) -> Result<()> {
    tracing::warn!(event_id = %event.id, event_type = %event.event_type, "Stripe event for no known organization");
    Ok(())
}

fn status_word(status: &SubscriptionStatus) -> &'static str {
    match status {
        SubscriptionStatus::Incomplete => "incomplete",
        SubscriptionStatus::IncompleteExpired => "incomplete_expired",
        SubscriptionStatus::Trialing => "trialing",
        SubscriptionStatus::Active => "active",
        SubscriptionStatus::PastDue => "past_due",
        SubscriptionStatus::Canceled => "canceled",
        SubscriptionStatus::Unpaid => "unpaid",
        SubscriptionStatus::Paused => "paused",
        SubscriptionStatus::Unknown => "unknown",
    }
}
