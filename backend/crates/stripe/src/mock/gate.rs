//! What every `/v1` request goes through before a handler sees it: the API key, form parsing,
//! the pinned version, injected faults, then idempotency replay. Also adds
//! `Request-Id` and `Stripe-Version` to every answer and records the request for assertions.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Serialize;
use serde_json::{Value, json};

use super::errors::ApiError;
use super::form;
use super::params::Params;
use super::state::{IdempotentEntry, Shared};
use crate::STRIPE_VERSION;

/// Far above anything our client sends; Stripe's own limit is in the same range.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A `/v1` request as the mock received it, with the answer's status.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    pub request_id: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Lower-case names.
    pub headers: HashMap<String, String>,
    /// The raw body as sent.
    pub body: String,
    /// The form body (or query) decoded like Stripe does; `null` if it could not be.
    pub params: Value,
    pub status: u16,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// Who caused an object change; copied into the `request` field of the events it triggers.
#[derive(Debug, Clone)]
pub(crate) struct RequestContext {
    pub request_id: String,
    pub idempotency_key: Option<String>,
}

pub(crate) async fn gate(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let request_id = shared.state().next_request_id();
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let mut record = RecordedRequest {
        request_id: request_id.clone(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: header_map(&parts.headers),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        params: Value::Null,
        status: 0,
    };
    let version = header(&parts.headers, "stripe-version")
        .unwrap_or(STRIPE_VERSION)
        .to_owned();

    let mut response = admit_and_run(&shared, parts, bytes, next, &mut record).await;

    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::try_from(request_id) {
        headers.insert("request-id", value);
    }
    if let Ok(value) = HeaderValue::try_from(version) {
        headers.insert("stripe-version", value);
    }
    record.status = response.status().as_u16();
    shared.state().requests.push(record);
    response
}

async fn admit_and_run(
    shared: &Arc<Shared>,
    parts: Parts,
    bytes: Bytes,
    next: Next,
    record: &mut RecordedRequest,
) -> Response {
    if let Err(error) = check_api_key(&parts.headers) {
        return error.into_response();
    }
    let params = match read_params(&parts, &bytes) {
        Ok(params) => params,
        Err(error) => return error.into_response(),
    };
    record.params = params.clone();
    if shared.options.strict_version
        && let Err(error) = check_version(&parts.headers)
    {
        return error.into_response();
    }
    let fault = shared.state().faults.pop_front();
    if let Some(fault) = fault {
        return fault.respond().await;
    }

    // Stripe only honours idempotency keys on POST; GET and DELETE are idempotent already.
    let idempotency_key = (parts.method == Method::POST)
        .then(|| header(&parts.headers, "idempotency-key").map(str::to_owned))
        .flatten();
    let fingerprint = json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "params": params,
    });
    if let Some(key) = &idempotency_key
        && let Some(earlier) = claim_key(shared, key, &fingerprint)
    {
        return earlier;
    }

    let context = RequestContext {
        request_id: record.request_id.clone(),
        idempotency_key: idempotency_key.clone(),
    };
    let mut request = Request::from_parts(parts, Body::from(bytes));
    request.extensions_mut().insert(Params(params));
    request.extensions_mut().insert(context);
    let response = next.run(request).await;

    match idempotency_key {
        Some(key) => remember_answer(shared, key, response).await,
        None => response,
    }
}

/// The form body of a POST, or the query string of a GET or DELETE, decoded. JSON is refused:
/// only Stripe's v2 API takes it.
fn read_params(parts: &Parts, body: &Bytes) -> Result<Value, ApiError> {
    let source: &[u8] = if parts.method == Method::POST {
        let content_type = header(&parts.headers, "content-type").unwrap_or_default();
        if content_type.starts_with("application/json") {
            return Err(ApiError::invalid(
                "Invalid request: the v1 API takes application/x-www-form-urlencoded bodies, not \
                 JSON.",
                None,
            ));
        }
        if !body.is_empty() && !content_type.starts_with("application/x-www-form-urlencoded") {
            return Err(ApiError::invalid(
                format!(
                    "Invalid request: unsupported Content-Type {content_type:?}; use \
                     application/x-www-form-urlencoded."
                ),
                None,
            ));
        }
        body
    } else {
        parts.uri.query().unwrap_or_default().as_bytes()
    };
    form::decode(source).map_err(|why| ApiError::invalid(format!("Invalid request: {why}"), None))
}

