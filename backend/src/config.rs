//! Every setting, read from the environment once at start and validated, so a misconfiguration stops the
//! process with a message instead of failing on the first request that needs it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::RngCore;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
    #[error("could not prepare {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn invalid(name: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        message: message.into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SandboxProvider {
    Local,
    E2b,
}

/// Where background jobs are stored: Redis when `REDIS_URL` is set, else beside the app's database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobStore {
    Redis(String),
    /// The app's own PostgreSQL database (its connection pool is shared).
    Postgres,
    /// A SQLite file of its own (`JOBS_DATABASE_URL`): SQLite has one writer, so job polling stays off the app's file.
    Sqlite(String),
}

/// How background jobs run and retry.
#[derive(Clone, Debug)]
pub struct JobSettings {
    pub store: JobStore,
    /// Namespaces the queue, so several deployments (or test runs) can share one Redis.
    pub queue: String,
    /// Whether `tali serve` runs a worker in its own process (`TALI_WORKER`).
    pub run_worker: bool,
    pub concurrency: usize,
    /// Attempts in total, the first included, before a job is recorded in `failed_jobs`.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further one.
    pub retry_delay: Duration,
}

/// The minimum length of `SECRET_KEY` in production: HS256 keys shorter than the hash are guessable.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Clone)]
pub struct Settings {
    pub environment: Environment,
    pub port: u16,
    pub host: IpAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// PostgreSQL connections per process (`DATABASE_POOL_SIZE`); SQLite keeps a small pool of its own.
    pub database_pool_size: u32,
    pub redis_url: Option<String>,
    pub secret_key: String,
    pub frontend_url: String,
    pub public_url: String,
    pub log_format: LogFormat,
    pub trusted_proxies: Vec<IpAddr>,
    pub sandbox_provider: SandboxProvider,
    pub sandbox_runtime_dir: PathBuf,
    pub sandbox_workspaces_dir: PathBuf,
    pub sandbox_max_concurrent: Option<usize>,
    /// Wall-clock limit of one run of the candidate's code.
    pub sandbox_run_timeout: Duration,
    /// Wall-clock limit of one pytest run (visible tests, hidden tests at submit, a task's proof).
    pub sandbox_tests_timeout: Duration,
    pub e2b_api_key: Option<String>,
    pub e2b_api_url: Option<String>,
    pub e2b_domain: Option<String>,
    pub anthropic_api_key: Option<String>,
    pub anthropic_base_url: Option<String>,
    pub anthropic_model: String,
    pub openai_base_url: Option<String>,
    pub openai_api_key: Option<String>,
    pub openai_model: Option<String>,
    pub stripe_api_key: Option<String>,
    pub stripe_webhook_secret: Option<String>,
    pub stripe_api_base: Option<String>,
    pub resend_api_key: Option<String>,
    pub resend_api_url: Option<String>,
    pub email_from: String,
    pub smtp_url: Option<String>,
    pub workable_client_id: Option<String>,
    pub workable_client_secret: Option<String>,
    pub workable_api_base: Option<String>,
    /// Where errors and panics are reported (`SENTRY_DSN`); unset, nothing leaves the process.
    pub sentry_dsn: Option<sentry::types::Dsn>,
    /// Requests per minute allowed on login and forgot-password, per client address and per email.
    pub auth_rate_limit_per_minute: u32,
    pub run_migrations_on_start: bool,
    pub bcrypt_cost: u32,
    pub jobs: JobSettings,
}

impl std::fmt::Debug for Settings {
    // Hand-written so secrets can never reach a log line through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("environment", &self.environment)
            .field("port", &self.port)
            .field("database", &redact_url(&self.database_url))
            .field("redis", &self.redis_url.as_deref().map(redact_url))
            .field("public_url", &self.public_url)
            .field("sandbox_provider", &self.sandbox_provider)
            .field("jobs", &self.jobs.store.redacted())
            .field("worker", &self.jobs.run_worker)
            .finish_non_exhaustive()
    }
}

/// Drops the user-info part of a URL (`postgres://user:pass@host/db` → `postgres://***@host/db`).
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***{}", &url[..scheme_end], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// A view of the environment, so tests can build settings without touching the process environment.
pub struct Env(HashMap<String, String>);

