//! Account-wide lookups: which accounts a token reaches, the hiring team, and the pipeline stages.

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{WorkableClient, decode, with_path};
use crate::WorkableError;
use crate::oauth::parse_base;
use crate::resources::{Account, Member, Stage};
use crate::settings::{ApiSettings, DEFAULT_OAUTH_BASE_URL};
use crate::transport::{Replay, Transport};

/// The accounts (subdomains) a token can reach: `GET https://www.workable.com/spi/v3/accounts`, or
/// `{base}/spi/v3/accounts` with an override. After an OAuth connection this tells which subdomain to use.
/// It goes around the rate limiter because no account is known yet; it is one call per connection.
pub async fn list_accounts(
    settings: &ApiSettings,
    token: &SecretString,
) -> Result<Vec<Account>, WorkableError> {
    #[derive(Deserialize)]
    struct Accounts {
        accounts: Vec<Account>,
    }
    let base = parse_base(
        settings
            .base_url
            .as_deref()
            .unwrap_or(DEFAULT_OAUTH_BASE_URL),
    )?;
    let url: Url = with_path(&base, &["spi", "v3", "accounts"]);
    let transport = Transport::new(
        settings.connect_timeout,
        settings.request_timeout,
        settings.retry.clone(),
    )?;
    let answer = transport
        .send(
            |http| {
                http.get(url.clone())
                    .bearer_auth(token.expose_secret())
                    .header(reqwest::header::ACCEPT, "application/json")
            },
            None,
            Replay::Safe,
        )
        .await?;
    if !answer.status.is_success() {
        return Err(WorkableError::from_api_answer(
            answer.status.as_u16(),
            &answer.body,
        ));
    }
    let Accounts { accounts } = decode(&answer.body)?;
    Ok(accounts)
}

impl WorkableClient {
    /// The hiring team (`GET /members`). Writes need one of these ids as `member_id`.
    pub async fn list_members(&self) -> Result<Vec<Member>, WorkableError> {
        #[derive(Deserialize)]
        struct Members {
            members: Vec<Member>,
        }
        let Members { members } = self.get(self.url(&["members"])).await?;
        Ok(members)
    }

    /// The account's pipeline stages (`GET /stages`).
    pub async fn list_stages(&self) -> Result<Vec<Stage>, WorkableError> {
        self.stages_at(self.url(&["stages"])).await
    }

    /// One job's pipeline (`GET /jobs/{shortcode}/stages`); a move must name one of these slugs.
    pub async fn list_job_stages(&self, shortcode: &str) -> Result<Vec<Stage>, WorkableError> {
        self.stages_at(self.url(&["jobs", shortcode, "stages"]))
            .await
    }

    async fn stages_at(&self, url: Url) -> Result<Vec<Stage>, WorkableError> {
        #[derive(Deserialize)]
        struct Stages {
            stages: Vec<Stage>,
        }
        let Stages { stages } = self.get(url).await?;
        Ok(stages)
    }
}
