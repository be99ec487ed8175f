//! An organization's authenticated Workable client: tokens decrypted from the row, refreshed before they expire
//! and after a 401, the rotated refresh token stored back.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use tali_workable::{Credentials, TokenSet, WorkableClient, WorkableError};

use super::connection::{OAUTH, api_settings, cipher, oauth_client};
use super::failure;
use crate::accounts::organizations;
use crate::db::entities::organization;
use crate::domain::{Error, Result};
use crate::state::AppState;

/// An OAuth access token this close to its expiry is refreshed before a call rather than failing it.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

pub(super) fn client_for(
    state: &AppState,
    kind: &str,
    subdomain: &str,
    token: &SecretString,
) -> std::result::Result<WorkableClient, WorkableError> {
    let credentials = if kind == OAUTH {
        Credentials::oauth(token.clone())
    } else {
        Credentials::account_token(token.clone())
    };
    WorkableClient::new(&api_settings(state), subdomain, credentials)
}

/// Tokens as stored, in clear while in memory.
pub(super) struct Stored {
    pub(super) access_token: SecretString,
    pub(super) refresh_token: Option<SecretString>,
    pub(super) expires_at: Option<DateTime<Utc>>,
}

impl Stored {
    pub(super) fn from_oauth(tokens: TokenSet) -> Self {
        Self {
            access_token: tokens.access_token,
            refresh_token: Some(tokens.refresh_token),
            expires_at: Some(tokens.expires_at),
        }
    }
}

/// A connected organization's client, with what it needs to refresh its OAuth token.
pub struct Session {
    pub organization_id: i32,
    pub kind: String,
    pub member_id: Option<String>,
    pub(super) access_token: SecretString,
    /// The refresh token as stored (sealed): a refresh only replaces it if no one else rotated it meanwhile.
    sealed_refresh: Option<String>,
    expires_at: Option<DateTime<Utc>>,
    client: WorkableClient,
}

impl Session {
    /// `Conflict` when the organization is not connected.
    pub fn open(state: &AppState, org: &organization::Model) -> Result<Self> {
        let (Some(kind), Some(subdomain), Some(sealed), true) = (
            org.workable_auth_kind.clone(),
            org.workable_subdomain.as_deref(),
            org.workable_access_token.as_deref(),
            org.workable_connected,
        ) else {
            return Err(Error::Conflict("Connect Workable in Settings first".into()));
        };
        let access_token = cipher(state).open(org.id, sealed)?;
        let client = client_for(state, &kind, subdomain, &access_token).map_err(failure)?;
        Ok(Self {
            organization_id: org.id,
            kind,
            member_id: org.workable_member_id.clone(),
            access_token,
            sealed_refresh: org.workable_refresh_token.clone(),
            expires_at: org.workable_token_expires_at,
            client,
        })
    }

    pub async fn load(state: &AppState, organization_id: i32) -> Result<Self> {
        let org = organizations::load(&state.db, organization_id).await?;
        Self::open(state, &org)
    }

    /// The client, its OAuth token refreshed first when it is about to expire. Use through [`call!`].
    pub async fn fresh_client(&mut self, state: &AppState) -> Result<&WorkableClient> {
        let expiring = self.kind == OAUTH
            && self.expires_at.is_none_or(|at| {
                chrono::Duration::from_std(REFRESH_MARGIN)
                    .is_ok_and(|margin| Utc::now() + margin >= at)
            });
        if expiring {
            self.refresh(state).await?;
        }
        Ok(&self.client)
    }

    /// After a 401: refreshes an OAuth token and says whether the call is worth repeating.
    pub async fn recover(&mut self, state: &AppState, err: &WorkableError) -> Result<bool> {
        if self.kind != OAUTH || !err.is_unauthorized() {
            return Ok(false);
        }
        self.refresh(state).await?;
        Ok(true)
    }

    /// Exchanges the refresh token and persists the rotated pair. When another worker rotated it first (the row
    /// holds another refresh token), its tokens are adopted instead: Workable no longer accepts ours.
    async fn refresh(&mut self, state: &AppState) -> Result<()> {
        let cipher = cipher(state);
        let org = organizations::load(&state.db, self.organization_id).await?;
        if org.workable_refresh_token != self.sealed_refresh {
            *self = Self::open(state, &org)?;
            let fresh = self
                .expires_at
                .is_some_and(|at| at > Utc::now() + chrono::Duration::seconds(5));
            if fresh {
                return Ok(());
            }
        }
        let Some(sealed) = self.sealed_refresh.clone() else {
            return Err(Error::Conflict(
                "The Workable connection has no refresh token; connect Workable again".into(),
            ));
        };
        let refresh_token = cipher.open(self.organization_id, &sealed)?;
        let tokens = oauth_client(state)?
            .refresh(&refresh_token)
            .await
            .map_err(|err| {
                if err.is_invalid_grant() {
                    Error::Conflict(
                        "Workable no longer accepts this connection; connect Workable again".into(),
                    )
                } else {
                    failure(err)
                }
            })?;
        let new_refresh = cipher.seal(self.organization_id, &tokens.refresh_token)?;
        let updated = organization::Entity::update_many()
            .col_expr(
                organization::Column::WorkableAccessToken,
                sea_orm::sea_query::Expr::value(Some(
                    cipher.seal(self.organization_id, &tokens.access_token)?,
                )),
            )
            .col_expr(
                organization::Column::WorkableRefreshToken,
                sea_orm::sea_query::Expr::value(Some(new_refresh.clone())),
            )
            .col_expr(
                organization::Column::WorkableTokenExpiresAt,
                sea_orm::sea_query::Expr::value(Some(tokens.expires_at)),
            )
            .filter(organization::Column::Id.eq(self.organization_id))
            .filter(organization::Column::WorkableRefreshToken.eq(sealed))
            .exec(&state.db)
            .await?;
        if updated.rows_affected == 0 {
            tracing::warn!(
                organization_id = self.organization_id,
                "Workable tokens changed during a refresh; the new ones could not be stored"
            );
        }
        self.client = self.client.with_access_token(tokens.access_token.clone());
        self.access_token = tokens.access_token;
        self.sealed_refresh = Some(new_refresh);
        self.expires_at = Some(tokens.expires_at);
        tracing::info!(
            organization_id = self.organization_id,
            "Workable access token refreshed"
        );
        Ok(())
    }
}

/// `call!(session, state, |client| client.list_members())`: one Workable call with a fresh token, repeated once
/// after a 401 that a refresh fixed; Workable's errors in the domain's terms. (A macro because an async closure
/// borrowing the client cannot be proven `Send` for every lifetime, which the handlers need.)
macro_rules! call {
    ($session:expr, $state:expr, |$client:ident| $call:expr) => {{
        let first = {
            let $client = $session.fresh_client($state).await?;
            $call.await
        };
        match first {
            Err(err) if $session.recover($state, &err).await? => {
                let $client = $session.fresh_client($state).await?;
                $call.await.map_err($crate::workable::failure)
            }
            other => other.map_err($crate::workable::failure),
        }
    }};
}
pub(crate) use call;