impl Env {
    pub fn from_process() -> Self {
        Self(std::env::vars().collect())
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// A set, non-blank value; blank counts as unset so `FOO=` in a `.env` file disables FOO.
    fn get(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn parse<T: std::str::FromStr>(&self, name: &'static str, default: T) -> Result<T, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(name) {
            None => Ok(default),
            Some(raw) => raw
                .parse()
                .map_err(|e| invalid(name, format!("cannot parse {raw:?}: {e}"))),
        }
    }
}

impl Settings {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let environment = match env.get("TALI_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(invalid(
                    "TALI_ENV",
                    format!("must be development or production, not {other:?}"),
                ));
            }
        };
        let port = env.parse("PORT", 8000u16)?;
        let host = env.parse("HOST", IpAddr::from([127, 0, 0, 1]))?;
        let data_dir = PathBuf::from(env.get("TALI_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match env.get("DATABASE_URL") {
            Some(url) => normalize_database_url(&url)?,
            None => default_sqlite_url(&data_dir)?,
        };
        let secret_key = resolve_secret(environment, env.get("SECRET_KEY"), &data_dir)?;
        let local_url = format!("http://127.0.0.1:{port}");
        let frontend_url = env.get("FRONTEND_URL").unwrap_or_else(|| local_url.clone());
        let public_url = env
            .get("PUBLIC_URL")
            .unwrap_or_else(|| frontend_url.clone());
        for (name, value) in [("FRONTEND_URL", &frontend_url), ("PUBLIC_URL", &public_url)] {
            validate_http_url(name, value)?;
        }
        let log_format = match env.get("LOG_FORMAT").as_deref() {
            Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            None if environment == Environment::Production => LogFormat::Json,
            None => LogFormat::Pretty,
            Some(other) => {
                return Err(invalid(
                    "LOG_FORMAT",
                    format!("must be json or pretty, not {other:?}"),
                ));
            }
        };
        let trusted_proxies = env
            .get("TRUSTED_PROXIES")
            .map(|raw| parse_ip_list(&raw))
            .transpose()?
            .unwrap_or_default();
        let sandbox_provider = match env.get("SANDBOX_PROVIDER").as_deref() {
            None | Some("local") => SandboxProvider::Local,
            Some("e2b") => SandboxProvider::E2b,
            Some(other) => {
                return Err(invalid(
                    "SANDBOX_PROVIDER",
                    format!("must be local or e2b, not {other:?}"),
                ));
            }
        };
        let e2b_api_key = env.get("E2B_API_KEY");
        if sandbox_provider == SandboxProvider::E2b && e2b_api_key.is_none() {
            return Err(invalid(
                "E2B_API_KEY",
                "is required when SANDBOX_PROVIDER=e2b",
            ));
        }
        let stripe_api_key = env.get("STRIPE_API_KEY");
        let stripe_webhook_secret = env.get("STRIPE_WEBHOOK_SECRET");
        if stripe_api_key.is_some()
            && stripe_webhook_secret.is_none()
            && environment == Environment::Production
        {
            return Err(invalid(
                "STRIPE_WEBHOOK_SECRET",
                "is required in production when STRIPE_API_KEY is set (webhooks must be verified)",
            ));
        }
        let redis_url = env.get("REDIS_URL");
        if let Some(url) = &redis_url
            && !(url.starts_with("redis://") || url.starts_with("rediss://"))
        {
            return Err(invalid(
                "REDIS_URL",
                "must start with redis:// or rediss://",
            ));
        }
        let jobs = job_settings(env, redis_url.as_deref(), &database_url)?;
        let database_pool_size = positive(env, "DATABASE_POOL_SIZE", 10, 500)? as u32;
        Ok(Self {
            jobs,
            database_pool_size,
            environment,
            port,
            host,
            database_url,
            redis_url,
            secret_key,
            frontend_url: trim_slash(frontend_url),
            public_url: trim_slash(public_url),
            log_format,
            trusted_proxies,
            sandbox_provider,
            sandbox_runtime_dir: absolute(
                env.get("SANDBOX_RUNTIME_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| data_dir.join("sandbox-runtime")),
            ),
            sandbox_workspaces_dir: absolute(
                env.get("SANDBOX_WORKSPACES_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| data_dir.join("sandbox-workspaces")),
            ),
            sandbox_max_concurrent: env
                .get("SANDBOX_MAX_CONCURRENT")
                .map(|v| {
                    v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        invalid("SANDBOX_MAX_CONCURRENT", "must be a positive number")
                    })
                })
                .transpose()?,
            sandbox_run_timeout: Duration::from_secs(positive(
                env,
                "SANDBOX_RUN_TIMEOUT_SECONDS",
                20,
                600,
            )?),
            sandbox_tests_timeout: Duration::from_secs(positive(
                env,
                "SANDBOX_TESTS_TIMEOUT_SECONDS",
                60,
                900,
            )?),
            e2b_api_key,
            e2b_api_url: env.get("E2B_API_URL"),
            e2b_domain: env.get("E2B_DOMAIN"),
            anthropic_api_key: env.get("ANTHROPIC_API_KEY"),
            anthropic_base_url: env.get("ANTHROPIC_BASE_URL"),
            anthropic_model: env
                .get("ANTHROPIC_MODEL")
                .unwrap_or_else(|| "claude-sonnet-4-6".into()),
            openai_base_url: env.get("OPENAI_BASE_URL"),
            openai_api_key: env.get("OPENAI_API_KEY"),
            openai_model: env.get("OPENAI_MODEL"),
            stripe_api_key,
            stripe_webhook_secret,
            stripe_api_base: env.get("STRIPE_API_BASE"),
            resend_api_key: env.get("RESEND_API_KEY"),
            resend_api_url: env.get("RESEND_API_URL"),
            email_from: env
                .get("EMAIL_FROM")
                .unwrap_or_else(|| "TALI <no-reply@tali.local>".into()),
            smtp_url: env.get("SMTP_URL"),
            workable_client_id: env.get("WORKABLE_CLIENT_ID"),
            workable_client_secret: env.get("WORKABLE_CLIENT_SECRET"),
            workable_api_base: env.get("WORKABLE_API_BASE"),
            sentry_dsn: env
                .get("SENTRY_DSN")
                .map(|dsn| {
                    dsn.parse().map_err(|_| {
                        invalid(
                            "SENTRY_DSN",
                            "must be a Sentry DSN like https://<key>@<host>/<project>",
                        )
                    })
                })
                .transpose()?,
            auth_rate_limit_per_minute: env.parse("AUTH_RATE_LIMIT_PER_MINUTE", 10u32)?,
            run_migrations_on_start: env.parse("TALI_MIGRATE_ON_START", true)?,
            bcrypt_cost: bcrypt_cost(env)?,
            data_dir,
        })
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    pub fn candidate_link(&self, token: &str) -> String {
        format!("{}/#/assess/{token}", self.public_url)
    }

    pub fn reset_link(&self, token: &str) -> String {
        format!("{}/#/reset-password?token={token}", self.frontend_url)
    }
}

