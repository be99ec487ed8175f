//! Bad values name the setting, and secrets and credentials never reach the output.

use super::*;

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
