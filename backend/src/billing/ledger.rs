//! The credit ledger: append-only rows, the balance their sum. Every change is a row with its reason (a trial, a
//! purchase with its Stripe id, a reservation for an assessment sent, its use when the candidate starts, its
//! release when the invitation is revoked or expires unstarted, a refund, a manual adjustment with a note).
//! Unique indexes make each reservation, use, release and purchase count once, whatever retries or webhook
//! replays happen.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::entities::{assessment, credit_ledger, organization};
use crate::domain::page::{self, Key, Page, PageRequest};
use crate::domain::{Error, Result};
use crate::lifecycle::Status;

pub const NO_CREDITS: &str = "No assessment credits left: buy credits in Settings → Billing";

/// Why a row exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Trial,
    Purchase,
    Reserve,
    Use,
    Release,
    Refund,
    Adjustment,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trial => "trial",
            Self::Purchase => "purchase",
            Self::Reserve => "reserve",
            Self::Use => "use",
            Self::Release => "release",
            Self::Refund => "refund",
            Self::Adjustment => "adjustment",
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerEntry {
    pub id: i32,
    pub delta: i32,
    pub kind: String,
    pub assessment_id: Option<i32>,
    pub stripe_reference: Option<String>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<credit_ledger::Model> for LedgerEntry {
    fn from(row: credit_ledger::Model) -> Self {
        Self {
            id: row.id,
            delta: row.delta,
            kind: row.kind,
            assessment_id: row.assessment_id,
            stripe_reference: row.stripe_reference,
            note: row.note,
            created_at: row.created_at,
        }
    }
}

/// The organization's credits: the sum of its ledger.
pub async fn balance(db: &impl ConnectionTrait, organization_id: i32) -> Result<i64> {
    let sum: Option<Option<i64>> = credit_ledger::Entity::find()
        .select_only()
        .column_as(credit_ledger::Column::Delta.sum(), "balance")
        .filter(credit_ledger::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(sum.flatten().unwrap_or(0))
}

/// One page of the organization's ledger, newest first.
pub async fn entries(
    db: &impl ConnectionTrait,
    organization_id: i32,
    page: &PageRequest,
) -> Result<Page<LedgerEntry>> {
    let all = credit_ledger::Entity::find()
        .filter(credit_ledger::Column::OrganizationId.eq(organization_id));
    let total = sea_orm::PaginatorTrait::count(all.clone(), db).await?;
    let rows = page::newest_first(
        all,
        credit_ledger::Column::CreatedAt,
        credit_ledger::Column::Id,
        page,
    )
    .all(db)
    .await?;
    let items = rows.into_iter().map(LedgerEntry::from).collect();
    Ok(Page::from_rows(
        items,
        page.limit,
        total,
        |e: &LedgerEntry| Key {
            created_at: e.created_at,
            id: e.id,
        },
    ))
}

fn row(
    organization_id: i32,
    kind: Kind,
    delta: i32,
    now: DateTime<Utc>,
) -> credit_ledger::ActiveModel {
    credit_ledger::ActiveModel {
        organization_id: Set(organization_id),
        delta: Set(delta),
        kind: Set(kind.as_str().into()),
        created_at: Set(now),
        ..Default::default()
    }
}

/// The trial credits of a new organization, once.
pub async fn grant_trial(
    db: &impl ConnectionTrait,
    organization_id: i32,
    credits: i32,
) -> Result<()> {
    let granted = credit_ledger::Entity::find()
        .filter(credit_ledger::Column::OrganizationId.eq(organization_id))
        .filter(credit_ledger::Column::Kind.eq(Kind::Trial.as_str()))
        .one(db)
        .await?
        .is_some();
    if !granted && credits > 0 {
        let mut trial = row(organization_id, Kind::Trial, credits, Utc::now());
        trial.note = Set(Some(format!("{credits} trial credits")));
        credit_ledger::Entity::insert(trial).exec(db).await?;
    }
    Ok(())
}

/// Credits bought, once per Stripe object however often its webhook arrives; false when already recorded.
pub async fn add_purchase(
    db: &impl ConnectionTrait,
    organization_id: i32,
    credits: i32,
    stripe_reference: &str,
    note: &str,
) -> Result<bool> {
    let mut purchase = row(organization_id, Kind::Purchase, credits, Utc::now());
    purchase.stripe_reference = Set(Some(stripe_reference.into()));
    purchase.note = Set(Some(note.into()));
    let inserted = credit_ledger::Entity::insert(purchase)
        .on_conflict_do_nothing_on([
            credit_ledger::Column::StripeReference,
            credit_ledger::Column::Kind,
        ])
        .exec(db)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(_)))
}

/// Locks the organization's row for the rest of the caller's write transaction, so changes to one
/// organization's credits take their turn and the balance never goes below zero.
async fn lock(txn: &impl ConnectionTrait, organization_id: i32) -> Result<()> {
    let touch = Query::update()
        .table(organization::Entity)
        .value(
            organization::Column::UpdatedAt,
            Expr::col(organization::Column::UpdatedAt),
        )
        .and_where(organization::Column::Id.eq(organization_id))
        .to_owned();
    txn.execute(&touch).await?;
    Ok(())
}