impl JobStore {
    fn redacted(&self) -> String {
        match self {
            Self::Redis(url) => format!("redis {}", redact_url(url)),
            Self::Postgres => "postgres (the app database)".into(),
            Self::Sqlite(url) => format!("sqlite {url}"),
        }
    }
}

fn job_settings(
    env: &Env,
    redis_url: Option<&str>,
    database_url: &str,
) -> Result<JobSettings, ConfigError> {
    let sqlite_url = match env.get("JOBS_DATABASE_URL") {
        Some(url) if url.starts_with("sqlite:") => normalize_database_url(&url)?,
        Some(_) => {
            return Err(invalid(
                "JOBS_DATABASE_URL",
                "must be a sqlite: URL (jobs use Redis with REDIS_URL, or PostgreSQL with a postgres DATABASE_URL)",
            ));
        }
        None => sibling_jobs_database(database_url),
    };
    let store = match redis_url {
        Some(url) => JobStore::Redis(url.to_string()),
        None if database_url.starts_with("postgres") => JobStore::Postgres,
        None => JobStore::Sqlite(sqlite_url),
    };
    let run_worker = match env.get("TALI_WORKER").as_deref() {
        None | Some("on") => true,
        Some("off") => false,
        Some(other) => {
            return Err(invalid(
                "TALI_WORKER",
                format!("must be on or off, not {other:?}"),
            ));
        }
    };
    let queue = env.get("JOBS_QUEUE").unwrap_or_else(|| "tali".into());
    if !queue
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
    {
        return Err(invalid(
            "JOBS_QUEUE",
            "may hold only letters, digits and - _ : .",
        ));
    }
    Ok(JobSettings {
        store,
        queue,
        run_worker,
        concurrency: positive(env, "TALI_WORKER_CONCURRENCY", 4, 256)? as usize,
        // Redis re-queues failed jobs on its own below 25 attempts; our limit must stay under it.
        max_attempts: positive(env, "JOBS_MAX_ATTEMPTS", 5, 20)? as u32,
        retry_delay: Duration::from_millis(positive(
            env,
            "JOBS_RETRY_DELAY_MS",
            10_000,
            3_600_000,
        )?),
    })
}

