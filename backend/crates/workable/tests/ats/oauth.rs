use std::time::Duration;

use chrono::Utc;
use secrecy::{ExposeSecret, SecretString};
use tali_workable::mock::{MockConfig, WorkableMock};
use tali_workable::{Credentials, WorkableClient, WorkableError, list_accounts};

use crate::common::{REDIRECT_URI, api_settings, approve, oauth_client, query_param};

#[tokio::test]
async fn authorize_redirects_back_with_a_code_and_the_state() {
    let mock = WorkableMock::start().await.unwrap();
    let url = oauth_client(&mock).authorize_url("csrf-123");
    assert_eq!(url.path(), "/oauth/authorize");
    assert_eq!(
        query_param(&url, "scope").as_deref(),
        Some("r_jobs r_candidates w_candidates")
    );
    assert!(
        url.as_str()
            .contains("scope=r_jobs+r_candidates+w_candidates")
    );

    let landed = approve(&url).await;
    assert!(landed.as_str().starts_with(REDIRECT_URI));
    assert_eq!(query_param(&landed, "state").as_deref(), Some("csrf-123"));
    assert!(query_param(&landed, "code").is_some());
}

#[tokio::test]
async fn code_exchange_gives_a_token_set_with_an_absolute_expiry() {
    let mock = WorkableMock::start().await.unwrap();
    let oauth = oauth_client(&mock);
    let code = query_param(&approve(&oauth.authorize_url("s")).await, "code").unwrap();

    let before = Utc::now();
    let tokens = oauth.exchange_code(&code).await.unwrap();
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(
        tokens.scope.as_deref(),
        Some("r_jobs r_candidates w_candidates")
    );
    let lifetime = tokens.expires_at - before;
    assert!(
        lifetime.num_seconds() > 290 && lifetime.num_seconds() <= 300,
        "{lifetime}"
    );

    let request = mock
        .requests()
        .into_iter()
        .find(|request| request.path == "/oauth/token")
        .unwrap();
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    for pair in [
        "grant_type=authorization_code",
        "client_id=tali-mock-client",
        "code=",
        "redirect_uri=",
    ] {
        assert!(request.body.contains(pair), "{pair} in {}", request.body);
    }

    // A code works once.
    let again = oauth.exchange_code(&code).await.unwrap_err();
    assert!(again.is_invalid_grant(), "{again:?}");
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_is_refused() {
    let mock = WorkableMock::start().await.unwrap();
    let oauth = oauth_client(&mock);
    let code = query_param(&approve(&oauth.authorize_url("s")).await, "code").unwrap();
    let first = oauth.exchange_code(&code).await.unwrap();

    let second = oauth.refresh(&first.refresh_token).await.unwrap();
    assert_ne!(
        second.access_token.expose_secret(),
        first.access_token.expose_secret()
    );
    assert_ne!(
        second.refresh_token.expose_secret(),
        first.refresh_token.expose_secret()
    );

    let reused = oauth.refresh(&first.refresh_token).await.unwrap_err();
    assert!(reused.is_invalid_grant(), "{reused:?}");
    assert!(
        !reused
            .to_string()
            .contains(first.refresh_token.expose_secret())
    );

    // The newest refresh token keeps the chain going.
    oauth.refresh(&second.refresh_token).await.unwrap();
}

#[tokio::test]
async fn a_wrong_client_secret_is_an_oauth_error() {
    let mock = WorkableMock::start().await.unwrap();
    let mut settings = crate::common::oauth_settings(&mock);
    settings.client_secret = SecretString::from("wrong");
    let oauth = tali_workable::OAuthClient::new(settings).unwrap();
    let error = oauth
        .refresh(&SecretString::from("anything"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, WorkableError::OAuth { code, .. } if code == "invalid_client"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_a_distinct_401_and_a_refresh_recovers() {
    let mock = WorkableMock::start().await.unwrap();
    let oauth = oauth_client(&mock);
    let code = query_param(&approve(&oauth.authorize_url("s")).await, "code").unwrap();
    let tokens = oauth.exchange_code(&code).await.unwrap();

    let accounts = list_accounts(&api_settings(&mock), &tokens.access_token)
        .await
        .unwrap();
    assert_eq!(accounts.len(), 1);
    let subdomain = &accounts[0].subdomain;
    assert_eq!(subdomain, WorkableMock::SUBDOMAIN);

    let client = WorkableClient::new(
        &api_settings(&mock),
        subdomain,
        Credentials::oauth(tokens.access_token.clone()),
    )
    .unwrap();
    assert!(!client.list_members().await.unwrap().is_empty());

    // The hook rather than a short lifetime, so a slow machine cannot expire the token too early.
    assert_eq!(mock.expire_access_tokens(), 1);
    let expired = client.list_members().await.unwrap_err();
    assert!(expired.is_unauthorized(), "{expired:?}");
    assert!(
        !expired
            .to_string()
            .contains(tokens.access_token.expose_secret())
    );

    let refreshed = oauth.refresh(&tokens.refresh_token).await.unwrap();
    let client = client.with_access_token(refreshed.access_token);
    assert!(!client.list_members().await.unwrap().is_empty());
}

#[tokio::test]
async fn revoked_tokens_stop_working() {
    let mock = WorkableMock::start().await.unwrap();
    let oauth = oauth_client(&mock);
    let code = query_param(&approve(&oauth.authorize_url("s")).await, "code").unwrap();
    let tokens = oauth.exchange_code(&code).await.unwrap();

    oauth.revoke(&tokens.access_token).await.unwrap();
    oauth.revoke(&tokens.refresh_token).await.unwrap();

    let client = WorkableClient::new(
        &api_settings(&mock),
        WorkableMock::SUBDOMAIN,
        Credentials::oauth(tokens.access_token),
    )
    .unwrap();
    assert!(client.list_members().await.unwrap_err().is_unauthorized());
    assert!(
        oauth
            .refresh(&tokens.refresh_token)
            .await
            .unwrap_err()
            .is_invalid_grant()
    );
}

#[tokio::test]
async fn the_access_token_lifetime_is_configurable() {
    let mock = WorkableMock::start_with(MockConfig {
        access_token_ttl: Duration::from_secs(2),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let oauth = oauth_client(&mock);
    let code = query_param(&approve(&oauth.authorize_url("s")).await, "code").unwrap();
    let tokens = oauth.exchange_code(&code).await.unwrap();
    assert!(tokens.expires_within(Utc::now(), Duration::from_secs(2)));
    assert!(!tokens.expires_within(Utc::now(), Duration::ZERO));
}
