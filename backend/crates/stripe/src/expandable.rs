//! Stripe fields such as `customer` hold an id, or the whole object when a request asked to
//! expand it. We never expand, but objects embedded in errors and events sometimes are, and an
//! expanded field must not make the whole object unreadable.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum IdOrObject {
    Id(String),
    Object { id: String },
}

/// For `#[serde(default, deserialize_with = "expandable::id")]` on an `Option<String>`.
pub(crate) fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Option::<IdOrObject>::deserialize(deserializer)?;
    Ok(value.map(|value| match value {
        IdOrObject::Id(id) | IdOrObject::Object { id } => id,
    }))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "super::id")]
        customer: Option<String>,
    }

    fn customer(json: &str) -> Option<String> {
        serde_json::from_str::<Holder>(json).unwrap().customer
    }

    #[test]
    fn ids_objects_nulls_and_absence() {
        assert_eq!(
            customer(r#"{"customer":"cus_1"}"#).as_deref(),
            Some("cus_1")
        );
        assert_eq!(
            customer(r#"{"customer":{"id":"cus_2","object":"customer"}}"#).as_deref(),
            Some("cus_2")
        );
        assert_eq!(customer(r#"{"customer":null}"#), None);
        assert_eq!(customer("{}"), None);
    }
}
