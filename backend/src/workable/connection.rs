//! An organization's Workable connection: connecting (an account token validated with `GET /members`, or OAuth
//! with a single-use state bound to the user), the stored tokens (encrypted, never returned), calls that refresh
//! an OAuth token ahead of its expiry and after a 401 (persisting the rotated refresh token), and disconnecting.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tali_workable::{ApiSettings, Member, OAuthClient, OAuthSettings, WorkableError};
use utoipa::ToSchema;

use super::failure;
use super::secrets::TokenCipher;
use super::session::{Session, Stored, client_for};
use super::settings;
use super::stage_map::Trigger;
use super::subscription;
use crate::accounts::organizations;
use crate::db::entities::{organization, user, workable_oauth_state};
use crate::domain::{Error, Result};
use crate::state::AppState;

pub const ACCOUNT_TOKEN: &str = "account_token";
pub const OAUTH: &str = "oauth";

/// How long an authorize URL's state stays usable.
const STATE_LIFETIME_MINUTES: i64 = 10;

/// What the web app sees of the connection: never a token.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConnectionOut {
    pub connected: bool,
    /// `account_token` or `oauth`.
    pub auth_kind: Option<String>,
    pub subdomain: Option<String>,
    /// The Workable member comments and moves are made on behalf of.
    pub member_id: Option<String>,
    /// Whether this server has Workable OAuth credentials (otherwise connect with an account token).
    pub oauth_available: bool,
    /// Whether Workable's `candidate_moved` webhook is registered for this organization (it is while the stage
    /// map has a mapping).
    pub webhook_registered: bool,
    /// Post results to Workable as soon as an assessment is completed.
    pub auto_post: bool,
    /// The stage map: (job or any job, stage) → task, duration, and the stage to move to once posted.
    pub triggers: Vec<Trigger>,
    /// The map's first mapping, for clients that know a single one.
    pub trigger: Option<Trigger>,
}

/// `{subdomain, access_token}` connects with an account token; `{code, state}` finishes OAuth.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConnectRequest {
    pub subdomain: Option<String>,
    pub access_token: Option<String>,
    pub code: Option<String>,
    pub state: Option<String>,
}

pub fn cipher(state: &AppState) -> TokenCipher {
    TokenCipher::new(&state.settings.server.secret_key)
}

pub fn api_settings(state: &AppState) -> ApiSettings {
    let workable = &state.settings.integrations.workable;
    ApiSettings {
        base_url: workable.api_base.clone(),
        rate_window: Duration::from_millis(workable.rate_window_ms),
        ..ApiSettings::default()
    }
}

pub(super) fn oauth_client(state: &AppState) -> Result<OAuthClient> {
    let workable = &state.settings.integrations.workable;
    let oauth = workable.oauth.as_ref().ok_or_else(|| {
        Error::unavailable(
            "Workable OAuth is not configured on this server (WORKABLE_CLIENT_ID and WORKABLE_CLIENT_SECRET); connect with an account token instead",
        )
    })?;
    let mut settings = OAuthSettings::new(
        oauth.client_id.clone(),
        oauth.client_secret.expose_secret().to_owned(),
        format!(
            "{}/settings/workable/callback",
            state.settings.server.public_url
        ),
    );
    if let Some(base) = &workable.api_base {
        settings.base_url = base.clone();
    }
    OAuthClient::new(settings).map_err(failure)
}

pub async fn status(state: &AppState, organization_id: i32) -> Result<ConnectionOut> {
    let org = organizations::load(&state.db, organization_id).await?;
    Ok(out(state, &org))
}

pub fn out(state: &AppState, org: &organization::Model) -> ConnectionOut {
    let config = settings::Config::of(org);
    ConnectionOut {
        connected: org.workable_connected,
        auth_kind: org.workable_auth_kind.clone(),
        subdomain: org.workable_subdomain.clone(),
        member_id: org.workable_member_id.clone(),
        oauth_available: state.settings.integrations.workable.oauth.is_some(),
        webhook_registered: org.workable_subscription_id.is_some(),
        auto_post: config.auto_post,
        trigger: config.triggers.first().cloned(),
        triggers: config.triggers,
    }
}

