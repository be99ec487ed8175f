//! The members of an organization: who they are, changing a member's role, removing a member. Changes are
//! serialized per organization (its row is locked), so two owners demoting each other at once cannot leave the
//! organization without an owner. A removed member's account is deactivated and every session of theirs ends at
//! once; what they created (tasks, candidates, assessments) stays with the organization. A member may leave on
//! their own (the same as a removal), and an owner may hand ownership to a colleague (becoming an admin).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::refresh;
use crate::db;
use crate::db::entities::{organization, user};
use crate::domain::roles::Role;
use crate::domain::{Error, Result};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberOut {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

impl From<user::Model> for MemberOut {
    fn from(user: user::Model) -> Self {
        Self {
            id: user.id,
            email: user.email,
            full_name: user.full_name,
            role: Role::parse(&user.role),
            created_at: user.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

/// The organization's active members, owners first, then by name.
pub async fn list(db: &impl ConnectionTrait, organization_id: i32) -> Result<Vec<MemberOut>> {
    let mut members: Vec<MemberOut> = active_members(organization_id)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(MemberOut::from)
        .collect();
    members.sort_by(|a, b| {
        b.role
            .cmp(&a.role)
            .then_with(|| a.full_name.to_lowercase().cmp(&b.full_name.to_lowercase()))
    });
    Ok(members)
}

fn active_members(organization_id: i32) -> sea_orm::Select<user::Entity> {
    user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::IsActive.eq(true))
}

/// Takes the organization's row lock (PostgreSQL; SQLite's write transaction already holds the database's), so
/// the team changes of one organization happen one at a time.
pub(super) async fn lock_team(txn: &DatabaseTransaction, organization_id: i32) -> Result<()> {
    organization::Entity::find_by_id(organization_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| Error::not_found("Organization"))?;
    Ok(())
}

async fn member(
    txn: &DatabaseTransaction,
    organization_id: i32,
    member_id: i32,
) -> Result<user::Model> {
    active_members(organization_id)
        .filter(user::Column::Id.eq(member_id))
        .one(txn)
        .await?
        .ok_or_else(|| Error::not_found("Member"))
}

/// 409 unless another active owner remains once `member` stops being one.
async fn keep_an_owner(txn: &DatabaseTransaction, member: &user::Model, what: &str) -> Result<()> {
    if Role::parse(&member.role) != Role::Owner {
        return Ok(());
    }
    let other_owners = active_members(member.organization_id)
        .filter(user::Column::Role.eq(Role::Owner.as_str()))
        .filter(user::Column::Id.ne(member.id))
        .count(txn)
        .await?;
    if other_owners == 0 {
        return Err(Error::Conflict(format!(
            "{} is the organization's last owner and cannot {what}: make another member an owner first",
            member.full_name
        )));
    }
    Ok(())
}

fn may_manage(actor: Role, member: &user::Model) -> Result<()> {
    if actor.may_manage(Role::parse(&member.role)) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "Only an owner can change or remove an owner".into(),
        ))
    }
}

/// Gives `member_id` the role `change.role`, as `actor` (an admin or owner) asks.
pub async fn change_role(
    state: &AppState,
    organization_id: i32,
    actor: Role,
    member_id: i32,
    change: RoleChange,
) -> Result<MemberOut> {
    if !actor.may_grant(change.role) {
        return Err(Error::Forbidden(format!(
            "Only {} can make a member {}",
            Role::Owner.holders(),
            change.role.as_str()
        )));
    }
    let txn = db::write_transaction(&state.db).await?;
    lock_team(&txn, organization_id).await?;
    let found = member(&txn, organization_id, member_id).await?;
    may_manage(actor, &found)?;
    if change.role != Role::Owner {
        keep_an_owner(&txn, &found, "be demoted").await?;
    }
    let now = Utc::now();
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(change.role.as_str()))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    state.caches.users.changed(found.id);
    tracing::info!(
        organization_id,
        member_id,
        role = change.role.as_str(),
        "member role changed"
    );
    Ok(MemberOut {
        role: change.role,
        ..found.into()
    })
}

/// Removes `member_id` from the team: the account is deactivated and every session of theirs ends now
/// (`sessions_valid_after`).
pub async fn remove(
    state: &AppState,
    organization_id: i32,
    actor: Role,
    member_id: i32,
) -> Result<()> {
    let txn = db::write_transaction(&state.db).await?;
    lock_team(&txn, organization_id).await?;
    let found = member(&txn, organization_id, member_id).await?;
    may_manage(actor, &found)?;
    keep_an_owner(&txn, &found, "be removed").await?;
    deactivate(&txn, found.id).await?;
    txn.commit().await?;
    state.caches.users.changed(found.id);
    tracing::info!(organization_id, member_id, "member removed");
    Ok(())
}

/// The account leaves the team: deactivated, every session ended, its refresh tokens revoked.
async fn deactivate(txn: &DatabaseTransaction, user_id: i32) -> Result<()> {
    let now = Utc::now();
    user::Entity::update_many()
        .col_expr(user::Column::IsActive, Expr::value(false))
        .col_expr(user::Column::SessionsValidAfter, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    refresh::revoke_all(txn, user_id).await
}

/// The signed-in member leaves the team, as a removal by a colleague would: their sessions end now and what they
/// created stays. The last owner cannot leave (409) until another member is an owner.
pub async fn leave(state: &AppState, me: &user::Model) -> Result<()> {
    let txn = db::write_transaction(&state.db).await?;
    lock_team(&txn, me.organization_id).await?;
    let found = member(&txn, me.organization_id, me.id).await?;
    keep_an_owner(&txn, &found, "leave the team").await?;
    deactivate(&txn, found.id).await?;
    txn.commit().await?;
    state.caches.users.changed(found.id);
    tracing::info!(
        organization_id = me.organization_id,
        member_id = me.id,
        "member left"
    );
    Ok(())
}

/// The owner `me` hands ownership to `member_id`: the member becomes an owner and `me` an admin, in one
/// transaction under the team's lock, so the organization always has an owner.
pub async fn transfer_ownership(
    state: &AppState,
    me: &user::Model,
    member_id: i32,
) -> Result<Vec<MemberOut>> {
    if member_id == me.id {
        return Err(Error::Conflict(
            "You already own the organization: choose another member".into(),
        ));
    }
    let organization_id = me.organization_id;
    let txn = db::write_transaction(&state.db).await?;
    lock_team(&txn, organization_id).await?;
    let current = member(&txn, organization_id, me.id).await?;
    // The role read under the lock decides: a concurrent demotion of `me` wins over a stale token.
    if Role::parse(&current.role) != Role::Owner {
        return Err(Error::Forbidden(
            "Only an owner can transfer ownership".into(),
        ));
    }
    let to = member(&txn, organization_id, member_id).await?;
    let now = Utc::now();
    for (id, role) in [(to.id, Role::Owner), (current.id, Role::Admin)] {
        user::Entity::update_many()
            .col_expr(user::Column::Role, Expr::value(role.as_str()))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    let members = list(&txn, organization_id).await?;
    txn.commit().await?;
    state.caches.users.changed(to.id);
    state.caches.users.changed(current.id);
    tracing::info!(
        organization_id,
        from = current.id,
        to = to.id,
        "ownership transferred"
    );
    Ok(members)
}
