use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub workable_subdomain: Option<String>,
    pub workable_access_token: Option<String>,
    pub workable_refresh_token: Option<String>,
    pub workable_token_expires_at: Option<DateTimeUtc>,
    pub workable_connected: bool,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub workable_config: Option<Json>,
    /// `account_token` or `oauth`; the tokens above are encrypted (`crate::workable::secrets`).
    pub workable_auth_kind: Option<String>,
    /// The Workable member comments and moves are made on behalf of.
    pub workable_member_id: Option<String>,
    /// The unguessable last segment of this organization's webhook URL.
    pub workable_webhook_id: Option<String>,
    pub workable_subscription_id: Option<String>,
    pub workable_connected_by: Option<i32>,
    pub stripe_customer_id: Option<String>,
    pub stripe_subscription_id: Option<String>,
    pub plan: String,
    pub billing_status: String,
    pub assessments_used: i32,
    pub assessments_limit: Option<i32>,
    /// Charge the saved card for an assessment when no credit is left.
    pub auto_charge: bool,
    /// The monthly subscription's Stripe status (`active`, `past_due`, `canceled`, ...).
    pub subscription_status: Option<String>,
    pub current_period_end: Option<DateTimeUtc>,
    /// The monthly plan was cancelled and ends at `current_period_end`.
    pub cancel_at_period_end: bool,
    /// Whether a candidate sees their score after submitting (default: no, only that it was submitted).
    pub show_candidates_their_score: bool,
    /// Remind a candidate this many hours before their link expires (1 to 72); `None`: no reminder.
    pub remind_hours_before_expiry: Option<i32>,
    /// Months candidate data is kept after the candidate's last assessment ends (1 to 120); then it is erased.
    pub retention_months: i32,
    /// The IANA time zone the organization reads times in (the PDF report, the results email).
    pub time_zone: String,
    /// When a subscription payment failed; sending stays allowed for the grace period after it.
    pub past_due_since: Option<DateTimeUtc>,
    /// The card saved at checkout (`pm_...`), charged off-session.
    pub default_payment_method: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
