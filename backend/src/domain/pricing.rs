//! What TALI charges, in the smallest currency unit (pence).

/// Pay-per-use: £25 per assessment.
pub const PRICE_PER_ASSESSMENT_PENCE: u64 = 2500;
/// Monthly plan: £300.
pub const MONTHLY_PLAN_PENCE: u64 = 30000;
