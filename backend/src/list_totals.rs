//! Totals of the recruiter's assessment lists, reused for a few seconds.
//!
//! Counting every assessment that matches a filter is the most expensive part of a list page: for an
//! organization with 10,000 assessments the count costs PostgreSQL about twice the CPU of reading the page
//! itself, and a recruiter paging, searching or returning to the dashboard asks for the same total again and
//! again. A total is reused while nothing in this process has changed the organization's assessments and for at
//! most [`TTL`]. What this process cannot see — a write by another server process or by `tali worker`, or time
//! passing (a pending link expiring) — shows in the totals within [`TTL`]; the page's rows are always read fresh.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a total is reused at most.
pub const TTL: Duration = Duration::from_secs(5);
/// Totals kept at most; the least recently used go first.
const CAPACITY: u64 = 10_000;

#[derive(Clone)]
pub struct ListTotals {
    totals: moka::sync::Cache<Key, u64>,
    /// Bumped by every change to an organization's assessments. A total is stored under the generation read
    /// before it was counted, so a count that raced with a change is never served after the change.
    generations: Arc<Mutex<HashMap<i32, u64>>>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    organization_id: i32,
    generation: u64,
    filter: String,
}

impl Default for ListTotals {
    fn default() -> Self {
        Self {
            totals: moka::sync::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(TTL)
                .build(),
            generations: Arc::default(),
        }
    }
}

impl ListTotals {
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
            generation: self.generation(organization_id),
            filter,
        };
        if let Some(total) = self.totals.get(&key) {
            return Ok(total);
        }
        let total = count().await?;
        self.totals.insert(key, total);
        Ok(total)
    }

    /// Forgets the organization's totals; called once a change to its assessments (or to the candidates they
    /// are searched by) is committed.
    pub fn changed(&self, organization_id: i32) {
        let mut generations = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        *generations.entry(organization_id).or_default() += 1;
    }

    fn generation(&self, organization_id: i32) -> u64 {
        let generations = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        generations.get(&organization_id).copied().unwrap_or(0)
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
        let totals = ListTotals::default();
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
        let totals = ListTotals::default();
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
    async fn a_failed_count_is_not_kept() {
        let totals = ListTotals::default();
        let failed = totals
            .get_or_count(1, "all".into(), || async { Err::<u64, _>("database down") })
            .await;
        assert_eq!(failed, Err("database down"));
        assert_eq!(total(&totals, 1, "all", 5).await, 5);
    }
}
