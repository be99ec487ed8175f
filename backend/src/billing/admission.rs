//! Whether an organization may send one more assessment, decided inside the send's write transaction: billing off,
//! always (the plan's optional limit aside); pay per use, when a credit can be reserved; monthly, within the
//! plan's fair-use number this period and, after a failed payment, within the grace period.

use chrono::{DateTime, Datelike, Duration, Months, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::ledger;
use crate::config::StripeSettings;
use crate::db::entities::{assessment, organization};
use crate::domain::{Error, Result};

pub const MONTHLY: &str = "monthly";
pub const PAY_PER_USE: &str = "pay_per_use";

/// Counts the assessment against the organization and, with billing on, against its plan.
pub async fn admit(
    txn: &impl ConnectionTrait,
    billing: Option<&StripeSettings>,
    organization: &organization::Model,
    assessment_id: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    count_one(txn, organization.id).await?;
    let Some(billing) = billing else {
        return Ok(());
    };
    if organization.plan == MONTHLY {
        within_monthly_plan(txn, billing, organization, now).await
    } else {
        ledger::reserve(txn, organization.id, assessment_id).await
    }
}

/// Counts one assessment in `assessments_used`, within `assessments_limit` when the organization has one.
async fn count_one(db: &impl ConnectionTrait, organization_id: i32) -> Result<()> {
    let claimed = organization::Entity::update_many()
        .col_expr(
            organization::Column::AssessmentsUsed,
            Expr::col(organization::Column::AssessmentsUsed).add(1),
        )
        .filter(organization::Column::Id.eq(organization_id))
        .filter(
            Condition::any()
                .add(organization::Column::AssessmentsLimit.is_null())
                .add(
                    Expr::col(organization::Column::AssessmentsUsed)
                        .lt(Expr::col(organization::Column::AssessmentsLimit)),
                ),
        )
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(Error::PaymentRequired(
            "Your plan's assessment limit is reached. Add credits or upgrade in Settings → Billing.".into(),
        ));
    }
    Ok(())
}

async fn within_monthly_plan(
    db: &impl ConnectionTrait,
    billing: &StripeSettings,
    organization: &organization::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(since) = organization.past_due_since
        && now > since + Duration::days(billing.grace_days)
    {
        return Err(Error::PaymentRequired(format!(
            "The monthly payment failed on {}; update your card in Settings → Billing to keep sending assessments",
            since.format("%d %b %Y")
        )));
    }
    let period_start = period_start(organization.current_period_end, now);
    let sent = assessment::Entity::find()
        .filter(assessment::Column::OrganizationId.eq(organization.id))
        .filter(assessment::Column::CreatedAt.gte(period_start))
        .count(db)
        .await?;
    // This assessment is already inserted, so it is among those counted.
    if sent > billing.monthly_limit {
        return Err(Error::PaymentRequired(format!(
            "The monthly plan includes {} assessments a month and this month's are used; they renew on {}",
            billing.monthly_limit,
            (period_start + Months::new(1)).format("%d %b %Y")
        )));
    }
    Ok(())
}

/// The start of the billing period: a month before its end, or the calendar month while the end is unknown.
pub fn period_start(
    current_period_end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    match current_period_end.and_then(|end| end.checked_sub_months(Months::new(1))) {
        Some(start) if start <= now => start,
        _ => now
            .date_naive()
            .with_day0(0)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .unwrap_or(now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_starts_a_month_before_it_ends() {
        let now: DateTime<Utc> = "2026-12-04T10:00:00Z".parse().unwrap();
        let end: DateTime<Utc> = "2026-12-20T00:00:00Z".parse().unwrap();
        assert_eq!(
            period_start(Some(end), now),
            "2026-11-20T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            period_start(None, now),
            "2026-12-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
