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
fn sandbox_settings_are_the_sandbox_crates() {
    let s = settings(&[
        ("SANDBOX_PROVIDER", "e2b"),
        ("SANDBOX_RUNTIME_DIR", "/opt/runtime"),
        ("SANDBOX_WORKSPACES_DIR", "relative/workspaces"),
        ("SANDBOX_MAX_CONCURRENT", "3"),
        ("SANDBOX_RUN_TIMEOUT_SECONDS", "30"),
        ("SANDBOX_TESTS_TIMEOUT_SECONDS", "90"),
        ("E2B_API_KEY", "e2b_key"),
        ("E2B_API_URL", "http://127.0.0.1:3000"),
        ("E2B_DOMAIN", "sandbox.example.com"),
    ])
    .unwrap()
    .sandbox;
    assert_eq!(s.provider, Provider::E2b);
    assert_eq!(s.runtime_dir, Path::new("/opt/runtime"));
    assert!(
        s.workspaces_dir.is_absolute(),
        "bind mounts need absolute paths"
    );
    assert!(s.workspaces_dir.ends_with("relative/workspaces"));
    assert_eq!(s.max_concurrent_runs, 3);
    assert_eq!(s.limits.wall_run, Duration::from_secs(30));
    assert_eq!(s.limits.wall_tests, Duration::from_secs(90));
    assert_eq!(s.e2b.api_key.expose_secret(), "e2b_key");
    assert_eq!(s.e2b.api_url, "http://127.0.0.1:3000");
    assert_eq!(s.e2b.domain, "sandbox.example.com");
}

#[test]
fn sandbox_directories_default_under_the_data_dir() {
    let dir = temp_dir();
    let s = Settings::from_env(&Env::from_pairs([("TALI_DATA_DIR", dir.as_str())])).unwrap();
    assert_eq!(
        s.sandbox.runtime_dir,
        Path::new(&dir).join("sandbox-runtime")
    );
    assert_eq!(
        s.sandbox.workspaces_dir,
        Path::new(&dir).join("sandbox-workspaces")
    );
}

#[test]
fn anthropic_is_configured_by_its_key() {
    let s = settings(&[("ANTHROPIC_API_KEY", "sk-ant-x")]).unwrap();
    let Some(ProviderSettings::Anthropic(anthropic)) = s.ai.provider else {
        panic!("expected Anthropic");
    };
    assert_eq!(anthropic.api_key.expose_secret(), "sk-ant-x");
    assert_eq!(anthropic.base_url, tali_ai::DEFAULT_ANTHROPIC_BASE_URL);
    assert_eq!(anthropic.model, tali_ai::DEFAULT_ANTHROPIC_MODEL);

    let s = settings(&[
        ("ANTHROPIC_API_KEY", "sk-ant-x"),
        ("ANTHROPIC_BASE_URL", "http://127.0.0.1:4010"),
        ("ANTHROPIC_MODEL", "claude-opus-4-1"),
    ])
    .unwrap();
    let Some(ProviderSettings::Anthropic(anthropic)) = s.ai.provider else {
        panic!("expected Anthropic");
    };
    assert_eq!(anthropic.base_url, "http://127.0.0.1:4010");
    assert_eq!(anthropic.model, "claude-opus-4-1");
}

#[test]
fn an_openai_compatible_server_needs_a_url_and_a_model() {
    let s = settings(&[
        ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"),
        ("OPENAI_MODEL", "llama3.1"),
    ])
    .unwrap();
    let Some(ProviderSettings::OpenAiCompatible(openai)) = s.ai.provider else {
        panic!("expected an OpenAI-compatible provider");
    };
    assert_eq!(openai.base_url, "http://127.0.0.1:11434/v1");
    assert_eq!(openai.model, "llama3.1");
    assert!(openai.api_key.is_none(), "local servers need no key");
}

#[test]
fn anthropic_wins_when_both_providers_are_configured() {
    let s = settings(&[
        ("ANTHROPIC_API_KEY", "sk-ant-x"),
        ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"),
        ("OPENAI_MODEL", "llama3.1"),
    ])
    .unwrap();
    assert!(matches!(
        s.ai.provider,
        Some(ProviderSettings::Anthropic(_))
    ));
}

