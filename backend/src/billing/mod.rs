//! Billing: what an organization may send and what it pays. Off (no Stripe key) every organization sends without
//! limit, as a self-hosted install should. On, an organization pays per use from a credit ledger (a new one gets
//! a few trial credits; sending reserves a credit, a started assessment uses it, a revoked or expired invitation
//! gives it back) or is on the monthly plan (a fair-use number of assessments a month, with a grace period after a
//! failed payment).

pub mod admission;
pub mod ledger;
pub mod payments;
pub mod usage;
pub mod webhooks;
