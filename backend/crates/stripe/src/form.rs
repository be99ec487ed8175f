//! Stripe's v1 form encoding, as the official SDKs do it (`stripe-python` `_api_encode`):
//! objects become `parent[child]=v`, lists become indexed `items[0][price]=v`, booleans are
//! `true`/`false`, and nulls are left out. Request structs derive `Serialize`, so the wire
//! shape is visible in their field names.

use serde::Serialize;
use serde_json::Value;

use crate::StripeError;

/// `(key, value)` pairs in bracket notation, before percent-encoding.
pub fn to_pairs<T: Serialize>(params: &T) -> Result<Vec<(String, String)>, StripeError> {
    let value = serde_json::to_value(params)
        .map_err(|err| StripeError::Config(format!("cannot encode request parameters: {err}")))?;
    let mut pairs = Vec::new();
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                flatten(key, value, &mut pairs);
            }
        }
        Value::Null => {}
        other => {
            return Err(StripeError::Config(format!(
                "request parameters must be an object, not {other}"
            )));
        }
    }
    Ok(pairs)
}

/// The `application/x-www-form-urlencoded` body (or query string) for `pairs`.
pub fn encode(pairs: &[(String, String)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

fn flatten(key: String, value: Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => pairs.push((key, flag.to_string())),
        Value::Number(number) => pairs.push((key, number.to_string())),
        Value::String(text) => pairs.push((key, text)),
        Value::Array(items) => {
            for (index, item) in items.into_iter().enumerate() {
                flatten(format!("{key}[{index}]"), item, pairs);
            }
        }
        Value::Object(fields) => {
            for (child, item) in fields {
                flatten(format!("{key}[{child}]"), item, pairs);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Sorted, because key order depends on whether some crate in the build enables
    /// `serde_json/preserve_order`, and Stripe does not care about it.
    fn pairs(value: Value) -> Vec<(String, String)> {
        let mut pairs = to_pairs(&value).unwrap();
        pairs.sort();
        pairs
    }

    fn pair(key: &str, value: &str) -> (String, String) {
        (key.to_owned(), value.to_owned())
    }

    #[test]
    fn nested_objects_use_brackets() {
        let encoded = pairs(json!({
            "email": "ada@example.com",
            "metadata": {"organization_id": "7"},
        }));
        assert_eq!(
            encoded,
            [
                pair("email", "ada@example.com"),
                pair("metadata[organization_id]", "7"),
            ]
        );
    }

    #[test]
    fn lists_are_indexed_and_scalars_are_plain() {
        let encoded = pairs(json!({
            "line_items": [
                {"price_data": {"unit_amount": 2500, "product_data": {"name": "Assessment"}}, "quantity": 3},
                {"price": "price_1"},
            ],
            "confirm": true,
            "off_session": false,
            "customer": null,
        }));
        assert_eq!(
            encoded,
            [
                pair("confirm", "true"),
                pair(
                    "line_items[0][price_data][product_data][name]",
                    "Assessment"
                ),
                pair("line_items[0][price_data][unit_amount]", "2500"),
                pair("line_items[0][quantity]", "3"),
                pair("line_items[1][price]", "price_1"),
                pair("off_session", "false"),
            ]
        );
    }

    #[test]
    fn body_is_percent_encoded() {
        let body = encode(&[
            pair("metadata[organization_id]", "7"),
            pair(
                "success_url",
                "https://app.test/paid?session_id={CHECKOUT_SESSION_ID}",
            ),
        ]);
        assert_eq!(
            body,
            "metadata%5Borganization_id%5D=7\
             &success_url=https%3A%2F%2Fapp.test%2Fpaid%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
        );
    }
}
