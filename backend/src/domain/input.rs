//! How request bodies are read, before any rule of the product applies.
//!
//! Numbers are read as the reference backend (pydantic's lax mode) read them: a JSON number or a string holding
//! one (`"task_id": "2"` from an HTML select), and a float only when it is whole. Anything else is still an error
//! that names what was expected. `#[serde(deserialize_with = "input::number")]` on an integer field,
//! `input::optional_number` (with `#[serde(default)]`) on an `Option` of one.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, Visitor};

pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    deserializer.deserialize_any(IntegerVisitor(PhantomData))
}

pub fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    deserializer.deserialize_option(OptionalVisitor(PhantomData))
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i64>> IntegerVisitor<T> {
    fn fit<E: de::Error>(value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::custom(format!("{value} is out of range")))
    }
}

impl<T: TryFrom<i64>> Visitor<'_> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Self::fit(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        let value =
            i64::try_from(value).map_err(|_| E::custom(format!("{value} is out of range")))?;
        Self::fit(value)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        if value.fract() != 0.0 || !value.is_finite() || value.abs() > i64::MAX as f64 {
            return Err(E::custom(format!("expected a whole number, got {value}")));
        }
        Self::fit(value as i64)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        let trimmed = value.trim();
        if let Ok(whole) = trimmed.parse::<i64>() {
            return Self::fit(whole);
        }
        match trimmed.parse::<f64>() {
            Ok(float) => self.visit_f64(float),
            Err(_) => Err(E::custom(format!("expected a whole number, got {value:?}"))),
        }
    }
}

struct OptionalVisitor<T>(PhantomData<T>);

impl<'de, T: TryFrom<i64>> Visitor<'de> for OptionalVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        number(deserializer).map(Some)
    }
}

/// `#[serde(deserialize_with = "input::trimmed")]`: surrounding whitespace (a pasted address) is not an error.
pub fn trimmed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = <String as serde::Deserialize>::deserialize(deserializer)?;
    Ok(value.trim().to_string())
}

/// `trimmed` for an optional field (with `#[serde(default)]`): absent or null stays `None`.
pub fn optional_trimmed<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let value = <Option<String> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(value.map(|v| v.trim().to_string()))
}

/// garde rule: text that is not only whitespace.
pub fn not_blank(value: &str, _: &()) -> garde::Result {
    if value.trim().is_empty() {
        return Err(garde::Error::new("must not be blank"));
    }
    Ok(())
}

/// Email addresses compare case-insensitively, without surrounding space.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::number")]
        id: i32,
        #[serde(default, deserialize_with = "super::optional_number")]
        minutes: Option<i32>,
    }

    fn parse(value: serde_json::Value) -> Result<Body, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_and_numeric_strings_are_accepted() {
        let body = parse(json!({"id": "2", "minutes": " 45 "})).unwrap();
        assert_eq!((body.id, body.minutes), (2, Some(45)));
        let body = parse(json!({"id": 3.0})).unwrap();
        assert_eq!((body.id, body.minutes), (3, None));
        assert_eq!(
            parse(json!({"id": 1, "minutes": null})).unwrap().minutes,
            None
        );
    }

    #[test]
    fn anything_else_is_a_clear_error() {
        for (bad, says) in [
            (json!({"id": "two"}), "expected a whole number, got \"two\""),
            (json!({"id": 2.5}), "expected a whole number, got 2.5"),
            (json!({"id": true}), "a whole number"),
            (
                json!({"id": 1, "minutes": ""}),
                "expected a whole number, got \"\"",
            ),
            (json!({"id": 99999999999i64}), "out of range"),
        ] {
            let error = parse(bad.clone()).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }
}