#[test]
fn a_half_configured_ai_provider_names_what_is_missing() {
    for (pairs, expected) in [
        (
            vec![("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")],
            "OPENAI_MODEL: is required when OPENAI_BASE_URL is set",
        ),
        (
            vec![("OPENAI_MODEL", "llama3.1")],
            "OPENAI_BASE_URL: is required when OPENAI_MODEL is set",
        ),
        (
            vec![("OPENAI_API_KEY", "sk-x")],
            "OPENAI_BASE_URL: is required when OPENAI_API_KEY is set",
        ),
        (
            vec![("ANTHROPIC_MODEL", "claude-sonnet-4-6")],
            "ANTHROPIC_API_KEY: is required when ANTHROPIC_MODEL is set",
        ),
        (
            vec![("ANTHROPIC_BASE_URL", "http://127.0.0.1:4010")],
            "ANTHROPIC_API_KEY: is required when ANTHROPIC_BASE_URL is set",
        ),
        // A complete provider does not excuse a broken one.
        (
            vec![
                ("ANTHROPIC_API_KEY", "sk-ant-x"),
                ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"),
            ],
            "OPENAI_MODEL: is required when OPENAI_BASE_URL is set",
        ),
    ] {
        assert_eq!(error(&pairs), expected);
    }
}

#[test]
fn ai_timeouts_and_attempts_are_read() {
    let s = settings(&[
        ("AI_CONNECT_TIMEOUT_SECONDS", "2"),
        ("AI_REQUEST_TIMEOUT_SECONDS", "300"),
        ("AI_MAX_ATTEMPTS", "5"),
    ])
    .unwrap();
    assert_eq!(s.ai.client.connect_timeout, Duration::from_secs(2));
    assert_eq!(s.ai.client.request_timeout, Duration::from_secs(300));
    assert_eq!(s.ai.client.retry.max_attempts, 5);
    let defaults = tali_ai::RetryPolicy::default();
    assert_eq!(s.ai.client.retry.initial_delay, defaults.initial_delay);
}

#[test]
fn email_settings_are_the_mail_crates() {
    let s = settings(&[
        ("RESEND_API_KEY", "re_key"),
        ("RESEND_API_URL", "http://127.0.0.1:4020"),
        (
            "SMTP_URL",
            "smtp://user:pw@mail.example.com:587?tls=required",
        ),
        ("EMAIL_FROM", "Hiring <hiring@example.com>"),
    ])
    .unwrap()
    .email;
    assert_eq!(
        s.resend_api_key.as_ref().map(|k| k.expose_secret()),
        Some("re_key")
    );
    assert_eq!(s.resend_api_url, "http://127.0.0.1:4020");
    assert_eq!(
        s.smtp_url.as_ref().map(|u| u.expose_secret()),
        Some("smtp://user:pw@mail.example.com:587?tls=required")
    );
    assert_eq!(s.from, "Hiring <hiring@example.com>");
}

