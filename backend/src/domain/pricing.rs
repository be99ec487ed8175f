//! What TALI charges, in the smallest currency unit (pence).

/// Pay-per-use: £25 per assessment.
pub const PRICE_PER_ASSESSMENT_PENCE: u64 = 2500;
/// Monthly plan: £300.
pub const MONTHLY_PLAN_PENCE: u64 = 30000;

/// Pence as pounds, for clients that read amounts in pounds.
pub fn pounds(pence: u64) -> f64 {
    pence as f64 / 100.0
}

/// `£25`, or `£25.50` when there are pence.
pub fn format_pounds(pence: u64) -> String {
    if pence.is_multiple_of(100) {
        format!("£{}", pence / 100)
    } else {
        format!("£{}.{:02}", pence / 100, pence % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_read_as_people_write_them() {
        assert_eq!(format_pounds(2500), "£25");
        assert_eq!(format_pounds(2550), "£25.50");
        assert_eq!(pounds(30000), 300.0);
    }
}
