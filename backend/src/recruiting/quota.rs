//! The plan's assessment quota: sending an assessment claims one unit, inside the caller's transaction, with a
//! conditional update, so concurrent sends never exceed the limit.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::organization;
use crate::domain::{Error, Result};

/// Counts one assessment against the organization's plan, or refuses with 402 when its limit is reached.
pub async fn claim_one(db: &impl ConnectionTrait, organization_id: i32) -> Result<()> {
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
