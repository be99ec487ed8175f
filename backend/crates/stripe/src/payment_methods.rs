//! Saved cards: whether an organization has one, and which one to charge.

use serde::Deserialize;

use crate::{StripeClient, StripeError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaymentMethod {
    pub id: String,
    pub customer: Option<String>,
    /// Present for `type=card`, which is the only type we list.
    pub card: Option<Card>,
}

/// What a recruiter needs to recognise the card; Stripe never returns the number.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Card {
    /// `visa`, `mastercard`, `amex`, ...
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: u32,
}

#[derive(Deserialize)]
struct List<T> {
    data: Vec<T>,
}

/// More cards than anyone keeps on one organization; one page is enough.
const PAGE_SIZE: &str = "100";

impl StripeClient {
    /// `GET /v1/customers/{id}/payment_methods?type=card`, newest first.
    pub async fn list_cards(&self, customer_id: &str) -> Result<Vec<PaymentMethod>, StripeError> {
        let list: List<PaymentMethod> = self
            .get(
                &["customers", customer_id, "payment_methods"],
                &[("type", "card"), ("limit", PAGE_SIZE)],
            )
            .await?;
        Ok(list.data)
    }

    /// The card an off-session charge should use, or `None` when the customer has no saved card:
    /// the customer's default payment method when it is one of their cards, else the newest card.
    /// The fallback matters because Checkout saves a card without making it the default.
    pub async fn card_to_charge(
        &self,
        customer_id: &str,
    ) -> Result<Option<PaymentMethod>, StripeError> {
        let customer = self.retrieve_customer(customer_id).await?;
        let cards = self.list_cards(customer_id).await?;
        Ok(choose_card(
            customer.default_payment_method.as_deref(),
            cards,
        ))
    }
}

fn choose_card(default: Option<&str>, cards: Vec<PaymentMethod>) -> Option<PaymentMethod> {
    let default_index = default.and_then(|id| cards.iter().position(|card| card.id == id));
    cards.into_iter().nth(default_index.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str) -> PaymentMethod {
        PaymentMethod {
            id: id.to_owned(),
            customer: Some("cus_1".to_owned()),
            card: None,
        }
    }

    #[test]
    fn the_default_card_wins_else_the_newest() {
        let cards = || vec![card("pm_new"), card("pm_old")];
        assert_eq!(choose_card(Some("pm_old"), cards()).unwrap().id, "pm_old");
        assert_eq!(choose_card(None, cards()).unwrap().id, "pm_new");
        // A default that is not a card (e.g. a removed one) falls back too.
        assert_eq!(choose_card(Some("pm_gone"), cards()).unwrap().id, "pm_new");
        assert_eq!(choose_card(None, Vec::new()), None);
    }
}
