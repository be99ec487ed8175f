//! Stripe's test payment methods (<https://docs.stripe.com/testing>): a `payment_method` of
//! `pm_card_visa` and friends decides how a charge goes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behaviour {
    Succeeds,
    /// Declined with this `decline_code` and cardholder message.
    Declines {
        decline_code: &'static str,
        message: &'static str,
    },
    /// The bank demands 3-D Secure: off-session charges fail with `authentication_required`;
    /// on-session ones need the cardholder (`requires_action`).
    RequiresAuthentication,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TestCard {
    pub magic_id: &'static str,
    /// For the hosted Checkout page.
    pub label: &'static str,
    pub brand: &'static str,
    pub last4: &'static str,
    pub behaviour: Behaviour,
}

pub(crate) const TEST_CARDS: [TestCard; 6] = [
    TestCard {
        magic_id: "pm_card_visa",
        label: "Visa 4242: succeeds",
        brand: "visa",
        last4: "4242",
        behaviour: Behaviour::Succeeds,
    },
    TestCard {
        magic_id: "pm_card_mastercard",
        label: "Mastercard 4444: succeeds",
        brand: "mastercard",
        last4: "4444",
        behaviour: Behaviour::Succeeds,
    },
    TestCard {
        magic_id: "pm_card_authenticationRequired",
        label: "Visa 3184: 3-D Secure; later off-session charges need authentication",
        brand: "visa",
        last4: "3184",
        behaviour: Behaviour::RequiresAuthentication,
    },
    TestCard {
        magic_id: "pm_card_chargeDeclined",
        label: "Visa 0002: declined",
        brand: "visa",
        last4: "0002",
        behaviour: Behaviour::Declines {
            decline_code: "generic_decline",
            message: "Your card was declined.",
        },
    },
    TestCard {
        magic_id: "pm_card_chargeDeclinedInsufficientFunds",
        label: "Visa 9995: insufficient funds",
        brand: "visa",
        last4: "9995",
        behaviour: Behaviour::Declines {
            decline_code: "insufficient_funds",
            message: "Your card has insufficient funds.",
        },
    },
    // Attaching it to a customer works; every charge then fails. The way to test a saved card
    // that later declines (attach it with `POST /v1/payment_methods/{id}/attach`).
    TestCard {
        magic_id: CHARGE_CUSTOMER_FAIL,
        label: "Visa 0341: can be saved, charges decline",
        brand: "visa",
        last4: "0341",
        behaviour: Behaviour::Declines {
            decline_code: "generic_decline",
            message: "Your card was declined.",
        },
    },
];

/// Attaches fine, then every charge declines.
pub(crate) const CHARGE_CUSTOMER_FAIL: &str = "pm_card_chargeCustomerFail";

pub(crate) fn by_magic_id(id: &str) -> Option<TestCard> {
    TEST_CARDS.iter().copied().find(|card| card.magic_id == id)
}
