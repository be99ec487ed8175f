//! Reading single variables: blank means unset, and every failure names the variable.

use std::collections::HashMap;
use std::time::Duration;

use secrecy::SecretString;

use super::{ConfigError, invalid};

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
    pub(super) fn get(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    pub(super) fn secret(&self, name: &str) -> Option<SecretString> {
        self.get(name).map(SecretString::from)
    }

    /// The first of `names` that is set, for messages about settings that need each other.
    pub(super) fn first_set<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|name| self.get(name).is_some())
    }

    pub(super) fn parse<T: std::str::FromStr>(
        &self,
        name: &'static str,
        default: T,
    ) -> Result<T, ConfigError>
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

    /// A whole number from 1 to `max`, `default` when unset.
    pub(super) fn bounded(
        &self,
        name: &'static str,
        default: u64,
        max: u64,
    ) -> Result<u64, ConfigError> {
        let value = self.parse(name, default)?;
        if value == 0 || value > max {
            return Err(invalid(name, format!("must be between 1 and {max}")));
        }
        Ok(value)
    }

    /// Whole seconds from 1 to `max_seconds`, `default` when unset.
    pub(super) fn seconds(
        &self,
        name: &'static str,
        default: Duration,
        max_seconds: u64,
    ) -> Result<Duration, ConfigError> {
        self.bounded(name, default.as_secs(), max_seconds)
            .map(Duration::from_secs)
    }

    /// One of the named `choices`, `default` when unset.
    pub(super) fn choice<T: Copy>(
        &self,
        name: &'static str,
        default: T,
        choices: &[(&str, T)],
    ) -> Result<T, ConfigError> {
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        match choices.iter().find(|(word, _)| *word == raw) {
            Some((_, value)) => Ok(*value),
            None => {
                let words: Vec<&str> = choices.iter().map(|(word, _)| *word).collect();
                Err(invalid(
                    name,
                    format!("must be {}, not {raw:?}", words.join(" or ")),
                ))
            }
        }
    }

    /// An `http://` or `https://` URL, `None` when unset.
    pub(super) fn http_url(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        validate_http_url(name, &value)?;
        Ok(Some(value))
    }
}

pub(super) fn validate_http_url(name: &'static str, value: &str) -> Result<(), ConfigError> {
    let parsed = url::Url::parse(value).map_err(|e| invalid(name, format!("{value:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(name, "must be an http:// or https:// URL"));
    }
    Ok(())
}
