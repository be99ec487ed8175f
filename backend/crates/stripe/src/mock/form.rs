//! Reads Stripe's form encoding back into JSON, the way Stripe parses our requests:
//! `line_items[0][price_data][unit_amount]=2500` becomes
//! `{"line_items": [{"price_data": {"unit_amount": "2500"}}]}`.

use serde_json::{Map, Value};

/// The inverse of [`crate::form::to_pairs`] for a form body or query string: every leaf is a
/// string, and an object whose keys are all indexes (`[0]`, `[1]`, ...) or empty (`[]`) becomes
/// an array.
pub fn decode(body: &[u8]) -> Result<Value, String> {
    let mut root = Map::new();
    for (key, value) in form_urlencoded::parse(body) {
        let path = key_path(&key)?;
        insert(&mut root, &path, value.into_owned())?;
    }
    Ok(arrays_from_indexes(Value::Object(root)))
}

/// `line_items[0][price]` → `["line_items", "0", "price"]`.
fn key_path(key: &str) -> Result<Vec<String>, String> {
    let malformed = || format!("malformed parameter name {key:?}");
    let (head, mut rest) = match key.find('[') {
        Some(open) => key.split_at(open),
        None => (key, ""),
    };
    if head.is_empty() {
        return Err(malformed());
    }
    let mut path = vec![head.to_owned()];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or_else(malformed)?;
        let close = inner.find(']').ok_or_else(malformed)?;
        path.push(inner[..close].to_owned());
        rest = &inner[close + 1..];
    }
    Ok(path)
}

fn insert(node: &mut Map<String, Value>, path: &[String], value: String) -> Result<(), String> {
    let conflict = || {
        format!(
            "parameter {:?} is given both as a value and as an object",
            path[0]
        )
    };
    let (first, rest) = path.split_first().ok_or_else(conflict)?;
    // `items[]=a&items[]=b`: an empty index appends, so give each element its own position.
    let first = if first.is_empty() {
        node.len().to_string()
    } else {
        first.clone()
    };
    if rest.is_empty() {
        if node.get(&first).is_some_and(Value::is_object) {
            return Err(conflict());
        }
        node.insert(first, Value::String(value));
        return Ok(());
    }
    let child = node
        .entry(first)
        .or_insert_with(|| Value::Object(Map::new()));
    match child {
        Value::Object(map) => insert(map, rest, value),
        _ => Err(conflict()),
    }
}

fn arrays_from_indexes(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    let all_indexes = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
    if all_indexes {
        let mut entries: Vec<(usize, Value)> = map
            .into_iter()
            .filter_map(|(k, v)| Some((k.parse().ok()?, arrays_from_indexes(v))))
            .collect();
        entries.sort_by_key(|(index, _)| *index);
        return Value::Array(entries.into_iter().map(|(_, v)| v).collect());
    }
    Value::Object(
        map.into_iter()
            .map(|(k, v)| (k, arrays_from_indexes(v)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decode_inverts_encode() {
        let original = json!({
            "mode": "payment",
            "line_items": [{"price_data": {"unit_amount": "2500"}, "quantity": "1"}],
            "metadata": {"organization_id": "7"},
        });
        let pairs = crate::form::to_pairs(&original).unwrap();
        let body = crate::form::encode(&pairs);
        assert_eq!(decode(body.as_bytes()).unwrap(), original);
    }

    #[test]
    fn decode_accepts_literal_brackets_and_empty_indexes() {
        let decoded = decode(b"expand[]=customer&expand[]=invoice&metadata[a]=1").unwrap();
        assert_eq!(
            decoded,
            json!({"expand": ["customer", "invoice"], "metadata": {"a": "1"}})
        );
    }

    #[test]
    fn decode_rejects_malformed_names_and_conflicts() {
        assert!(decode(b"[a]=1").is_err());
        assert!(decode(b"a[b=1").is_err());
        assert!(decode(b"a=1&a[b]=2").is_err());
        assert!(decode(b"a[b]=2&a=1").is_err());
    }
}
