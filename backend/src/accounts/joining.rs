//! Answering a team invitation: what the link invites to (public, for the accept page), and accepting it. The
//! link was sent to the invited address, so holding it proves the address: accepting creates the account, or
//! moves an existing account that has nothing of its own into the team (one that was removed from a team, or
//! one alone in an organization with no tasks, candidates or assessments). The token is claimed with a
//! conditional update, so it works once even when two accepts race.

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, SqlErr,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::invitations::{hash_token, open};
use super::registration::password_rule;
use super::{organizations, refresh};
use crate::auth::password;
use crate::db;
use crate::db::entities::{assessment, candidate, task, team_invitation, user};
use crate::domain::roles::Role;
use crate::domain::{Error, Result};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPreview {
    pub email: String,
    pub organization_name: String,
    pub invited_by: Option<String>,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    /// No account has this email yet: accepting needs a name and a password.
    pub needs_password: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AcceptInvitation {
    #[garde(length(min = 1, max = 200))]
    pub token: String,
    /// Required when the invitation creates the account.
    #[serde(default)]
    #[garde(inner(length(chars, max = 200)))]
    pub full_name: Option<String>,
    /// Required when the invitation creates the account; refused otherwise (that account keeps its password).
    #[serde(default)]
    #[garde(inner(custom(password_rule)))]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub detail: String,
    pub email: String,
    pub organization_name: String,
}

/// The open invitation behind a link: 404 for a link that never existed or was replaced by a resend, 410 for
/// one that expired, was cancelled or was already used.
async fn by_token(db: &impl ConnectionTrait, token: &str) -> Result<team_invitation::Model> {
    let row = team_invitation::Entity::find()
        .filter(team_invitation::Column::TokenHash.eq(hash_token(token.trim())))
        .one(db)
        .await?
        .ok_or_else(|| {
            Error::NotFound("This invitation link is not valid: ask for a new invitation".into())
        })?;
    if row.accepted_at.is_some() {
        return Err(Error::Gone(
            "This invitation was already accepted: log in instead".into(),
        ));
    }
    if row.cancelled_at.is_some() {
        return Err(Error::Gone("This invitation was cancelled".into()));
    }
    if row.expires_at <= Utc::now() {
        return Err(Error::Gone(
            "This invitation has expired: ask for a new one".into(),
        ));
    }
    debug_assert!(open(&row));
    Ok(row)
}

async fn account(db: &impl ConnectionTrait, email: &str) -> Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

pub async fn preview(state: &AppState, token: &str) -> Result<InvitationPreview> {
    let row = by_token(&state.db, token).await?;
    let org = organizations::load(&state.db, row.organization_id).await?;
    let inviter = match row.invited_by {
        Some(id) => user::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    Ok(InvitationPreview {
        needs_password: account(&state.db, &row.email).await?.is_none(),
        email: row.email,
        organization_name: org.name,
        invited_by: inviter.map(|u| u.full_name),
        role: Role::parse(&row.role),
        expires_at: row.expires_at,
    })
}

/// An account may join another team when it holds nothing of its own: it was removed from its team, or it is
/// alone in an organization with no tasks, candidates or assessments.
async fn may_move(txn: &DatabaseTransaction, existing: &user::Model) -> Result<bool> {
    if !existing.is_active {
        return Ok(true);
    }
    let org = existing.organization_id;
    let colleagues = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::Id.ne(existing.id))
        .count(txn)
        .await?;
    let tasks = task::Entity::find()
        .filter(task::Column::OrganizationId.eq(org))
        .count(txn)
        .await?;
    let candidates = candidate::Entity::find()
        .filter(candidate::Column::OrganizationId.eq(org))
        .count(txn)
        .await?;
    let assessments = assessment::Entity::find()
        .filter(assessment::Column::OrganizationId.eq(org))
        .count(txn)
        .await?;
    Ok(colleagues + tasks + candidates + assessments == 0)
}

pub async fn accept(state: &AppState, request: AcceptInvitation) -> Result<Accepted> {
    let row = by_token(&state.db, &request.token).await?;
    let existing = account(&state.db, &row.email).await?;
    // bcrypt is slow: hash before the write transaction, only when an account will be created.
    let new_account = match (&existing, request.full_name, request.password) {
        (Some(_), _, Some(_)) => {
            return Err(Error::Refused(
                "This email already has an account: accept without a password and log in with yours".into(),
            ));
        }
        (Some(_), _, None) => None,
        (None, name, Some(password)) => {
            let name = name.map(|n| n.trim().to_string()).unwrap_or_default();
            if name.is_empty() {
                return Err(Error::invalid("full_name", "Enter your name"));
            }
            let hashed = password::hash(password, state.settings.server.bcrypt_cost).await?;
            Some((name, hashed))
        }
        (None, _, None) => return Err(Error::invalid("password", "Choose a password")),
    };
    let now = Utc::now();
    let txn = db::write_transaction(&state.db).await?;
    let claimed = team_invitation::Entity::update_many()
        .col_expr(team_invitation::Column::AcceptedAt, Expr::value(now))
        .col_expr(team_invitation::Column::UpdatedAt, Expr::value(now))
        .filter(team_invitation::Column::Id.eq(row.id))
        .filter(team_invitation::Column::AcceptedAt.is_null())
        .filter(team_invitation::Column::CancelledAt.is_null())
        .filter(team_invitation::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(Error::Gone(
            "This invitation was already used or cancelled".into(),
        ));
    }
    let joined_id = match (existing, new_account) {
        (Some(existing), _) => join_existing(&txn, &existing, &row, now).await?,
        (None, Some((full_name, hashed))) => create(&txn, &row, full_name, hashed, now).await?,
        (None, None) => unreachable!("an account is created exactly when none exists"),
    };
    let org = organizations::load(&txn, row.organization_id).await?;
    txn.commit().await?;
    state.caches.users.changed(joined_id);
    tracing::info!(
        organization_id = row.organization_id,
        user_id = joined_id,
        "invitation accepted"
    );
    Ok(Accepted {
        detail: format!("You joined {}. Log in to continue.", org.name),
        email: row.email,
        organization_name: org.name,
    })
}

async fn join_existing(
    txn: &DatabaseTransaction,
    existing: &user::Model,
    row: &team_invitation::Model,
    now: DateTime<Utc>,
) -> Result<i32> {
    if existing.organization_id == row.organization_id && existing.is_active {
        return Err(Error::Conflict(
            "You are already a member of this team".into(),
        ));
    }
    if !may_move(txn, existing).await? {
        return Err(Error::Conflict(
            "This email's account already has a team with its own tasks, candidates or assessments: ask to be \
             invited with another email"
                .into(),
        ));
    }
    user::Entity::update_many()
        .col_expr(
            user::Column::OrganizationId,
            Expr::value(row.organization_id),
        )
        .col_expr(user::Column::Role, Expr::value(row.role.clone()))
        .col_expr(user::Column::IsActive, Expr::value(true))
        // Sessions signed in to the previous organization must not carry over into this one.
        .col_expr(user::Column::SessionsValidAfter, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(existing.id))
        .exec(txn)
        .await?;
    refresh::revoke_all(txn, existing.id).await?;
    Ok(existing.id)
}

async fn create(
    txn: &DatabaseTransaction,
    row: &team_invitation::Model,
    full_name: String,
    hashed: String,
    now: DateTime<Utc>,
) -> Result<i32> {
    let created = user::ActiveModel {
        email: Set(row.email.clone()),
        hashed_password: Set(hashed),
        full_name: Set(full_name),
        is_active: Set(true),
        is_superuser: Set(false),
        organization_id: Set(row.organization_id),
        role: Set(row.role.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await;
    match created {
        Ok(user) => Ok(user.id),
        // A registration with this email raced the accept: the account exists now.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(Error::Conflict(
                "An account with this email was just created: open the link again".into(),
            ))
        }
        Err(err) => Err(err.into()),
    }
}