/// Takes one credit for `assessment_id` inside the caller's write transaction, or refuses with 402.
pub async fn reserve(
    txn: &impl ConnectionTrait,
    organization_id: i32,
    assessment_id: i32,
) -> Result<()> {
    lock(txn, organization_id).await?;
    take_one(txn, organization_id, assessment_id).await
}

async fn take_one(
    txn: &impl ConnectionTrait,
    organization_id: i32,
    assessment_id: i32,
) -> Result<()> {
    if balance(txn, organization_id).await? < 1 {
        return Err(Error::PaymentRequired(NO_CREDITS.into()));
    }
    let mut reservation = row(organization_id, Kind::Reserve, -1, Utc::now());
    reservation.assessment_id = Set(Some(assessment_id));
    credit_ledger::Entity::insert(reservation).exec(txn).await?;
    Ok(())
}

/// What the assessment's rows say: is a credit held for it now, and was it used?
struct Held {
    reserved: bool,
    used: bool,
}

async fn held(db: &impl ConnectionTrait, assessment_id: i32) -> Result<Held> {
    let rows: Vec<(String, i32)> = credit_ledger::Entity::find()
        .select_only()
        .column(credit_ledger::Column::Kind)
        .column(credit_ledger::Column::Delta)
        .filter(credit_ledger::Column::AssessmentId.eq(assessment_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Held {
        reserved: rows.iter().map(|(_, delta)| i64::from(*delta)).sum::<i64>() < 0,
        used: rows.iter().any(|(kind, _)| kind == Kind::Use.as_str()),
    })
}

fn for_assessment(found: &assessment::Model, kind: Kind, delta: i32) -> credit_ledger::ActiveModel {
    let mut entry = row(found.organization_id, kind, delta, Utc::now());
    entry.assessment_id = Set(Some(found.id));
    entry
}

/// The candidate started: the reserved credit is used (no change to the balance: the record of what is paid for).
pub async fn use_reservation(db: &impl ConnectionTrait, found: &assessment::Model) -> Result<()> {
    let now = held(db, found.id).await?;
    if now.reserved && !now.used {
        credit_ledger::Entity::insert(for_assessment(found, Kind::Use, 0))
            .on_conflict_do_nothing()
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The invitation was revoked or expired unstarted: its credit goes back. Runs in the caller's write transaction.
pub async fn release_reservation(
    txn: &impl ConnectionTrait,
    found: &assessment::Model,
) -> Result<()> {
    lock(txn, found.organization_id).await?;
    let now = held(txn, found.id).await?;
    if now.reserved && !now.used {
        credit_ledger::Entity::insert(for_assessment(found, Kind::Release, 1))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// An extended link needs a credit again when its expiry gave the first one back; 402 when none is left. Runs in
/// the caller's write transaction.
pub async fn reserve_again_if_released(
    txn: &impl ConnectionTrait,
    found: &assessment::Model,
) -> Result<()> {
    lock(txn, found.organization_id).await?;
    let now = held(txn, found.id).await?;
    let was_reserved = credit_ledger::Entity::find()
        .filter(credit_ledger::Column::AssessmentId.eq(found.id))
        .filter(credit_ledger::Column::Kind.eq(Kind::Reserve.as_str()))
        .one(txn)
        .await?
        .is_some();
    if was_reserved && !now.reserved && !now.used {
        take_one(txn, found.organization_id, found.id).await?;
    }
    Ok(())
}

/// The ids of invitations that expired unstarted while holding a credit.
pub async fn expired_with_credit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<assessment::Model>> {
    let reserved: Vec<Option<i32>> = credit_ledger::Entity::find()
        .select_only()
        .column(credit_ledger::Column::AssessmentId)
        .filter(credit_ledger::Column::Kind.eq(Kind::Reserve.as_str()))
        .filter(credit_ledger::Column::AssessmentId.is_not_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let reserved: Vec<i32> = reserved.into_iter().flatten().collect();
    if reserved.is_empty() {
        return Ok(Vec::new());
    }
    let mut expired = Vec::new();
    for chunk in reserved.chunks(500) {
        let found = assessment::Entity::find()
            .filter(assessment::Column::Id.is_in(chunk.to_vec()))
            .filter(crate::lifecycle::condition(Status::Expired, now))
            .all(db)
            .await?;
        for candidate in found {
            if held(db, candidate.id).await?.reserved {
                expired.push(candidate);
            }
        }
    }
    Ok(expired)
}

/// Gives back the credit of every invitation that expired unstarted, each in its own write transaction; returns
/// how many.
pub async fn release_expired(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize> {
    let expired = expired_with_credit(db, now).await?;
    for found in &expired {
        let txn = crate::db::write_transaction(db).await?;
        release_reservation(&txn, found).await?;
        txn.commit().await?;
    }
    Ok(expired.len())
}
