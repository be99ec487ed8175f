//! The app's database and Redis, and the URLs that reach them.

use std::fmt;
use std::path::Path;

use super::env::Env;
use super::{ConfigError, invalid};

/// A database or Redis URL. Its `Debug` hides the user-info part, which may hold a password.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionUrl(String);

impl ConnectionUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file of a SQLite URL (`None` for PostgreSQL and in-memory databases).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        let rest = self
            .0
            .strip_prefix("sqlite://")
            .or(self.0.strip_prefix("sqlite:"))?;
        let file = rest.split('?').next().unwrap_or(rest);
        (!file.is_empty() && !file.starts_with(":memory:")).then(|| file.into())
    }
}

impl From<&str> for ConnectionUrl {
    fn from(url: &str) -> Self {
        Self(url.to_string())
    }
}

impl From<String> for ConnectionUrl {
    fn from(url: String) -> Self {
        Self(url)
    }
}

impl fmt::Debug for ConnectionUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&redact_url(&self.0), f)
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

#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    pub url: ConnectionUrl,
    /// PostgreSQL connections per process; SQLite keeps a small pool of its own.
    pub pool_size: u32,
    /// Whether `tali serve` applies pending migrations before it listens.
    pub migrate_on_start: bool,
}

/// Redis, when `REDIS_URL` is set: background jobs live there and `/health` checks it.
#[derive(Clone, Debug)]
pub struct RedisSettings {
    pub url: ConnectionUrl,
}

pub(super) fn settings(env: &Env, data_dir: &Path) -> Result<DatabaseSettings, ConfigError> {
    let url = match env.get("DATABASE_URL") {
        Some(url) => normalize_database_url(&url)?,
        None => default_sqlite_url(data_dir)?,
    };
    Ok(DatabaseSettings {
        url: url.into(),
        pool_size: env.bounded("DATABASE_POOL_SIZE", 10, 500)? as u32,
        migrate_on_start: env.parse("TALI_MIGRATE_ON_START", true)?,
    })
}

pub(super) fn redis_settings(env: &Env) -> Result<Option<RedisSettings>, ConfigError> {
    let Some(url) = env.get("REDIS_URL") else {
        return Ok(None);
    };
    if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
        return Err(invalid(
            "REDIS_URL",
            "must start with redis:// or rediss://",
        ));
    }
    // The URL may hold a password, so it stays out of the message.
    url::Url::parse(&url).map_err(|e| invalid("REDIS_URL", format!("is not a URL: {e}")))?;
    Ok(Some(RedisSettings { url: url.into() }))
}

/// Railway and Heroku hand out `postgres://`; SQLite files need `mode=rwc` so the first start creates them.
pub(super) fn normalize_database_url(url: &str) -> Result<String, ConfigError> {
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
