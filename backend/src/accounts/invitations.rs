//! Inviting colleagues: an admin or owner invites an email address with a role; the invitation email carries a
//! single-use link valid for seven days, stored only as a hash. Resending issues a new link (the old one stops
//! working) and a new seven days; cancelling voids it. Accepting is in `accounts::joining`.

use chrono::{DateTime, Duration, Utc};
use garde::Validate;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::{organizations, team};
use crate::db;
use crate::db::entities::{team_invitation, user};
use crate::domain::input::{normalize_email, trimmed};
use crate::domain::roles::Role;
use crate::domain::{Error, Result};
use crate::email;
use crate::state::AppState;

pub const VALID_DAYS: i64 = 7;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewInvitation {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
    #[garde(skip)]
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: i32,
    pub email: String,
    pub role: Role,
    /// `pending` or `expired` (accepted and cancelled invitations are not listed).
    pub status: &'static str,
    pub invited_by: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// An invitation still waiting for an answer (it may have expired).
pub(super) fn open(row: &team_invitation::Model) -> bool {
    row.accepted_at.is_none() && row.cancelled_at.is_none()
}

fn out(row: team_invitation::Model, inviter: Option<String>) -> InvitationOut {
    InvitationOut {
        id: row.id,
        status: if row.expires_at > Utc::now() {
            "pending"
        } else {
            "expired"
        },
        email: row.email,
        role: Role::parse(&row.role),
        invited_by: inviter,
        expires_at: row.expires_at,
        created_at: row.created_at,
    }
}

pub(super) fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    hex::encode(raw)
}

fn may_grant(actor: Role, role: Role) -> Result<()> {
    if actor.may_grant(role) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "Only {} can invite or manage an invitation as {}",
            Role::Owner.holders(),
            role.as_str()
        )))
    }
}

/// The organization's open invitations, newest first, with who sent each.
pub async fn list(db: &impl ConnectionTrait, organization_id: i32) -> Result<Vec<InvitationOut>> {
    let rows = team_invitation::Entity::find()
        .filter(team_invitation::Column::OrganizationId.eq(organization_id))
        .filter(team_invitation::Column::AcceptedAt.is_null())
        .filter(team_invitation::Column::CancelledAt.is_null())
        .order_by_desc(team_invitation::Column::CreatedAt)
        .order_by_desc(team_invitation::Column::Id)
        .all(db)
        .await?;
    let inviter_ids: Vec<i32> = rows.iter().filter_map(|r| r.invited_by).collect();
    let inviters = user::Entity::find()
        .filter(user::Column::Id.is_in(inviter_ids))
        .all(db)
        .await?;
    let name_of = |id: Option<i32>| {
        inviters
            .iter()
            .find(|u| Some(u.id) == id)
            .map(|u| u.full_name.clone())
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let inviter = name_of(row.invited_by);
            out(row, inviter)
        })
        .collect())
}

/// Invites `request.email` as `request.role` on behalf of `inviter`; 409 when they are already a member or
/// already invited.
pub async fn invite(
    state: &AppState,
    inviter: &user::Model,
    request: NewInvitation,
) -> Result<InvitationOut> {
    let actor = Role::parse(&inviter.role);
    may_grant(actor, request.role)?;
    let email_address = normalize_email(&request.email);
    let organization_id = inviter.organization_id;
    let txn = db::write_transaction(&state.db).await?;
    team::lock_team(&txn, organization_id).await?;
    let member = user::Entity::find()
        .filter(user::Column::Email.eq(&email_address))
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::IsActive.eq(true))
        .one(&txn)
        .await?;
    if member.is_some() {
        return Err(Error::Conflict(format!(
            "{email_address} is already a member of the team"
        )));
    }
    let pending = team_invitation::Entity::find()
        .filter(team_invitation::Column::OrganizationId.eq(organization_id))
        .filter(team_invitation::Column::Email.eq(&email_address))
        .filter(team_invitation::Column::AcceptedAt.is_null())
        .filter(team_invitation::Column::CancelledAt.is_null())
        .one(&txn)
        .await?;
    if pending.is_some() {
        return Err(Error::Conflict(format!(
            "{email_address} is already invited: resend or cancel that invitation instead"
        )));
    }
    let token = new_token();
    let now = Utc::now();
    let row = team_invitation::ActiveModel {
        organization_id: Set(organization_id),
        email: Set(email_address),
        role: Set(request.role.as_str().into()),
        token_hash: Set(hash_token(&token)),
        invited_by: Set(Some(inviter.id)),
        expires_at: Set(now + Duration::days(VALID_DAYS)),
        accepted_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    queue_email(state, &txn, &row, &inviter.full_name, &token).await?;
    txn.commit().await?;
    tracing::info!(
        organization_id,
        invitation_id = row.id,
        "team invitation sent"
    );
    Ok(out(row, Some(inviter.full_name.clone())))
}

