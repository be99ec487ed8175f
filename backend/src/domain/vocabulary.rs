//! The words a task is described with: the reference client's difficulty levels and task types, and the words
//! this API used before them, still accepted on input.

use serde::{Deserialize, Deserializer};

/// How much AI help a candidate gets: none, hints only (long code in replies is cut), or a full assistant.
pub const AI_MODES: [&str; 3] = ["off", "hints", "full"];
pub const DIFFICULTIES: [&str; 4] = ["junior", "mid", "senior", "staff"];
pub const TASK_TYPES: [&str; 5] = [
    "debugging",
    "ai_engineering",
    "optimization",
    "build",
    "refactor",
];

/// (alias, word): earlier words and the reference client's labels.
const DIFFICULTY_ALIASES: [(&str, &str); 5] = [
    ("easy", "junior"),
    ("medium", "mid"),
    ("mid-level", "mid"),
    ("hard", "senior"),
    ("staff+", "staff"),
];
const TASK_TYPE_ALIASES: [(&str, &str); 8] = [
    ("rag", "ai_engineering"),
    ("ai engineering", "ai_engineering"),
    ("feature", "build"),
    ("build from scratch", "build"),
    ("refactoring", "refactor"),
    ("data", "debugging"),
    ("debug", "debugging"),
    ("optimisation", "optimization"),
];

/// The difficulty a word names (case and surrounding space ignored), if any.
pub fn difficulty(word: &str) -> Option<&'static str> {
    canonical(word, &DIFFICULTIES, &DIFFICULTY_ALIASES)
}

/// The task type a word names (case and surrounding space ignored), if any.
pub fn task_type(word: &str) -> Option<&'static str> {
    canonical(word, &TASK_TYPES, &TASK_TYPE_ALIASES)
}

fn canonical(
    word: &str,
    words: &[&'static str],
    aliases: &[(&str, &'static str)],
) -> Option<&'static str> {
    let word = word.trim().to_ascii_lowercase();
    words.iter().find(|w| **w == word).copied().or_else(|| {
        aliases
            .iter()
            .find(|(alias, _)| *alias == word)
            .map(|(_, w)| *w)
    })
}

/// garde rule: one of the difficulty words.
pub fn difficulty_rule(value: &str, _: &()) -> garde::Result {
    member_of(value, &DIFFICULTIES)
}

/// garde rule: one of the task type words.
pub fn task_type_rule(value: &str, _: &()) -> garde::Result {
    member_of(value, &TASK_TYPES)
}

/// garde rule: one of the AI modes.
pub fn ai_mode_rule(value: &str, _: &()) -> garde::Result {
    member_of(value, &AI_MODES)
}

fn member_of(value: &str, words: &[&str]) -> garde::Result {
    if words.contains(&value) {
        Ok(())
    } else {
        Err(garde::Error::new(format!(
            "must be one of: {}",
            words.join(", ")
        )))
    }
}

/// `#[serde(deserialize_with = "vocabulary::difficulty_word")]`: an alias becomes its word; anything else is
/// kept as sent, for validation to reject with the list of words.
pub fn difficulty_word<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let raw = String::deserialize(deserializer)?;
    Ok(difficulty(&raw).map_or(raw, str::to_string))
}

pub fn task_type_word<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let raw = String::deserialize(deserializer)?;
    Ok(task_type(&raw).map_or(raw, str::to_string))
}

pub fn optional_difficulty_word<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let raw = Option::<String>::deserialize(deserializer)?;
    Ok(raw.map(|raw| difficulty(&raw).map_or(raw, str::to_string)))
}

pub fn optional_task_type_word<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let raw = Option::<String>::deserialize(deserializer)?;
    Ok(raw.map(|raw| task_type(&raw).map_or(raw, str::to_string)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_aliases() {
        assert_eq!(difficulty("Senior"), Some("senior"));
        assert_eq!(difficulty("medium"), Some("mid"));
        assert_eq!(difficulty("Staff+"), Some("staff"));
        assert_eq!(difficulty("expert"), None);
        assert_eq!(task_type("rag"), Some("ai_engineering"));
        assert_eq!(task_type(" refactoring "), Some("refactor"));
        assert_eq!(task_type("build"), Some("build"));
        assert_eq!(task_type("poetry"), None);
    }
}