/// A whole number from 1 to `max`, `default` when unset.
fn positive(env: &Env, name: &'static str, default: u64, max: u64) -> Result<u64, ConfigError> {
    let value = env.parse(name, default)?;
    if value == 0 || value > max {
        return Err(invalid(name, format!("must be between 1 and {max}")));
    }
    Ok(value)
}

/// `sqlite://data/tali.db?mode=rwc` keeps its jobs in `sqlite://data/tali-jobs.db?mode=rwc`.
fn sibling_jobs_database(database_url: &str) -> String {
    let (path, query) = database_url
        .split_once('?')
        .map_or((database_url, None), |(p, q)| (p, Some(q)));
    if path.contains(":memory:") {
        return database_url.to_string();
    }
    let stem = path.strip_suffix(".db").unwrap_or(path);
    match query {
        Some(q) => format!("{stem}-jobs.db?{q}"),
        None => format!("{stem}-jobs.db"),
    }
}

fn bcrypt_cost(env: &Env) -> Result<u32, ConfigError> {
    let cost = env.parse("BCRYPT_COST", crate::auth::password::DEFAULT_COST)?;
    if !(4..=31).contains(&cost) {
        return Err(invalid("BCRYPT_COST", "must be between 4 and 31"));
    }
    Ok(cost)
}

/// The sandbox binds these paths into its mount namespace, which needs absolute paths.
fn absolute(path: PathBuf) -> PathBuf {
    if path.is_absolute() {
        path
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(&path))
            .unwrap_or(path)
    }
}

fn trim_slash(url: String) -> String {
    url.trim_end_matches('/').to_string()
}

fn validate_http_url(name: &'static str, value: &str) -> Result<(), ConfigError> {
    let parsed = url::Url::parse(value).map_err(|e| invalid(name, format!("{value:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(name, "must be an http:// or https:// URL"));
    }
    Ok(())
}

fn parse_ip_list(raw: &str) -> Result<Vec<IpAddr>, ConfigError> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| invalid("TRUSTED_PROXIES", format!("{s:?} is not an IP address")))
        })
        .collect()
}

/// Railway and Heroku hand out `postgres://`; SQLite files need `mode=rwc` so the first start creates them.
fn normalize_database_url(url: &str) -> Result<String, ConfigError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_string());
    }
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))
    {
        if path.contains("mode=") || path.starts_with(":memory:") {
            return Ok(url.to_string());
        }
        let file = path.split('?').next().unwrap_or(path);
        ensure_parent_dir(Path::new(file))?;
        let separator = if path.contains('?') { '&' } else { '?' };
        return Ok(format!("sqlite://{path}{separator}mode=rwc"));
    }
    Err(invalid(
        "DATABASE_URL",
        "must start with postgres://, postgresql:// or sqlite:",
    ))
}

fn default_sqlite_url(data_dir: &Path) -> Result<String, ConfigError> {
    let file = data_dir.join("tali.db");
    ensure_parent_dir(&file)?;
    Ok(format!("sqlite://{}?mode=rwc", file.display()))
}

fn ensure_parent_dir(file: &Path) -> Result<(), ConfigError> {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| ConfigError::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// Production demands a strong explicit key. Development generates one on first start and keeps it under the
/// data directory, so sessions survive restarts without anyone inventing a weak key.
fn resolve_secret(
    environment: Environment,
    given: Option<String>,
    data_dir: &Path,
) -> Result<String, ConfigError> {
    match (environment, given) {
        (Environment::Production, None) => Err(invalid(
            "SECRET_KEY",
            format!(
                "is required when TALI_ENV=production (use at least {MIN_SECRET_BYTES} random bytes, e.g. `openssl rand -hex 32`)"
            ),
        )),
        (Environment::Production, Some(key)) if key.len() < MIN_SECRET_BYTES => Err(invalid(
            "SECRET_KEY",
            format!(
                "is {} bytes; production needs at least {MIN_SECRET_BYTES} (e.g. `openssl rand -hex 32`)",
                key.len()
            ),
        )),
        (_, Some(key)) => Ok(key),
        (Environment::Development, None) => development_secret(data_dir),
    }
}

fn development_secret(data_dir: &Path) -> Result<String, ConfigError> {
    let path = data_dir.join("secret_key");
    let io_error = |source| ConfigError::Io {
        path: path.clone(),
        source,
    };
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= MIN_SECRET_BYTES {
            return Ok(existing.to_string());
        }
    }
    std::fs::create_dir_all(data_dir).map_err(io_error)?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let key = hex::encode(bytes);
    write_private_file(&path, &key).map_err(io_error)?;
    Ok(key)
}

