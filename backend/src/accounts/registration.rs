//! Registering a recruiter: the account and its organization, created together.

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    SqlErr,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::organizations::OrganizationOut;
use crate::auth::password;
use crate::billing::ledger;
use crate::db;
use crate::db::entities::{organization, user};
use crate::domain::input::{normalize_email, not_blank, trimmed};
use crate::domain::roles::Role;
use crate::domain::{Error, Result};
use crate::state::AppState;

pub(super) const EMAIL_TAKEN: &str = "Email already registered";

#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub is_active: bool,
    pub is_superuser: bool,
    /// The user's role in the organization: `owner`, `admin` or `member`.
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub organization: OrganizationOut,
}

impl UserOut {
    pub fn new(user: user::Model, org: organization::Model) -> Self {
        Self {
            id: user.id,
            email: user.email,
            full_name: user.full_name,
            is_active: user.is_active,
            is_superuser: user.is_superuser,
            role: Role::parse(&user.role),
            created_at: user.created_at,
            organization: org.into(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct Registration {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
    #[garde(custom(password_rule))]
    pub password: String,
    #[garde(length(chars, max = 200), custom(not_blank))]
    pub full_name: String,
    #[serde(default)]
    #[garde(inner(length(chars, max = 200)))]
    pub organization_name: Option<String>,
}

/// garde rule: the password rule every form shows.
pub fn password_rule(value: &str, _: &()) -> garde::Result {
    password::check_rule(value).map_err(garde::Error::new)
}

/// Creates the account and its organization; 400 when the email is taken.
pub async fn register(state: &AppState, registration: Registration) -> Result<UserOut> {
    let email = normalize_email(&registration.email);
    if super::find_by_email(&state.db, &email).await?.is_some() {
        return Err(Error::Refused(EMAIL_TAKEN.into()));
    }
    let full_name = registration.full_name.trim().to_string();
    let org_name = registration
        .organization_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("{full_name}'s organization"));
    let hashed = password::hash(registration.password, state.settings.server.bcrypt_cost).await?;
    let now = Utc::now();

    let txn = db::write_transaction(&state.db).await?;
    let org = organization::ActiveModel {
        name: Set(org_name.clone()),
        slug: Set(unique_slug(&txn, &org_name).await?),
        workable_connected: Set(false),
        plan: Set("pay_per_use".into()),
        billing_status: Set("active".into()),
        assessments_used: Set(0),
        time_zone: Set(crate::domain::time_zone::DEFAULT.into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let created = user::ActiveModel {
        email: Set(email),
        hashed_password: Set(hashed),
        full_name: Set(full_name),
        is_active: Set(true),
        is_superuser: Set(false),
        organization_id: Set(org.id),
        // Whoever signs up runs the organization they create.
        role: Set(Role::Owner.as_str().into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(user) => user,
        // Two registrations racing for one email: the unique index decides, the loser gets the same answer.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(Error::Refused(EMAIL_TAKEN.into()));
        }
        Err(err) => return Err(err.into()),
    };
    if let Some(billing) = &state.settings.integrations.stripe {
        ledger::grant_trial(&txn, org.id, billing.trial_credits).await?;
    }
    txn.commit().await?;
    tracing::info!(
        user_id = created.id,
        organization_id = org.id,
        "user registered"
    );
    Ok(UserOut::new(created, org))
}

/// Slugs are unique across organizations; a clash gets a numeric suffix.
async fn unique_slug(db: &impl ConnectionTrait, name: &str) -> Result<String> {
    let base = slugify(name);
    for n in 1.. {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let taken = organization::Entity::find()
            .filter(organization::Column::Slug.eq(&candidate))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(candidate);
        }
    }
    unreachable!("an unbounded range always yields a free slug")
}

pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() {
        "organization".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Acme Hiring, Ltd."), "acme-hiring-ltd");
        assert_eq!(slugify("  ---  "), "organization");
        assert_eq!(slugify("Ünïcode Team"), "n-code-team");
    }
}
