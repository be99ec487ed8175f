//! Workable's OAuth 2.0 for official partners (https://workable.readme.io/page/oauth): the authorize URL, the
//! code exchange, the refresh (which rotates the refresh token) and revocation.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::WorkableError;
use crate::settings::OAuthSettings;
use crate::transport::{Replay, Transport};

/// What a code exchange or a refresh returns. Persist the whole set: the refresh token changes on every refresh
/// and the previous one stops working.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: SecretString,
    /// `Bearer`.
    pub token_type: String,
    /// Space-separated scopes Workable granted, when it says.
    pub scope: Option<String>,
    /// When the access token stops working, computed from `expires_in` and the moment the request was sent (so
    /// a slow answer makes it early, never late).
    pub expires_at: DateTime<Utc>,
}

impl TokenSet {
    /// True when the access token has expired at `now`, or will within `margin` (refresh a little ahead, so a
    /// call started just before the expiry does not fail with 401).
    pub fn expires_within(&self, now: DateTime<Utc>, margin: Duration) -> bool {
        let margin = TimeDelta::from_std(margin).unwrap_or(TimeDelta::MAX);
        now.checked_add_signed(margin)
            .is_none_or(|later| later >= self.expires_at)
    }
}

/// The OAuth endpoints of one partner app.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    settings: OAuthSettings,
    base: Url,
    transport: Transport,
}

impl OAuthClient {
    pub fn new(settings: OAuthSettings) -> Result<Self, WorkableError> {
        let base = parse_base(&settings.base_url)?;
        if settings.client_id.trim().is_empty() {
            return Err(WorkableError::Config("the OAuth client id is empty".into()));
        }
        let transport = Transport::new(
            settings.connect_timeout,
            settings.request_timeout,
            settings.retry.clone(),
        )?;
        Ok(Self {
            settings,
            base,
            transport,
        })
    }

    /// Where to send the recruiter's browser: `{base}/oauth/authorize?client_id&redirect_uri&resource=user&
    /// response_type=code&scope=r_jobs+r_candidates+w_candidates&state`. `state` must be unguessable and checked
    /// on the way back (CSRF).
    pub fn authorize_url(&self, state: &str) -> Url {
        let mut url = self.endpoint("authorize");
        url.query_pairs_mut()
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("redirect_uri", &self.settings.redirect_uri)
            .append_pair("resource", "user")
            .append_pair("response_type", "code")
            // Form encoding writes the spaces as `+`, the separator Workable's docs show.
            .append_pair("scope", &self.settings.scopes.join(" "))
            .append_pair("state", state);
        url
    }

    /// Trades the `code` from the redirect for a token set.
    pub async fn exchange_code(&self, code: &str) -> Result<TokenSet, WorkableError> {
        self.request_tokens(&[
            ("grant_type", "authorization_code"),
            ("client_id", &self.settings.client_id),
            ("client_secret", self.settings.client_secret.expose_secret()),
            ("redirect_uri", &self.settings.redirect_uri),
            ("code", code),
        ])
        .await
    }

    /// Gets a new access token. The answer carries a new refresh token that replaces `refresh_token`, which
    /// Workable no longer accepts: persist the returned set before using it.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenSet, WorkableError> {
        self.request_tokens(&[
            ("grant_type", "refresh_token"),
            ("client_id", &self.settings.client_id),
            ("client_secret", self.settings.client_secret.expose_secret()),
            ("refresh_token", refresh_token.expose_secret()),
        ])
        .await
    }

    /// Revokes an access or refresh token, e.g. when a customer disconnects Workable.
    pub async fn revoke(&self, token: &SecretString) -> Result<(), WorkableError> {
        let url = self.endpoint("revoke");
        let form = [
            ("client_id", self.settings.client_id.as_str()),
            ("client_secret", self.settings.client_secret.expose_secret()),
            ("token", token.expose_secret()),
        ];
        let answer = self
            .transport
            .send(
                |http| http.post(url.clone()).form(&form),
                None,
                Replay::Safe,
            )
            .await?;
        if answer.status.is_success() {
            return Ok(());
        }
        Err(WorkableError::from_oauth_answer(
            answer.status.as_u16(),
            &answer.body,
        ))
    }

    async fn request_tokens(&self, form: &[(&str, &str)]) -> Result<TokenSet, WorkableError> {
        let url = self.endpoint("token");
        let sent_at = Utc::now();
        // Retrying is harmless even for a refresh: if Workable rotated the token and the answer got lost, the
        // retry fails with invalid_grant, the same outcome as not retrying.
        let answer = self
            .transport
            .send(|http| http.post(url.clone()).form(form), None, Replay::Safe)
            .await?;
        if !answer.status.is_success() {
            return Err(WorkableError::from_oauth_answer(
                answer.status.as_u16(),
                &answer.body,
            ));
        }
        // The body holds tokens: a parse error must not echo it.
        let body: TokenBody = serde_json::from_slice(&answer.body).map_err(|err| {
            WorkableError::invalid_response(format!(
                "the token answer is not the expected JSON (line {}, column {})",
                err.line(),
                err.column()
            ))
        })?;
        Ok(body.into_token_set(sent_at))
    }

    fn endpoint(&self, name: &str) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map(|mut segments| {
                segments.pop_if_empty().extend(["oauth", name]);
            })
            .ok();
        url
    }
}

