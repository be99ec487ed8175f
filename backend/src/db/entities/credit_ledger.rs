use sea_orm::entity::prelude::*;

/// One change to an organization's assessment credits; the balance is the sum of `delta`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_ledger")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    /// Credits added (positive) or taken (negative).
    pub delta: i32,
    /// `trial`, `purchase`, `reserve`, `use`, `release`, `refund` or `adjustment`.
    pub kind: String,
    pub assessment_id: Option<i32>,
    /// The Stripe object behind a purchase or refund (`cs_...`, `pi_...`).
    pub stripe_reference: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
