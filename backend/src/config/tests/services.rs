//! The settings of the services TALI talks to: sandbox, AI provider, email, integrations, the job queue.

use super::*;

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
