//! The HTTP server: where it listens, the URLs it hands out, whom it trusts, and the key that signs sessions.

use std::net::IpAddr;
use std::path::Path;

use rand::RngCore;
use secrecy::SecretString;

use super::env::{Env, validate_http_url};
use super::{ConfigError, invalid};

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

/// sqlx logs every statement at INFO: keep it to warnings unless `RUST_LOG` says otherwise.
const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn,sea_orm=warn,tower_http=info";

/// The minimum length of `SECRET_KEY` in production: HS256 keys shorter than the hash are guessable.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Clone, Debug)]
pub struct ServerSettings {
    pub environment: Environment,
    pub host: IpAddr,
    pub port: u16,
    /// The web app's origin (password-reset links, CORS), without a trailing slash.
    pub frontend_url: String,
    /// Base of candidate links, without a trailing slash.
    pub public_url: String,
    /// Only requests from these addresses have `X-Forwarded-For` believed.
    pub trusted_proxies: Vec<IpAddr>,
    pub log_format: LogFormat,
    /// Which log events are written (`RUST_LOG`'s directives), checked at start.
    pub log_filter: String,
    /// Requests per minute allowed on login and forgot-password, per client address and per email.
    pub auth_rate_limit_per_minute: u32,
    pub bcrypt_cost: u32,
    /// How long an access token lasts, in minutes (5 to 1440); the refresh cookie renews it.
    pub access_token_minutes: u32,
    /// How long a refresh token (the cookie that renews access tokens) lasts without being used.
    pub refresh_token_days: u32,
    /// Signs access tokens (HS256).
    pub secret_key: SecretString,
    /// The key `SECRET_KEY` replaced: still accepted to verify tokens, never used to sign.
    pub secret_key_previous: Option<SecretString>,
}

pub(super) fn settings(env: &Env, data_dir: &Path) -> Result<ServerSettings, ConfigError> {
    let environment = env.choice(
        "TALI_ENV",
        Environment::Development,
        &[
            ("development", Environment::Development),
            ("production", Environment::Production),
        ],
    )?;
    let port = env.parse("PORT", 8000u16)?;
    let host = env.parse("HOST", IpAddr::from([127, 0, 0, 1]))?;
    let secret_key = resolve_secret(environment, env.get("SECRET_KEY"), data_dir)?;
    let secret_key_previous = env
        .get("SECRET_KEY_PREVIOUS")
        .map(|key| strong_enough(environment, "SECRET_KEY_PREVIOUS", key))
        .transpose()?;
    let frontend_url = env
        .get("FRONTEND_URL")
        .unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
    let public_url = env
        .get("PUBLIC_URL")
        .unwrap_or_else(|| frontend_url.clone());
    for (name, value) in [("FRONTEND_URL", &frontend_url), ("PUBLIC_URL", &public_url)] {
        validate_http_url(name, value)?;
    }
    let default_log_format = match environment {
        Environment::Production => LogFormat::Json,
        Environment::Development => LogFormat::Pretty,
    };
    let log_format = env.choice(
        "LOG_FORMAT",
        default_log_format,
        &[("json", LogFormat::Json), ("pretty", LogFormat::Pretty)],
    )?;
    let log_filter = env
        .get("RUST_LOG")
        .unwrap_or_else(|| DEFAULT_LOG_FILTER.into());
    tracing_subscriber::EnvFilter::try_new(&log_filter)
        .map_err(|e| invalid("RUST_LOG", format!("cannot parse {log_filter:?}: {e}")))?;
    let trusted_proxies = env
        .get("TRUSTED_PROXIES")
        .map(|raw| parse_ip_list(&raw))
        .transpose()?
        .unwrap_or_default();
    Ok(ServerSettings {
        environment,
        host,
        port,
        frontend_url: trim_slash(frontend_url),
        public_url: trim_slash(public_url),
        trusted_proxies,
        log_format,
        log_filter,
        auth_rate_limit_per_minute: env.parse("AUTH_RATE_LIMIT_PER_MINUTE", 10u32)?,
        bcrypt_cost: bcrypt_cost(env)?,
        access_token_minutes: access_token_minutes(env)?,
        refresh_token_days: env.bounded("REFRESH_TOKEN_DAYS", 14, 90)? as u32,
        secret_key,
        secret_key_previous,
    })
}

fn access_token_minutes(env: &Env) -> Result<u32, ConfigError> {
    let minutes = env.parse(
        "ACCESS_TOKEN_MINUTES",
        crate::auth::jwt::DEFAULT_ACCESS_TOKEN_MINUTES,
    )?;
    // Shorter than 5 minutes makes every page a refresh; longer than a day defeats the refresh token's revocation.
    if !(5..=1440).contains(&minutes) {
        return Err(invalid(
            "ACCESS_TOKEN_MINUTES",
            "must be between 5 and 1440",
        ));
    }
    Ok(minutes)
}

fn bcrypt_cost(env: &Env) -> Result<u32, ConfigError> {
    let cost = env.parse("BCRYPT_COST", crate::auth::password::DEFAULT_COST)?;
    if !(4..=31).contains(&cost) {
        return Err(invalid("BCRYPT_COST", "must be between 4 and 31"));
    }
    Ok(cost)
}

fn trim_slash(url: String) -> String {
    url.trim_end_matches('/').to_string()
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

/// Production demands a strong explicit key. Development generates one on first start and keeps it under the
/// data directory, so sessions survive restarts without anyone inventing a weak key.
fn resolve_secret(
    environment: Environment,
    given: Option<String>,
    data_dir: &Path,
) -> Result<SecretString, ConfigError> {
    match (environment, given) {
        (Environment::Production, None) => Err(invalid(
            "SECRET_KEY",
            format!(
                "is required when TALI_ENV=production (use at least {MIN_SECRET_BYTES} random bytes, e.g. `openssl rand -hex 32`)"
            ),
        )),
        (_, Some(key)) => strong_enough(environment, "SECRET_KEY", key),
        (Environment::Development, None) => development_secret(data_dir).map(SecretString::from),
    }
}

/// Production keys must be long enough to resist guessing; development takes what it is given.
fn strong_enough(
    environment: Environment,
    name: &'static str,
    key: String,
) -> Result<SecretString, ConfigError> {
    if environment == Environment::Production && key.len() < MIN_SECRET_BYTES {
        return Err(invalid(
            name,
            format!(
                "is {} bytes; production needs at least {MIN_SECRET_BYTES} (e.g. `openssl rand -hex 32`)",
                key.len()
            ),
        ));
    }
    Ok(key.into())
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
