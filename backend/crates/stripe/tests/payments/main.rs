//! The Stripe client against the local stateful mock, in one test binary (one link instead of one per file).

mod common;

mod checkout;
mod payments;
mod transport;
mod webhooks;