/// Like Stripe's test mode (and stripe-mock): `Bearer sk_test_...` (or Basic with the key as the
/// user name, as curl's `-u sk_test_...:` sends), for `sk_test_` or `rk_test_` keys with exactly
/// three `_`-separated parts.
fn check_api_key(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(key) = header(headers, "authorization").and_then(key_from_authorization) else {
        return Err(ApiError::unauthorized(
            "You did not provide an API key. You need to provide your API key in the \
             Authorization header, using Bearer auth (e.g. 'Authorization: Bearer \
             YOUR_SECRET_KEY').",
        ));
    };
    let parts: Vec<&str> = key.split('_').collect();
    let valid = matches!(parts.as_slice(), ["sk" | "rk", "test", rest] if !rest.is_empty());
    if valid {
        Ok(())
    } else {
        Err(ApiError::unauthorized(format!(
            "Invalid API Key provided: {}",
            mask(&key)
        )))
    }
}

fn key_from_authorization(authorization: &str) -> Option<String> {
    if let Some(key) = authorization.strip_prefix("Bearer ") {
        return Some(key.to_owned());
    }
    let encoded = authorization.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let credentials = String::from_utf8(decoded).ok()?;
    let (user, _password) = credentials.split_once(':').unwrap_or((&credentials, ""));
    Some(user.to_owned())
}

/// Stripe shows only the end of a wrong key; so does the mock, so that logs never hold one.
fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 12 {
        return "*".repeat(chars.len());
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - 4))
}

/// Strict mode: our client pins the version, so a request without it (or with another) is a bug.
fn check_version(headers: &HeaderMap) -> Result<(), ApiError> {
    match header(headers, "stripe-version") {
        Some(STRIPE_VERSION) => Ok(()),
        Some(other) => Err(ApiError::invalid(
            format!("Invalid Stripe API version: {other}. This mock speaks {STRIPE_VERSION} only."),
            None,
        )),
        None => Err(ApiError::invalid(
            format!("Missing Stripe-Version header; this mock expects {STRIPE_VERSION}."),
            None,
        )),
    }
}

/// Registers the key, or answers for it: the first answer again for the same request, or an
/// `idempotency_error` for a different one or one still in progress.
fn claim_key(shared: &Shared, key: &str, fingerprint: &Value) -> Option<Response> {
    let mut state = shared.state();
    let Some(entry) = state.idempotency.get(key) else {
        state.idempotency.insert(
            key.to_owned(),
            IdempotentEntry {
                fingerprint: fingerprint.clone(),
                answer: None,
            },
        );
        return None;
    };
    if entry.fingerprint != *fingerprint {
        let message = format!(
            "Keys for idempotent requests can only be used with the same parameters they were \
             first used with. Try using a key other than '{key}' if you meant to execute a \
             different request."
        );
        return Some(ApiError::idempotency(400, message).into_response());
    }
    let Some((status, body)) = &entry.answer else {
        let message = "There is currently another in-progress request using this Idempotent Key \
                       (that probably means you submitted twice, and the other request is still \
                       going through). Please try again later.";
        return Some(ApiError::idempotency(409, message).into_response());
    };
    let mut response = Response::new(Body::from(body.clone()));
    *response.status_mut() =
        axum::http::StatusCode::from_u16(*status).unwrap_or(axum::http::StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    Some(response)
}

/// Keeps the answer for replays. A request refused by validation (400, 404) was never executed,
/// so Stripe saves nothing and the key stays free, as it does here.
async fn remember_answer(shared: &Shared, key: String, response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let status = parts.status.as_u16();
    {
        let mut state = shared.state();
        if matches!(status, 400 | 404) {
            state.idempotency.remove(&key);
        } else if let Some(entry) = state.idempotency.get_mut(&key) {
            entry.answer = Some((status, bytes.to_vec()));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn header_map(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_auth(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", value.parse().unwrap());
        headers
    }

    #[test]
    fn only_three_part_test_keys_pass() {
        assert!(check_api_key(&with_auth("Bearer sk_test_abc")).is_ok());
        assert!(check_api_key(&with_auth("Bearer rk_test_abc")).is_ok());
        // `curl -u sk_test_abc:`
        assert!(check_api_key(&with_auth("Basic c2tfdGVzdF9hYmM6")).is_ok());
        for refused in [
            "Bearer sk_live_abc",
            "Bearer sk_test_",
            "Bearer sk_test_a_b",
            "Basic c2tfbGl2ZV9hYmM6",
            "Basic !!!",
            "sk_test_abc",
        ] {
            assert!(check_api_key(&with_auth(refused)).is_err(), "{refused}");
        }
        assert!(check_api_key(&HeaderMap::new()).is_err());
    }

    #[test]
    fn refusals_never_echo_the_key() {
        let error = check_api_key(&with_auth("Bearer sk_live_verysecretvalue1234")).unwrap_err();
        let message = error.json().to_string();
        assert!(!message.contains("verysecret"), "{message}");
        assert!(message.contains("1234"));
    }
}
