//! The pages a browser sees instead of Stripe's: Checkout (`/checkout/{id}`), the billing portal
//! (`/billing_portal/{id}`) and 3-D Secure (`/authenticate/{payment_intent}`). Deliberately
//! plain HTML forms, so browser tests can click through them without JavaScript.
//!
//! Their buttons deliver the resulting webhooks before redirecting, so that the page the
//! browser lands on already reflects them; with real Stripe the two race.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use super::cards::TEST_CARDS;
use super::completion;
use super::delivery::{self, SignatureVariant};
use super::errors::ApiError;
use super::payment_intents;
use super::state::Shared;
use super::subscriptions;

#[derive(Deserialize)]
pub(crate) struct PayForm {
    card: String,
}

#[derive(Deserialize)]
pub(crate) struct SubscriptionForm {
    subscription: String,
}

#[derive(Deserialize)]
pub(crate) struct AuthenticationForm {
    /// `complete` or `fail`.
    outcome: String,
}

pub(crate) async fn checkout_page(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Response {
    let session = match shared.state().store.get("checkout.session", &id) {
        Ok(session) => session.clone(),
        Err(_) => return not_found("Checkout Session"),
    };
    render_checkout(&session, None, StatusCode::OK)
}

/// The "Pay" button: completes the session, delivers its webhooks, then goes to `success_url`.
pub(crate) async fn pay(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Form(form): Form<PayForm>,
) -> Response {
    let result = completion::complete(&mut shared.state().store, &id, &form.card);
    let (session, events) = match result {
        Ok(done) => done,
        Err(error) => {
            let session = shared.state().store.get("checkout.session", &id).cloned();
            return match session {
                Ok(session) => {
                    let message = error.body["message"].as_str().unwrap_or("Payment failed.");
                    let status =
                        StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
                    render_checkout(&session, Some(message), status)
                }
                Err(_) => not_found("Checkout Session"),
            };
        }
    };
    delivery::deliver_all(&shared, &events, SignatureVariant::Valid).await;
    match session["success_url"].as_str() {
        Some(url) => redirect(&url.replace("{CHECKOUT_SESSION_ID}", &id)),
        None => page(
            "Payment complete",
            "<p>Payment complete. You can close this page.</p>",
        ),
    }
}

fn render_checkout(session: &Value, error: Option<&str>, status: StatusCode) -> Response {
    let id = text(&session["id"]);
    if session["status"] != "open" {
        let back = session["success_url"]
            .as_str()
            .map(|url| url.replace("{CHECKOUT_SESSION_ID}", &id))
            .map(|url| {
                format!(
                    r#"<p><a href="{}">Return to the site</a></p>"#,
                    escape(&url)
                )
            })
            .unwrap_or_default();
        let body = format!(
            "<p>This Checkout Session is {}.</p>{back}",
            escape(&text(&session["status"]))
        );
        return page("Checkout", &body);
    }
    let amount = session["amount_total"].as_i64().unwrap_or_default();
    let what = if session["mode"] == "subscription" {
        "per month"
    } else {
        "once"
    };
    let options: String = TEST_CARDS
        .iter()
        .enumerate()
        .map(|(index, card)| {
            let checked = if index == 0 { " checked" } else { "" };
            format!(
                r#"<label><input type="radio" name="card" value="{}"{checked}> {}</label><br>"#,
                card.magic_id,
                escape(card.label)
            )
        })
        .collect();
    let error = error
        .map(|message| format!(r#"<p role="alert" class="error">{}</p>"#, escape(message)))
        .unwrap_or_default();
    let cancel = session["cancel_url"]
        .as_str()
        .map(|url| format!(r#"<p><a href="{}">Cancel and return</a></p>"#, escape(url)))
        .unwrap_or_default();
    let body = format!(
        r#"<p>Pay <strong data-testid="amount">£{}.{:02}</strong> {what} ({}).</p>
{error}<form method="post" action="/checkout/{id}">
<fieldset><legend>Test card</legend>{options}</fieldset>
<button type="submit">Pay</button>
</form>{cancel}"#,
        amount / 100,
        amount % 100,
        escape(&text(&session["mode"])),
        id = escape(&id),
    );
    let mut response = page("Checkout", &body);
    *response.status_mut() = status;
    response
}

pub(crate) async fn portal_page(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Response {
    let (portal, subscriptions) = {
        let state = shared.state();
        let Ok(portal) = state.store.get("billing_portal.session", &id).cloned() else {
            return not_found("billing portal session");
        };
        let customer = text(&portal["customer"]);
        let subscriptions = state
            .store
            .list("subscription", |s| s["customer"] == customer.as_str());
        (portal, subscriptions)
    };
    let rows: String = subscriptions
        .iter()
        .map(|subscription| {
            let sub_id = escape(&text(&subscription["id"]));
            let ends = subscriptions::period_end(subscription);
            let cancelling = subscription["cancel_at_period_end"] == true;
            let action = match (text(&subscription["status"]).as_str(), cancelling) {
                ("canceled", _) => String::new(),
                (_, false) => format!(
                    r#"<form method="post" action="/billing_portal/{id}/cancel"><input type="hidden" name="subscription" value="{sub_id}"><button type="submit">Cancel plan</button></form>"#
                ),
                (_, true) => format!(
                    r#"<form method="post" action="/billing_portal/{id}/renew"><input type="hidden" name="subscription" value="{sub_id}"><button type="submit">Renew plan</button></form>"#
                ),
            };
            format!(
                "<li>{sub_id}: {} (period ends {ends}{}){action}</li>",
                escape(&text(&subscription["status"])),
                if cancelling { ", cancels then" } else { "" },
            )
        })
        .collect();
    let back = portal["return_url"]
        .as_str()
        .map(|url| format!(r#"<p><a href="{}">Return to the site</a></p>"#, escape(url)))
        .unwrap_or_default();
    page(
        "Billing portal",
        &format!(
            "<p>Customer {}</p><ul>{rows}</ul>{back}",
            escape(&text(&portal["customer"]))
        ),
    )
}

pub(crate) async fn portal_cancel(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Form(form): Form<SubscriptionForm>,
) -> Response {
    portal_set_cancel(shared, id, form.subscription, true).await
}

pub(crate) async fn portal_renew(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Form(form): Form<SubscriptionForm>,
) -> Response {
    portal_set_cancel(shared, id, form.subscription, false).await
}

async fn portal_set_cancel(
    shared: Arc<Shared>,
    id: String,
    subscription: String,
    cancel: bool,
) -> Response {
    let event = {
        let mut state = shared.state();
        let Ok(portal) = state.store.get("billing_portal.session", &id).cloned() else {
            return not_found("billing portal session");
        };
        let owned = state
            .store
            .get("subscription", &subscription)
            .is_ok_and(|s| s["customer"] == portal["customer"]);
        if !owned {
            return not_found("subscription");
        }
        match subscriptions::set_cancel_at_period_end(&mut state.store, &subscription, cancel, None)
        {
            Ok((_, event)) => event,
            Err(error) => return error_page(&error),
        }
    };
    delivery::deliver_all(&shared, &Vec::from_iter(event), SignatureVariant::Valid).await;
    redirect(&format!("/billing_portal/{id}"))
}

pub(crate) async fn authentication_page(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Response {
    let Ok(intent) = shared.state().store.get("payment_intent", &id).cloned() else {
        return not_found("PaymentIntent");
    };
    if intent["status"] != "requires_action" {
        return page("3-D Secure", "<p>Nothing to authenticate.</p>");
    }
    page(
        "3-D Secure",
        &format!(
            r#"<p>Authenticate this test payment of £{:.2}?</p>
<form method="post" action="/authenticate/{id}"><button name="outcome" value="complete">Complete authentication</button>
<button name="outcome" value="fail">Fail authentication</button></form>"#,
            intent["amount"].as_f64().unwrap_or_default() / 100.0,
            id = escape(&id),
        ),
    )
}

/// Completes or fails 3-D Secure, then returns to the `return_url` with Stripe's query
/// parameters.
pub(crate) async fn authenticate(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Form(form): Form<AuthenticationForm>,
) -> Response {
    let succeeded = form.outcome == "complete";
    let (return_url, event) = {
        let mut state = shared.state();
        let Ok(intent) = state.store.get_mut("payment_intent", &id) else {
            return not_found("PaymentIntent");
        };
        if intent["status"] != "requires_action" {
            return page("3-D Secure", "<p>Nothing to authenticate.</p>");
        }
        let return_url = text(&intent["next_action"]["redirect_to_url"]["return_url"]);
        if succeeded {
            payment_intents::succeed(intent);
        } else {
            payment_intents::fail(
                intent,
                "payment_intent_authentication_failure",
                None,
                "We are unable to authenticate your payment method.",
            );
        }
        let intent = intent.clone();
        let event_type = payment_intents::event_type(&intent);
        let event = state.store.record_event(event_type, &intent, None, None);
        (return_url, event)
    };
    delivery::deliver_all(&shared, &[event], SignatureVariant::Valid).await;
    let separator = if return_url.contains('?') { '&' } else { '?' };
    let status = if succeeded { "succeeded" } else { "failed" };
    redirect(&format!(
        "{return_url}{separator}payment_intent={id}&redirect_status={status}"
    ))
}

fn page(title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} (Stripe mock)</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto}}.error{{color:#b00}}</style></head>
<body><h1>{title}</h1><p><em>Stripe mock: no real payment is made.</em></p>
{body}
</body></html>"#,
        title = escape(title),
    );
    Html(html).into_response()
}

fn not_found(what: &str) -> Response {
    let mut response = page("Not found", &format!("<p>No such {}.</p>", escape(what)));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

fn error_page(error: &ApiError) -> Response {
    let message = error.body["message"].as_str().unwrap_or("Request failed.");
    let mut response = page("Error", &format!("<p>{}</p>", escape(message)));
    *response.status_mut() = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    response
}

/// 303, so that the browser follows with a GET.
fn redirect(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