/// `{access_token, token_type, expires_in, refresh_token, scope, created_at}`.
#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    refresh_token: String,
    #[serde(default = "bearer")]
    token_type: String,
    expires_in: u64,
    scope: Option<String>,
}

fn bearer() -> String {
    "Bearer".to_owned()
}

impl TokenBody {
    fn into_token_set(self, sent_at: DateTime<Utc>) -> TokenSet {
        let lifetime =
            TimeDelta::seconds(i64::try_from(self.expires_in).unwrap_or(i64::MAX / 1000));
        TokenSet {
            access_token: SecretString::from(self.access_token),
            refresh_token: SecretString::from(self.refresh_token),
            token_type: self.token_type,
            scope: self.scope,
            expires_at: sent_at
                .checked_add_signed(lifetime)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }
}

pub(crate) fn parse_base(base_url: &str) -> Result<Url, WorkableError> {
    let invalid = |why: String| WorkableError::Config(format!("base URL {base_url:?} {why}"));
    let url = Url::parse(base_url.trim()).map_err(|err| invalid(format!("is not a URL: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(invalid("must be an http(s) URL".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or a fragment".into()));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> OAuthClient {
        let mut settings = OAuthSettings::new(
            "tali-client",
            "s3cret",
            "https://app.tali.test/workable/callback",
        );
        settings.base_url = base.to_owned();
        OAuthClient::new(settings).unwrap()
    }

    #[test]
    fn authorize_url_has_the_documented_parameters() {
        let url = client("https://www.workable.com").authorize_url("st-42");
        assert_eq!(
            url.as_str(),
            "https://www.workable.com/oauth/authorize?client_id=tali-client\
             &redirect_uri=https%3A%2F%2Fapp.tali.test%2Fworkable%2Fcallback&resource=user&response_type=code\
             &scope=r_jobs+r_candidates+w_candidates&state=st-42"
        );
    }

    #[test]
    fn endpoints_keep_a_base_path() {
        let client = client("http://127.0.0.1:9/mock/");
        assert_eq!(
            client.endpoint("token").as_str(),
            "http://127.0.0.1:9/mock/oauth/token"
        );
    }

    #[test]
    fn bad_bases_are_configuration_errors() {
        for base in ["ftp://x", "not a url", "https://x/?a=1"] {
            let mut settings = OAuthSettings::new("id", "secret", "https://cb");
            settings.base_url = base.to_owned();
            assert!(
                matches!(OAuthClient::new(settings), Err(WorkableError::Config(_))),
                "{base}"
            );
        }
    }

    #[test]
    fn expiry_is_absolute() {
        let sent_at = Utc::now();
        let body: TokenBody = serde_json::from_str(
            r#"{"access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":60,"scope":"r_jobs","created_at":1}"#,
        )
        .unwrap();
        let set = body.into_token_set(sent_at);
        assert_eq!(set.expires_at, sent_at + TimeDelta::seconds(60));
        assert!(!set.expires_within(sent_at, Duration::from_secs(30)));
        assert!(set.expires_within(sent_at, Duration::from_secs(60)));
        assert!(!format!("{set:?}").contains("\"a\""));
    }
}