fn write_private_file(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let dir = std::env::temp_dir().join(format!("tali-config-{}", uuid::Uuid::new_v4()));
        let dir = dir.to_string_lossy().to_string();
        let mut all = vec![("TALI_DATA_DIR", dir.as_str())];
        all.extend_from_slice(pairs);
        Settings::from_env(&Env::from_pairs(all))
    }

    #[test]
    fn production_without_secret_refuses_to_start() {
        let err = settings(&[("TALI_ENV", "production")]).unwrap_err();
        assert!(err.to_string().contains("SECRET_KEY: is required"), "{err}");
    }

    #[test]
    fn production_with_short_secret_refuses_to_start() {
        let err = settings(&[("TALI_ENV", "production"), ("SECRET_KEY", "short")]).unwrap_err();
        assert!(err.to_string().contains("at least 32"), "{err}");
    }

    #[test]
    fn development_generates_and_keeps_a_secret() {
        let dir = std::env::temp_dir().join(format!("tali-config-{}", uuid::Uuid::new_v4()));
        let env = Env::from_pairs([("TALI_DATA_DIR", dir.to_str().unwrap())]);
        let first = Settings::from_env(&env).unwrap().secret_key;
        let second = Settings::from_env(&env).unwrap().secret_key;
        assert_eq!(first, second);
        assert!(first.len() >= MIN_SECRET_BYTES);
    }

    #[test]
    fn defaults_are_the_embedded_ones() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.port, 8000);
        assert!(s.database_url.starts_with("sqlite://"));
        assert!(s.database_url.ends_with("tali.db?mode=rwc"));
        assert_eq!(s.sandbox_provider, SandboxProvider::Local);
        assert_eq!(s.public_url, "http://127.0.0.1:8000");
        assert_eq!(s.anthropic_model, "claude-sonnet-4-6");
    }

    #[test]
    fn bad_values_name_the_setting() {
        for (pairs, needle) in [
            (vec![("PORT", "eighty")], "PORT"),
            (vec![("SANDBOX_PROVIDER", "docker")], "SANDBOX_PROVIDER"),
            (vec![("SANDBOX_PROVIDER", "e2b")], "E2B_API_KEY"),
            (vec![("DATABASE_URL", "mysql://x")], "DATABASE_URL"),
            (
                vec![("TRUSTED_PROXIES", "10.0.0.1,nope")],
                "TRUSTED_PROXIES",
            ),
            (vec![("PUBLIC_URL", "ftp://x")], "PUBLIC_URL"),
            (vec![("LOG_FORMAT", "xml")], "LOG_FORMAT"),
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
        ] {
            let err = settings(&pairs).unwrap_err().to_string();
            assert!(err.starts_with(needle), "{err}");
        }
    }

    #[test]
    fn jobs_live_in_redis_or_beside_the_database() {
        let dir = std::env::temp_dir().join(format!("tali-config-{}", uuid::Uuid::new_v4()));
        let app_db = format!("sqlite://{}/app.db", dir.display());
        let sqlite = settings(&[("DATABASE_URL", app_db.as_str())]).unwrap();
        assert_eq!(
            sqlite.jobs.store,
            JobStore::Sqlite(format!("sqlite://{}/app-jobs.db?mode=rwc", dir.display()))
        );
        assert!(sqlite.jobs.run_worker);
        let postgres = settings(&[("DATABASE_URL", "postgres://db/app")]).unwrap();
        assert_eq!(postgres.jobs.store, JobStore::Postgres);
        let redis = settings(&[
            ("DATABASE_URL", "postgres://db/app"),
            ("REDIS_URL", "redis://cache:6379"),
            ("TALI_WORKER", "off"),
        ])
        .unwrap();
        assert_eq!(
            redis.jobs.store,
            JobStore::Redis("redis://cache:6379".into())
        );
        assert!(!redis.jobs.run_worker);
    }

    #[test]
    fn urls_are_redacted_for_logs() {
        assert_eq!(
            redact_url("postgres://u:secret@db:5432/app"),
            "postgres://***@db:5432/app"
        );
        assert_eq!(redact_url("sqlite://data/tali.db"), "sqlite://data/tali.db");
    }
}
