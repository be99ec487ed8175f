//! The typed settings read from the environment: secrets, defaults, the server and the database here;
//! the external services in `services`, refused values and what never reaches a log in `validation`.

use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use secrecy::ExposeSecret;
use tali_ai::ProviderSettings;
use tali_sandbox::Provider;

use super::*;

fn temp_dir() -> String {
    std::env::temp_dir()
        .join(format!("tali-config-{}", uuid::Uuid::new_v4()))
        .to_string_lossy()
        .to_string()
}

fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let dir = temp_dir();
    let mut all = vec![("TALI_DATA_DIR", dir.as_str())];
    all.extend_from_slice(pairs);
    Settings::from_env(&Env::from_pairs(all))
}

fn error(pairs: &[(&str, &str)]) -> String {
    settings(pairs).unwrap_err().to_string()
}

mod services;
mod validation;

#[test]
fn production_without_secret_refuses_to_start() {
    let err = error(&[("TALI_ENV", "production")]);
    assert!(err.contains("SECRET_KEY: is required"), "{err}");
}

#[test]
fn production_with_short_secret_refuses_to_start() {
    let err = error(&[("TALI_ENV", "production"), ("SECRET_KEY", "short")]);
    assert!(err.contains("at least 32"), "{err}");
}

#[test]
fn development_generates_and_keeps_a_secret() {
    let dir = temp_dir();
    let env = Env::from_pairs([("TALI_DATA_DIR", dir.as_str())]);
    let first = Settings::from_env(&env).unwrap().server.secret_key;
    let second = Settings::from_env(&env).unwrap().server.secret_key;
    assert_eq!(first.expose_secret(), second.expose_secret());
    assert!(first.expose_secret().len() >= MIN_SECRET_BYTES);
}

#[test]
fn defaults_are_the_embedded_ones() {
    let s = settings(&[]).unwrap();
    assert_eq!(s.server.port, 8000);
    assert_eq!(s.server.host, IpAddr::from([127, 0, 0, 1]));
    assert_eq!(s.server.public_url, "http://127.0.0.1:8000");
    assert_eq!(s.server.log_format, LogFormat::Pretty);
    assert_eq!(s.server.bcrypt_cost, crate::auth::password::DEFAULT_COST);
    assert_eq!(s.server.access_token_minutes, 30);
    let longer = settings(&[("ACCESS_TOKEN_MINUTES", "480")]).unwrap();
    assert_eq!(longer.server.access_token_minutes, 480);
    assert!(s.database.url.as_str().starts_with("sqlite://"));
    assert!(s.database.url.as_str().ends_with("tali.db?mode=rwc"));
    assert_eq!(s.database.pool_size, 10);
    assert!(s.database.migrate_on_start);
    assert!(s.redis.is_none());
    assert_eq!(s.sandbox.provider, Provider::Local);
    assert_eq!(s.sandbox.limits.wall_run, Duration::from_secs(20));
    assert_eq!(s.sandbox.limits.wall_tests, Duration::from_secs(60));
    assert!(s.ai.provider.is_none());
    assert_eq!(s.ai.client.connect_timeout, Duration::from_secs(5));
    assert_eq!(s.ai.client.request_timeout, Duration::from_secs(120));
    assert_eq!(s.ai.client.retry.max_attempts, 3);
    assert!(s.email.resend_api_key.is_none() && s.email.smtp_url.is_none());
    assert_eq!(s.email.resend_api_url, tali_mail::DEFAULT_RESEND_API_URL);
    assert_eq!(s.email.from, "TALI <no-reply@tali.local>");
    assert!(s.integrations.stripe.is_none());
    assert!(s.integrations.workable.oauth.is_none());
    assert_eq!(s.integrations.workable.rate_window_ms, 10_000);
    assert!(s.integrations.sentry.is_none());
}

#[test]
fn server_settings_come_from_the_environment() {
    let s = settings(&[
        ("TALI_ENV", "production"),
        ("SECRET_KEY", "a-production-secret-of-at-least-32-bytes"),
        ("HOST", "0.0.0.0"),
        ("PORT", "9000"),
        ("FRONTEND_URL", "https://app.example.com/"),
        ("PUBLIC_URL", "https://assess.example.com"),
        ("TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2"),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "3"),
        ("BCRYPT_COST", "4"),
    ])
    .unwrap();
    let server = &s.server;
    assert_eq!(server.environment, Environment::Production);
    assert_eq!(server.host, IpAddr::from([0, 0, 0, 0]));
    assert_eq!(server.port, 9000);
    assert_eq!(server.frontend_url, "https://app.example.com");
    assert_eq!(server.public_url, "https://assess.example.com");
    assert_eq!(
        server.trusted_proxies,
        vec![IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2])]
    );
    assert_eq!(server.log_format, LogFormat::Json);
    assert_eq!(server.auth_rate_limit_per_minute, 3);
    assert_eq!(server.bcrypt_cost, 4);
    assert_eq!(
        server.secret_key.expose_secret(),
        "a-production-secret-of-at-least-32-bytes"
    );
    assert_eq!(
        s.candidate_link("tok"),
        "https://assess.example.com/#/assess/tok"
    );
    assert_eq!(
        s.reset_link("tok"),
        "https://app.example.com/#/reset-password?token=tok"
    );
}

#[test]
fn database_settings_come_from_the_environment() {
    let s = settings(&[
        ("DATABASE_URL", "postgres://tali:pw@db:5432/tali"),
        ("DATABASE_POOL_SIZE", "25"),
        ("TALI_MIGRATE_ON_START", "false"),
        ("REDIS_URL", "redis://:pw@cache:6379"),
    ])
    .unwrap();
    assert_eq!(s.database.url.as_str(), "postgres://tali:pw@db:5432/tali");
    assert_eq!(s.database.pool_size, 25);
    assert!(!s.database.migrate_on_start);
    assert_eq!(
        s.redis.map(|redis| redis.url),
        Some("redis://:pw@cache:6379".into())
    );
}

#[test]
fn a_previous_secret_key_is_read_and_held_to_the_same_strength() {
    let previous = settings(&[
        ("SECRET_KEY", "the-new-secret-key-that-is-long-enough-01"),
        (
            "SECRET_KEY_PREVIOUS",
            "the-old-secret-key-that-is-long-enough-01",
        ),
    ])
    .unwrap()
    .server
    .secret_key_previous
    .unwrap();
    assert_eq!(
        previous.expose_secret(),
        "the-old-secret-key-that-is-long-enough-01"
    );
    let err = error(&[
        ("TALI_ENV", "production"),
        ("SECRET_KEY", "a-production-secret-of-at-least-32-bytes"),
        ("SECRET_KEY_PREVIOUS", "short"),
    ]);
    assert!(err.contains("SECRET_KEY_PREVIOUS: is 5 bytes"), "{err}");
}