#[test]
fn integrations_come_from_the_environment() {
    let s = settings(&[
        ("STRIPE_API_KEY", "sk_live_x"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
        ("STRIPE_API_BASE", "http://127.0.0.1:12111"),
        ("WORKABLE_CLIENT_ID", "workable-id"),
        ("WORKABLE_CLIENT_SECRET", "workable-secret"),
        ("SENTRY_DSN", "https://public@sentry.example.com/42"),
    ])
    .unwrap()
    .integrations;
    let stripe = s.stripe.expect("stripe");
    assert_eq!(stripe.api_key.expose_secret(), "sk_live_x");
    assert_eq!(
        stripe.webhook_secret.as_ref().map(|s| s.expose_secret()),
        Some("whsec_x")
    );
    assert_eq!(stripe.api_base.as_deref(), Some("http://127.0.0.1:12111"));
    let workable = s.workable.oauth.expect("workable");
    assert_eq!(workable.client_id, "workable-id");
    assert_eq!(workable.client_secret.expose_secret(), "workable-secret");
    assert_eq!(s.sentry.expect("sentry").dsn.host(), "sentry.example.com");
}

#[test]
fn development_accepts_stripe_without_a_webhook_secret() {
    let s = settings(&[("STRIPE_API_KEY", "sk_test_x")]).unwrap();
    assert!(s.integrations.stripe.unwrap().webhook_secret.is_none());
}

#[test]
fn debug_output_shows_no_secret() {
    let secrets = [
        ("SECRET_KEY", "secret-key-value-that-is-long-enough-0123"),
        ("DATABASE_URL", "postgres://tali:database-password@db/tali"),
        ("REDIS_URL", "redis://:redis-password@cache:6379"),
        ("SANDBOX_PROVIDER", "e2b"),
        ("E2B_API_KEY", "e2b-key-value"),
        ("ANTHROPIC_API_KEY", "anthropic-key-value"),
        ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"),
        ("OPENAI_MODEL", "llama3.1"),
        ("OPENAI_API_KEY", "openai-key-value"),
        ("STRIPE_API_KEY", "stripe-key-value"),
        ("STRIPE_WEBHOOK_SECRET", "stripe-webhook-value"),
        ("RESEND_API_KEY", "resend-key-value"),
        ("SMTP_URL", "smtp://user:smtp-password@mail.example.com"),
        ("WORKABLE_CLIENT_ID", "workable-id"),
        ("WORKABLE_CLIENT_SECRET", "workable-secret-value"),
        (
            "SENTRY_DSN",
            "https://sentry-key-value@sentry.example.com/42",
        ),
    ];
    let printed = format!("{:?}", settings(&secrets).unwrap());
    for needle in [
        "secret-key-value",
        "database-password",
        "redis-password",
        "e2b-key-value",
        "anthropic-key-value",
        "openai-key-value",
        "stripe-key-value",
        "stripe-webhook-value",
        "resend-key-value",
        "smtp-password",
        "workable-secret-value",
        "sentry-key-value",
    ] {
        assert!(!printed.contains(needle), "{needle} leaked: {printed}");
    }
    assert!(printed.contains("[REDACTED]"), "{printed}");
    assert!(printed.contains("postgres://***@db/tali"), "{printed}");
}

#[test]
fn bad_values_name_the_setting() {
    for (pairs, needle) in [
        (vec![("PORT", "eighty")], "PORT"),
        (vec![("TALI_ENV", "staging")], "TALI_ENV"),
        (vec![("HOST", "localhost")], "HOST"),
        (vec![("SANDBOX_PROVIDER", "docker")], "SANDBOX_PROVIDER"),
        (vec![("SANDBOX_PROVIDER", "e2b")], "E2B_API_KEY"),
        (
            vec![("SANDBOX_MAX_CONCURRENT", "0")],
            "SANDBOX_MAX_CONCURRENT",
        ),
        (
            vec![("SANDBOX_RUN_TIMEOUT_SECONDS", "601")],
            "SANDBOX_RUN_TIMEOUT_SECONDS",
        ),
        (
            vec![("SANDBOX_TESTS_TIMEOUT_SECONDS", "0")],
            "SANDBOX_TESTS_TIMEOUT_SECONDS",
        ),
        (vec![("E2B_API_URL", "not a url")], "E2B_API_URL"),
        (vec![("E2B_DOMAIN", "https://e2b.app/")], "E2B_DOMAIN"),
        (vec![("DATABASE_URL", "mysql://x")], "DATABASE_URL"),
        (vec![("REDIS_URL", "http://cache")], "REDIS_URL"),
        (
            vec![("TRUSTED_PROXIES", "10.0.0.1,nope")],
            "TRUSTED_PROXIES",
        ),
        (vec![("PUBLIC_URL", "ftp://x")], "PUBLIC_URL"),
        (vec![("FRONTEND_URL", "example.com")], "FRONTEND_URL"),
        (vec![("LOG_FORMAT", "xml")], "LOG_FORMAT"),
        (vec![("BCRYPT_COST", "3")], "BCRYPT_COST"),
        (vec![("ACCESS_TOKEN_MINUTES", "4")], "ACCESS_TOKEN_MINUTES"),
        (
            vec![("ACCESS_TOKEN_MINUTES", "1441")],
            "ACCESS_TOKEN_MINUTES",
        ),
        (
            vec![("TALI_MIGRATE_ON_START", "yes")],
            "TALI_MIGRATE_ON_START",
        ),
        (vec![("TALI_WORKER", "maybe")], "TALI_WORKER"),
        (vec![("JOBS_MAX_ATTEMPTS", "0")], "JOBS_MAX_ATTEMPTS"),
        (vec![("JOBS_RETRY_DELAY_MS", "soon")], "JOBS_RETRY_DELAY_MS"),
        (
            vec![("TALI_WORKER_CONCURRENCY", "0")],
            "TALI_WORKER_CONCURRENCY",
        ),
        (vec![("JOBS_QUEUE", "a queue")], "JOBS_QUEUE"),
        (vec![("DATABASE_POOL_SIZE", "0")], "DATABASE_POOL_SIZE"),
        (vec![("SENTRY_DSN", "not a dsn")], "SENTRY_DSN"),
        (
            vec![("JOBS_DATABASE_URL", "postgres://x/y")],
            "JOBS_DATABASE_URL",
        ),
        (
            vec![
                ("ANTHROPIC_API_KEY", "k"),
                ("ANTHROPIC_BASE_URL", "api.anthropic.com"),
            ],
            "ANTHROPIC_BASE_URL",
        ),
        (
            vec![("OPENAI_BASE_URL", "ftp://models"), ("OPENAI_MODEL", "m")],
            "OPENAI_BASE_URL",
        ),
        (
            vec![("AI_CONNECT_TIMEOUT_SECONDS", "soon")],
            "AI_CONNECT_TIMEOUT_SECONDS",
        ),
        (
            vec![("AI_REQUEST_TIMEOUT_SECONDS", "601")],
            "AI_REQUEST_TIMEOUT_SECONDS",
        ),
        (vec![("AI_MAX_ATTEMPTS", "0")], "AI_MAX_ATTEMPTS"),
        (vec![("RESEND_API_URL", "resend")], "RESEND_API_URL"),
        (vec![("EMAIL_FROM", "TALI <no-reply>")], "EMAIL_FROM"),
        (vec![("SMTP_URL", "mail.example.com:25")], "SMTP_URL"),
        (vec![("SMTP_URL", "http://mail.example.com")], "SMTP_URL"),
        (vec![("STRIPE_WEBHOOK_SECRET", "whsec_x")], "STRIPE_API_KEY"),
        (
            vec![("STRIPE_API_KEY", "sk_x"), ("STRIPE_API_BASE", "stripe")],
            "STRIPE_API_BASE",
        ),
        (
            vec![
                ("TALI_ENV", "production"),
                ("SECRET_KEY", "a-production-secret-of-at-least-32-bytes"),
                ("STRIPE_API_KEY", "sk_x"),
            ],
            "STRIPE_WEBHOOK_SECRET",
        ),
        (vec![("WORKABLE_CLIENT_ID", "id")], "WORKABLE_CLIENT_SECRET"),
        (vec![("WORKABLE_CLIENT_SECRET", "s")], "WORKABLE_CLIENT_ID"),
        (
            vec![
                ("WORKABLE_CLIENT_ID", "id"),
                ("WORKABLE_CLIENT_SECRET", "s"),
                ("WORKABLE_API_BASE", "workable"),
            ],
            "WORKABLE_API_BASE",
        ),
    ] {
        let err = error(&pairs);
        assert!(err.starts_with(&format!("{needle}: ")), "{needle}: {err}");
    }
}

#[test]
fn a_bad_connection_url_is_not_echoed() {
    let err = error(&[("SMTP_URL", "smtp://user:hunter2@mail example.com")]);
    assert!(err.starts_with("SMTP_URL: "), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    let err = error(&[("REDIS_URL", "redis://:hunter2@cache:port")]);
    assert!(err.starts_with("REDIS_URL: "), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn jobs_live_in_redis_or_beside_the_database() {
    let dir = temp_dir();
    let app_db = format!("sqlite://{dir}/app.db");
    let sqlite = settings(&[("DATABASE_URL", app_db.as_str())]).unwrap();
    assert_eq!(
        sqlite.jobs.store,
        JobStore::Sqlite(format!("sqlite://{dir}/app-jobs.db?mode=rwc"))
    );
    assert!(sqlite.jobs.run_worker);
    let postgres = settings(&[("DATABASE_URL", "postgres://db/app")]).unwrap();
    assert_eq!(postgres.jobs.store, JobStore::Postgres);
    let redis = settings(&[
        ("DATABASE_URL", "postgres://db/app"),
        ("REDIS_URL", "redis://cache:6379"),
        ("TALI_WORKER", "off"),
        ("JOBS_QUEUE", "tali-staging"),
        ("TALI_WORKER_CONCURRENCY", "8"),
        ("JOBS_MAX_ATTEMPTS", "7"),
        ("JOBS_RETRY_DELAY_MS", "500"),
    ])
    .unwrap();
    assert_eq!(
        redis.jobs.store,
        JobStore::Redis("redis://cache:6379".into())
    );
    assert!(!redis.jobs.run_worker);
    assert_eq!(redis.jobs.queue, "tali-staging");
    assert_eq!(redis.jobs.concurrency, 8);
    assert_eq!(redis.jobs.max_attempts, 7);
    assert_eq!(redis.jobs.retry_delay, Duration::from_millis(500));
}

#[test]
fn urls_are_redacted_for_logs() {
    assert_eq!(
        redact_url("postgres://u:secret@db:5432/app"),
        "postgres://***@db:5432/app"
    );
    assert_eq!(redact_url("sqlite://data/tali.db"), "sqlite://data/tali.db");
    assert_eq!(
        format!("{:?}", ConnectionUrl::from("redis://:secret@cache:6379")),
        "\"redis://***@cache:6379\""
    );
}

#[test]
fn rust_log_is_checked_at_start() {
    assert_eq!(
        settings(&[]).unwrap().server.log_filter,
        "info,sqlx=warn,sea_orm=warn,tower_http=info"
    );
    assert!(error(&[("RUST_LOG", "info,sqlx=loud")]).contains("RUST_LOG"));
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