async fn queue_email(
    state: &AppState,
    db: &impl ConnectionTrait,
    row: &team_invitation::Model,
    inviter_name: &str,
    token: &str,
) -> Result<()> {
    let org = organizations::load(db, row.organization_id).await?;
    let message =
        tali_mail::templates::team_invitation(&tali_mail::templates::TeamInvitationData {
            email: row.email.clone(),
            inviter_name: inviter_name.to_string(),
            organization_name: org.name,
            role: row.role.clone(),
            expires_at: row.expires_at,
            link: state.settings.invitation_link(token),
        });
    email::queue(
        db,
        Some(row.organization_id),
        message,
        format!("team-invitation/{}", hash_token(token)),
    )
    .await?;
    Ok(())
}

/// An open invitation of the organization that `actor` may manage.
async fn manageable(
    db: &impl ConnectionTrait,
    organization_id: i32,
    actor: Role,
    id: i32,
) -> Result<team_invitation::Model> {
    let row = team_invitation::Entity::find_by_id(id)
        .filter(team_invitation::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Invitation"))?;
    if row.accepted_at.is_some() {
        return Err(Error::Conflict(
            "This invitation was already accepted".into(),
        ));
    }
    if row.cancelled_at.is_some() {
        return Err(Error::Conflict("This invitation was cancelled".into()));
    }
    may_grant(actor, Role::parse(&row.role))?;
    Ok(row)
}

/// Voids the invitation's link.
pub async fn cancel(state: &AppState, organization_id: i32, actor: Role, id: i32) -> Result<()> {
    let row = manageable(&state.db, organization_id, actor, id).await?;
    let now = Utc::now();
    let cancelled = team_invitation::Entity::update_many()
        .col_expr(team_invitation::Column::CancelledAt, Expr::value(now))
        .col_expr(team_invitation::Column::UpdatedAt, Expr::value(now))
        .filter(team_invitation::Column::Id.eq(row.id))
        .filter(team_invitation::Column::AcceptedAt.is_null())
        .filter(team_invitation::Column::CancelledAt.is_null())
        .exec(&state.db)
        .await?;
    if cancelled.rows_affected != 1 {
        return Err(Error::Conflict(
            "This invitation was answered or cancelled meanwhile".into(),
        ));
    }
    Ok(())
}

/// Sends a new link, valid for another seven days; the previous link stops working.
pub async fn resend(state: &AppState, sender: &user::Model, id: i32) -> Result<InvitationOut> {
    let organization_id = sender.organization_id;
    let row = manageable(&state.db, organization_id, Role::parse(&sender.role), id).await?;
    let token = new_token();
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    let renewed = team_invitation::Entity::update_many()
        .col_expr(
            team_invitation::Column::TokenHash,
            Expr::value(hash_token(&token)),
        )
        .col_expr(
            team_invitation::Column::ExpiresAt,
            Expr::value(now + Duration::days(VALID_DAYS)),
        )
        .col_expr(team_invitation::Column::UpdatedAt, Expr::value(now))
        .filter(team_invitation::Column::Id.eq(row.id))
        .filter(team_invitation::Column::AcceptedAt.is_null())
        .filter(team_invitation::Column::CancelledAt.is_null())
        .exec(&txn)
        .await?;
    if renewed.rows_affected != 1 {
        return Err(Error::Conflict(
            "This invitation was answered or cancelled meanwhile".into(),
        ));
    }
    let row = team_invitation::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("Invitation"))?;
    queue_email(state, &txn, &row, &sender.full_name, &token).await?;
    txn.commit().await?;
    Ok(out(row, Some(sender.full_name.clone())))
}
