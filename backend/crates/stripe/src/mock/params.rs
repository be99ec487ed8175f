//! Reading decoded form parameters with Stripe's checks and error messages. Every leaf arrives
//! as a string; Stripe parses booleans and integers itself and refuses unknown parameters.

use serde_json::{Map, Value};

use super::errors::ApiError;

/// The request's parameters (form body, or query string for GET/DELETE), set by the gate.
#[derive(Debug, Clone)]
pub(crate) struct Params(pub Value);

/// Refuses any parameter of `object` not in `allowed`, naming it with `prefix` (`line_items[0]`).
pub(crate) fn allow_only(object: &Value, prefix: &str, allowed: &[&str]) -> Result<(), ApiError> {
    let Some(fields) = object.as_object() else {
        return Ok(());
    };
    match fields.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(unknown) => {
            let name = if prefix.is_empty() {
                unknown.clone()
            } else {
                format!("{prefix}[{unknown}]")
            };
            Err(ApiError::invalid(
                format!("Received unknown parameter: {name}"),
                Some(&name),
            ))
        }
        None => Ok(()),
    }
}

pub(crate) fn string<'a>(params: &'a Value, name: &str) -> Option<&'a str> {
    params.get(name).and_then(Value::as_str)
}

pub(crate) fn required<'a>(
    params: &'a Value,
    name: &str,
    full_name: &str,
) -> Result<&'a str, ApiError> {
    match string(params, name) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(ApiError::missing_param(full_name)),
    }
}

pub(crate) fn boolean(params: &Value, name: &str) -> Result<Option<bool>, ApiError> {
    match string(params, name) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(ApiError::invalid(
            format!("Invalid boolean: {other}"),
            Some(name),
        )),
    }
}

pub(crate) fn integer(
    params: &Value,
    name: &str,
    full_name: &str,
) -> Result<Option<i64>, ApiError> {
    match string(params, name) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| ApiError::invalid(format!("Invalid integer: {text}"), Some(full_name))),
    }
}

/// `metadata[...]` as a JSON object of strings; `{}` when absent.
pub(crate) fn metadata(params: &Value, full_name: &str) -> Result<Map<String, Value>, ApiError> {
    match params.get("metadata") {
        None => Ok(Map::new()),
        Some(Value::Object(fields)) if fields.values().all(Value::is_string) => Ok(fields.clone()),
        // `metadata=` (empty) clears it, as in Stripe.
        Some(Value::String(empty)) if empty.is_empty() => Ok(Map::new()),
        Some(_) => Err(ApiError::invalid(
            "Invalid object: metadata must be a hash of string keys and string values",
            Some(full_name),
        )),
    }
}

/// An absolute http(s) URL, as Stripe requires for `success_url` and friends.
pub(crate) fn url<'a>(params: &'a Value, name: &str) -> Result<Option<&'a str>, ApiError> {
    match string(params, name) {
        None => Ok(None),
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => Ok(Some(url)),
        Some(_) => Err(ApiError::invalid(
            format!("Invalid URL: {name} must be an absolute http(s) URL"),
            Some(name),
        )),
    }
}
