//! Totals of the recruiter's assessment lists, reused for a few seconds.
//!
//! Counting every assessment that matches a filter is the most expensive part of a list page: for an
//! organization with 10,000 assessments the count costs PostgreSQL about twice the CPU of reading the page
//! itself, and a recruiter paging, searching or returning to the dashboard asks for the same total again and
//! again. A total is reused while nothing has changed the organization's assessments and for at most [`TTL`].
//! Changes made by another replica or by `tali worker` arrive through Redis when it is configured; what nobody
//! announces (time passing: a pending link expiring) shows in the totals within [`TTL`]. The page's rows are
//! always read fresh. Requests that miss the same total together wait for one count: when a total expires under
//! load, every client would otherwise count at once (32 counts of 100,000 rows every few seconds in the bench).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

use super::{Change, ChangeBus, Generations};

/// How long a total is reused at most.
pub const TTL: Duration = Duration::from_secs(5);
/// Totals kept at most; the least recently used go first.
const CAPACITY: u64 = 10_000;

#[derive(Clone)]
pub struct ListTotals {
    /// A cell per total: the first request to miss counts, the others wait for its answer.
    totals: moka::sync::Cache<Key, Arc<OnceCell<u64>>>,
    generations: Generations,
    bus: ChangeBus,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    organization_id: i32,
    generation: u64,
    filter: String,
}

impl ListTotals {
    pub fn new(bus: ChangeBus) -> Self {
        Self {
            totals: moka::sync::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(TTL)
                .build(),
            generations: Generations::default(),
            bus,
        }
    }

    /// The organization's total for `filter` (any string that tells the list's filters apart), counted by
    /// `count` unless a fresh one is kept.
    pub async fn get_or_count<E, Fut>(
        &self,
        organization_id: i32,
        filter: String,
        count: impl FnOnce() -> Fut,
    ) -> Result<u64, E>
    where
        Fut: Future<Output = Result<u64, E>>,
    {
        let key = Key {
            organization_id,
            generation: self.generations.current(organization_id),
            filter,
        };
        // A failed count leaves its cell empty, so the next request counts again.
        let cell = self.totals.get_with(key, || Arc::new(OnceCell::new()));
        cell.get_or_try_init(count).await.copied()
    }

    /// Forgets the organization's totals here and on every replica; called once a change to its assessments
    /// (or to the candidates they are searched by) is committed.
    pub fn changed(&self, organization_id: i32) {
        self.forget(organization_id);
        self.bus.announce(Change::Organization(organization_id));
    }

    pub(super) fn forget(&self, organization_id: i32) {
        self.generations.bump(organization_id);
    }

    pub(super) fn forget_all(&self) {
        self.totals.invalidate_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    async fn total(totals: &ListTotals, org: i32, filter: &str, counted: u64) -> u64 {
        totals
            .get_or_count(org, filter.into(), || async {
                Ok::<_, Infallible>(counted)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn reuses_a_total_until_the_organization_changes() {
        let totals = ListTotals::new(ChangeBus::default());
        assert_eq!(total(&totals, 1, "all", 10).await, 10);
        assert_eq!(total(&totals, 1, "all", 11).await, 10, "reused");
        assert_eq!(total(&totals, 1, "pending", 3).await, 3, "another filter");
        assert_eq!(total(&totals, 2, "all", 7).await, 7, "another organization");

        totals.changed(1);
        assert_eq!(total(&totals, 1, "all", 11).await, 11, "recounted");
        assert_eq!(total(&totals, 1, "pending", 4).await, 4, "recounted");
        assert_eq!(total(&totals, 2, "all", 8).await, 7, "untouched");
    }

    #[tokio::test]
    async fn a_count_that_raced_with_a_change_is_not_reused() {
        let totals = ListTotals::new(ChangeBus::default());
        let raced = totals
            .get_or_count(1, "all".into(), || async {
                // The change commits while the count is still reading the old rows.
                totals.changed(1);
                Ok::<_, Infallible>(10)
            })
            .await
            .unwrap();
        assert_eq!(raced, 10);
        assert_eq!(total(&totals, 1, "all", 11).await, 11);
    }

    #[tokio::test]
    async fn concurrent_misses_count_once() {
        let totals = ListTotals::new(ChangeBus::default());
        let counts = std::sync::atomic::AtomicU32::new(0);
        let ask = || {
            totals.get_or_count(1, "all".into(), || async {
                counts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::task::yield_now().await;
                Ok::<_, Infallible>(10)
            })
        };
        let answers = futures_util::future::join_all((0..32).map(|_| ask())).await;
        assert!(answers.into_iter().all(|a| a == Ok(10)));
        assert_eq!(counts.into_inner(), 1);
    }

    #[tokio::test]
    async fn a_failed_count_is_not_kept() {
        let totals = ListTotals::new(ChangeBus::default());
        let failed = totals
            .get_or_count(1, "all".into(), || async { Err::<u64, _>("database down") })
            .await;
        assert_eq!(failed, Err("database down"));
        assert_eq!(total(&totals, 1, "all", 5).await, 5);
    }
}
