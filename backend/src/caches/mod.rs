//! Short-lived caches of what almost every request reads again: list totals and the user behind a token.
//!
//! Each cache lives in this process's memory, where a hit costs nothing. A change that makes entries stale is
//! applied here at once and announced on the [`ChangeBus`]; with Redis configured, `crate::cluster` relays the
//! announcement to the other replicas, which apply it to their own caches. An announcement lost on the way (Redis
//! restarting) is bounded by each cache's time to live.

pub mod list_totals;
pub mod users;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use list_totals::ListTotals;
use users::UserCache;

/// What changed, by id: enough for every replica to drop what it cached about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The organization's assessments or candidates: its list totals are stale.
    Organization(i32),
    /// The user's account (password, activation, role, membership): the cached user is stale.
    User(i32),
}

/// Where changes are announced for other replicas. Sending never waits; with nobody listening (no Redis), the
/// announcement is simply dropped.
#[derive(Clone)]
pub struct ChangeBus(broadcast::Sender<Change>);

/// Announcements kept for a relay that fell behind; past this it drops every cached entry instead.
const BUS_CAPACITY: usize = 1024;

impl Default for ChangeBus {
    fn default() -> Self {
        Self(broadcast::channel(BUS_CAPACITY).0)
    }
}

impl ChangeBus {
    fn announce(&self, change: Change) {
        let _ = self.0.send(change);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.0.subscribe()
    }
}

/// Every cache of the process, with the bus their changes go out on.
#[derive(Clone)]
pub struct Caches {
    pub list_totals: ListTotals,
    pub users: UserCache,
    pub bus: ChangeBus,
}

impl Default for Caches {
    fn default() -> Self {
        let bus = ChangeBus::default();
        Self {
            list_totals: ListTotals::new(bus.clone()),
            users: UserCache::new(bus.clone()),
            bus,
        }
    }
}

impl Caches {
    /// Applies a change another replica announced, without announcing it again.
    pub fn apply(&self, change: Change) {
        match change {
            Change::Organization(id) => self.list_totals.forget(id),
            Change::User(id) => self.users.forget(id),
        }
    }

    /// Drops everything, for when announcements may have been missed.
    pub fn forget_all(&self) {
        self.list_totals.forget_all();
        self.users.forget_all();
    }
}

/// A counter per id, bumped by every change. An entry is cached under the generation read *before* it was
/// loaded, so a load that raced with a change is never served after the change.
#[derive(Clone, Default)]
struct Generations(Arc<Mutex<HashMap<i32, u64>>>);

impl Generations {
    fn current(&self, id: i32) -> u64 {
        let generations = self.0.lock().unwrap_or_else(|e| e.into_inner());
        generations.get(&id).copied().unwrap_or(0)
    }

    fn bump(&self, id: i32) {
        let mut generations = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *generations.entry(id).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_local_change_is_announced_and_a_remote_one_is_not() {
        let caches = Caches::default();
        let mut announced = caches.bus.subscribe();
        caches.list_totals.changed(7);
        caches.users.changed(3);
        assert_eq!(announced.try_recv().unwrap(), Change::Organization(7));
        assert_eq!(announced.try_recv().unwrap(), Change::User(3));

        caches.apply(Change::User(4));
        caches.apply(Change::Organization(8));
        assert!(
            announced.try_recv().is_err(),
            "a remote change is not sent back"
        );
    }

    #[test]
    fn a_change_travels_as_tagged_json() {
        let json = serde_json::to_string(&Change::Organization(5)).unwrap();
        assert_eq!(json, r#"{"organization":5}"#);
        assert_eq!(
            serde_json::from_str::<Change>(r#"{"user":9}"#).unwrap(),
            Change::User(9)
        );
    }
}
