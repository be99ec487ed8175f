//! The user behind an access token, reused for a few seconds.
//!
//! Every recruiter request names its user by token, and looking the user up was the largest part of a cheap
//! request's cost (`/auth/me`). A change to the account — a new password, deactivation, a new role, removal from
//! the team — calls [`UserCache::changed`], which drops the entry here and on every replica, so the change takes
//! effect with the next request rather than after [`TTL`].

use std::future::Future;
use std::time::Duration;

use super::{Change, ChangeBus, Generations};
use crate::db::entities::user;

/// How long a user is reused at most.
pub const TTL: Duration = Duration::from_secs(10);
const CAPACITY: u64 = 50_000;

#[derive(Clone)]
pub struct UserCache {
    users: moka::sync::Cache<(i32, u64), user::Model>,
    generations: Generations,
    bus: ChangeBus,
}

impl UserCache {
    pub fn new(bus: ChangeBus) -> Self {
        Self {
            users: moka::sync::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(TTL)
                .build(),
            generations: Generations::default(),
            bus,
        }
    }

    /// The user with this id, loaded by `load` unless a fresh copy is kept. Users that do not exist are not
    /// remembered.
    pub async fn get_or_load<E, Fut>(
        &self,
        user_id: i32,
        load: impl FnOnce() -> Fut,
    ) -> Result<Option<user::Model>, E>
    where
        Fut: Future<Output = Result<Option<user::Model>, E>>,
    {
        let key = (user_id, self.generations.current(user_id));
        if let Some(found) = self.users.get(&key) {
            return Ok(Some(found));
        }
        let loaded = load().await?;
        if let Some(found) = &loaded {
            self.users.insert(key, found.clone());
        }
        Ok(loaded)
    }

    /// Drops the user here and on every replica; called once a change to the account is committed.
    pub fn changed(&self, user_id: i32) {
        self.forget(user_id);
        self.bus.announce(Change::User(user_id));
    }

    pub(super) fn forget(&self, user_id: i32) {
        self.generations.bump(user_id);
    }

    pub(super) fn forget_all(&self) {
        self.users.invalidate_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use std::convert::Infallible;

    fn user(id: i32, name: &str) -> user::Model {
        user::Model {
            id,
            email: format!("u{id}@example.com"),
            hashed_password: "x".into(),
            full_name: name.into(),
            is_active: true,
            is_superuser: false,
            organization_id: 1,
            role: "owner".into(),
            sessions_valid_after: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    async fn name(cache: &UserCache, id: i32, stored: &str) -> Option<String> {
        cache
            .get_or_load(id, || async { Ok::<_, Infallible>(Some(user(id, stored))) })
            .await
            .unwrap()
            .map(|u| u.full_name)
    }

    #[tokio::test]
    async fn reuses_a_user_until_the_account_changes() {
        let cache = UserCache::new(ChangeBus::default());
        assert_eq!(name(&cache, 1, "Ada").await.as_deref(), Some("Ada"));
        assert_eq!(name(&cache, 1, "Ada L").await.as_deref(), Some("Ada"));
        cache.changed(1);
        assert_eq!(name(&cache, 1, "Ada L").await.as_deref(), Some("Ada L"));
    }

    #[tokio::test]
    async fn a_load_that_raced_with_a_change_is_not_reused() {
        let cache = UserCache::new(ChangeBus::default());
        cache
            .get_or_load(1, || async {
                cache.changed(1);
                Ok::<_, Infallible>(Some(user(1, "old")))
            })
            .await
            .unwrap();
        assert_eq!(name(&cache, 1, "new").await.as_deref(), Some("new"));
    }

    #[tokio::test]
    async fn a_missing_user_is_looked_up_again() {
        let cache = UserCache::new(ChangeBus::default());
        let missing = cache
            .get_or_load(1, || async { Ok::<_, Infallible>(None) })
            .await
            .unwrap();
        assert!(missing.is_none());
        assert_eq!(name(&cache, 1, "Ada").await.as_deref(), Some("Ada"));
    }
}
