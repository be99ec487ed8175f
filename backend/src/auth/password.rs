//! bcrypt password hashing, off the async runtime (a hash at the default cost takes a core for about a quarter
//! of a second).
//!
//! Hashes run on the blocking pool, and at most one fewer at a time than there are cores: a burst of logins then
//! waits for its turn instead of taking every core, so other requests keep being answered at their usual speed.

use std::sync::OnceLock;

use anyhow::Context;
use tokio::sync::Semaphore;

/// bcrypt reads at most 72 bytes; longer inputs are refused rather than silently truncated.
pub const MAX_PASSWORD_BYTES: usize = 72;
pub const MIN_PASSWORD_CHARS: usize = 8;
/// bcrypt's default work factor; `BCRYPT_COST` may lower it for tests or raise it on faster hardware.
pub const DEFAULT_COST: u32 = 12;

/// The rule shown to users, in one place so every error says the same thing.
pub fn check_rule(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "Password must be at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "Password must be at most {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    Ok(())
}

fn hashing_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Semaphore::new(cores.saturating_sub(1).max(1))
    })
}

/// Runs one bcrypt computation when a slot is free.
async fn with_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .context("hashing slots closed")?;
    tokio::task::spawn_blocking(work)
        .await
        .context("hashing task failed")
}

pub async fn hash(password: String, cost: u32) -> anyhow::Result<String> {
    with_slot(move || bcrypt::non_truncating_hash(password, cost))
        .await?
        .context("bcrypt hash failed")
}

pub async fn verify(password: String, hashed: String) -> anyhow::Result<bool> {
    with_slot(move || bcrypt::verify(password, &hashed))
        .await?
        .context("bcrypt verify failed")
}

/// A hash of a random password, compared against when the email is unknown so that a failed login takes
/// the same time whether or not the account exists.
pub fn dummy_hash(cost: u32) -> anyhow::Result<String> {
    bcrypt::hash(uuid::Uuid::new_v4().to_string(), cost).context("bcrypt hash failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_the_limit() {
        assert_eq!(
            check_rule("short").unwrap_err(),
            "Password must be at least 8 characters"
        );
        assert!(check_rule("long enough").is_ok());
        assert!(check_rule(&"x".repeat(73)).is_err());
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let hashed = hash("correct horse".into(), 4).await.unwrap();
        assert!(
            verify("correct horse".into(), hashed.clone())
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse".into(), hashed).await.unwrap());
    }
}