/// The URL to send the recruiter to, with a fresh state only this user can complete within 10 minutes.
pub async fn authorize_url(state: &AppState, current: &user::Model) -> Result<String> {
    let client = oauth_client(state)?;
    let raw_state = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let now = Utc::now();
    // Expired states of anyone are of no use; sweeping here keeps the table small without a job.
    workable_oauth_state::Entity::delete_many()
        .filter(workable_oauth_state::Column::ExpiresAt.lt(now))
        .exec(&state.db)
        .await?;
    workable_oauth_state::ActiveModel {
        state_hash: Set(hash(&raw_state)),
        organization_id: Set(current.organization_id),
        user_id: Set(current.id),
        expires_at: Set(now + chrono::Duration::minutes(STATE_LIFETIME_MINUTES)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(client.authorize_url(&raw_state).to_string())
}

pub async fn connect(
    state: &AppState,
    current: &user::Model,
    request: ConnectRequest,
) -> Result<ConnectionOut> {
    let organization_id = current.organization_id;
    let (kind, subdomain, tokens) = match request {
        ConnectRequest {
            code: Some(code),
            state: oauth_state,
            ..
        } => {
            let client = oauth_client(state)?;
            consume_state(state, current, oauth_state.as_deref().unwrap_or_default()).await?;
            let tokens = client.exchange_code(code.trim()).await.map_err(failure)?;
            let accounts = tali_workable::list_accounts(&api_settings(state), &tokens.access_token)
                .await
                .map_err(failure)?;
            let account = accounts.into_iter().next().ok_or_else(|| Error::Rejected {
                field: "code".into(),
                message: "This Workable sign-in reaches no Workable account".into(),
            })?;
            (OAUTH, account.subdomain, Stored::from_oauth(tokens))
        }
        ConnectRequest {
            subdomain: Some(subdomain),
            access_token: Some(token),
            ..
        } => {
            let subdomain = subdomain_of(&subdomain)?;
            let token = token.trim();
            if token.is_empty() {
                return Err(Error::invalid("access_token", "is required"));
            }
            if !is_bearer_token(token) {
                return Err(Error::invalid(
                    "access_token",
                    "is not a Workable access token (letters, digits and - . _ ~ + / = only)",
                ));
            }
            (
                ACCOUNT_TOKEN,
                subdomain,
                Stored {
                    access_token: SecretString::from(token.to_owned()),
                    refresh_token: None,
                    expires_at: None,
                },
            )
        }
        _ => {
            return Err(Error::invalid(
                "access_token",
                "give subdomain and access_token (an account token), or code and state (OAuth)",
            ));
        }
    };
    let client = client_for(state, kind, &subdomain, &tokens.access_token)
        .map_err(|_| Error::invalid("subdomain", "is not a Workable subdomain"))?;
    // The real call that proves the token: Workable's message comes back as a 422 when it fails.
    let members = client.list_members().await.map_err(|err| match err {
        WorkableError::Unauthorized { .. } | WorkableError::Forbidden { .. } => Error::Rejected {
            field: "access_token".into(),
            message: err.to_string(),
        },
        other => failure(other),
    })?;
    let member_id = default_member(&members, &current.email);
    // The subscription waits for a stage map (settings::save): until then there is nothing to deliver.
    let webhook_id = uuid::Uuid::new_v4().simple().to_string();

    let cipher = cipher(state);
    let org = organizations::load(&state.db, organization_id).await?;
    let mut row = org.into_active_model();
    row.workable_connected = Set(true);
    row.workable_auth_kind = Set(Some(kind.to_owned()));
    row.workable_subdomain = Set(Some(client.subdomain().to_owned()));
    row.workable_access_token = Set(Some(cipher.seal(organization_id, &tokens.access_token)?));
    row.workable_refresh_token = Set(match &tokens.refresh_token {
        Some(token) => Some(cipher.seal(organization_id, token)?),
        None => None,
    });
    row.workable_token_expires_at = Set(tokens.expires_at);
    row.workable_member_id = Set(member_id);
    row.workable_webhook_id = Set(Some(webhook_id));
    row.workable_subscription_id = Set(None);
    row.workable_connected_by = Set(Some(current.id));
    row.workable_config = Set(None);
    row.updated_at = Set(Utc::now());
    let org = row.update(&state.db).await?;
    tracing::info!(organization_id, kind, "Workable connected");
    Ok(out(state, &org))
}

/// Forgets the tokens after removing the webhook at Workable (and revoking an OAuth token); what Workable
/// cannot be told (it is down, the token was revoked there) does not keep the organization connected.
pub async fn disconnect(state: &AppState, organization_id: i32) -> Result<()> {
    let org = organizations::load(&state.db, organization_id).await?;
    if org.workable_connected {
        match Session::open(state, &org) {
            Ok(mut session) => {
                if let Some(id) = org.workable_subscription_id.as_deref() {
                    subscription::remove(state, &mut session, id).await;
                }
                if session.kind == OAUTH
                    && let Ok(client) = oauth_client(state)
                    && let Err(err) = client.revoke(&session.access_token).await
                {
                    tracing::warn!(organization_id, error = %err, "could not revoke the Workable token");
                }
            }
            Err(err) => {
                tracing::warn!(organization_id, error = %err, "Workable tokens unreadable at disconnect")
            }
        }
    }
    let org = organizations::load(&state.db, organization_id).await?;
    let mut row = org.into_active_model();
    row.workable_connected = Set(false);
    row.workable_auth_kind = Set(None);
    row.workable_subdomain = Set(None);
    row.workable_access_token = Set(None);
    row.workable_refresh_token = Set(None);
    row.workable_token_expires_at = Set(None);
    row.workable_member_id = Set(None);
    row.workable_webhook_id = Set(None);
    row.workable_subscription_id = Set(None);
    row.workable_connected_by = Set(None);
    row.workable_config = Set(None);
    row.updated_at = Set(Utc::now());
    row.update(&state.db).await?;
    tracing::info!(organization_id, "Workable disconnected");
    Ok(())
}

/// A state is used once, by the user it was issued to, within its lifetime; anything else is a 422.
async fn consume_state(state: &AppState, current: &user::Model, raw_state: &str) -> Result<()> {
    let used = workable_oauth_state::Entity::delete_many()
        .filter(workable_oauth_state::Column::StateHash.eq(hash(raw_state.trim())))
        .filter(workable_oauth_state::Column::UserId.eq(current.id))
        .filter(workable_oauth_state::Column::OrganizationId.eq(current.organization_id))
        .filter(workable_oauth_state::Column::ExpiresAt.gt(Utc::now()))
        .exec(&state.db)
        .await?;
    if used.rows_affected == 1 {
        Ok(())
    } else {
        Err(Error::Rejected {
            field: "state".into(),
            message: "This Workable sign-in link has expired or was already used; start again from Settings"
                .into(),
        })
    }
}

fn hash(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// RFC 6750's token characters: anything else could not travel in an `Authorization` header (a line break
/// would fail the request before it leaves, which is no reason to tell the recruiter Workable is down).
fn is_bearer_token(token: &str) -> bool {
    token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

/// Accepts `acme`, `acme.workable.com` or `https://acme.workable.com/...`, as recruiters paste any of them.
fn subdomain_of(input: &str) -> Result<String> {
    let trimmed = input.trim().to_ascii_lowercase();
    let host = trimmed
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default();
    let subdomain = host.strip_suffix(".workable.com").unwrap_or(host);
    if subdomain.is_empty() {
        return Err(Error::invalid("subdomain", "is required"));
    }
    Ok(subdomain.to_owned())
}

/// The member whose email is the recruiter's, else the first admin, else the first member.
fn default_member(members: &[Member], email: &str) -> Option<String> {
    members
        .iter()
        .find(|m| {
            m.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
        .or_else(|| members.iter().find(|m| m.role.as_deref() == Some("admin")))
        .or_else(|| members.first())
        .map(|m| m.id.clone())
}

/// The rows of connected organizations whose webhook id is `webhook_id`.
pub async fn by_webhook_id(
    db: &impl ConnectionTrait,
    webhook_id: &str,
) -> Result<Option<organization::Model>> {
    Ok(organization::Entity::find()
        .filter(organization::Column::WorkableWebhookId.eq(webhook_id))
        .filter(organization::Column::WorkableConnected.eq(true))
        .one(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_subdomains_are_read() {
        for input in [
            "acme",
            " ACME ",
            "acme.workable.com",
            "https://acme.workable.com/backend",
        ] {
            assert_eq!(subdomain_of(input).unwrap(), "acme", "{input}");
        }
        assert!(subdomain_of("  ").is_err());
    }

    #[test]
    fn the_recruiter_is_the_default_member() {
        let member = |id: &str, email: &str, role: &str| Member {
            id: id.into(),
            name: id.into(),
            email: Some(email.into()),
            headline: None,
            role: Some(role.into()),
        };
        let members = vec![
            member("a", "a@x.test", "recruiter"),
            member("b", "b@x.test", "admin"),
        ];
        assert_eq!(default_member(&members, "A@X.test").as_deref(), Some("a"));
        assert_eq!(default_member(&members, "z@x.test").as_deref(), Some("b"));
        assert_eq!(default_member(&[], "z@x.test"), None);
    }
}
