//! Jobs (`GET /jobs`), a paged listing.

use reqwest::Url;

use super::WorkableClient;
use crate::WorkableError;
use crate::resources::{Job, Page};

/// Filters for `GET /jobs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobsQuery {
    /// `draft`, `published`, `archived` or `closed`; all when `None`.
    pub state: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
}

impl JobsQuery {
    fn apply(&self, mut url: Url) -> Url {
        {
            let mut query = url.query_pairs_mut();
            if let Some(state) = &self.state {
                query.append_pair("state", state);
            }
            if let Some(limit) = self.limit {
                query.append_pair("limit", &limit.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        url
    }
}

impl WorkableClient {
    /// Every job matching `query`, following `paging.next` to the end.
    pub async fn list_jobs(&self, query: &JobsQuery) -> Result<Vec<Job>, WorkableError> {
        self.all_pages(query.apply(self.url(&["jobs"])), "jobs")
            .await
    }

    /// The first page of jobs; continue with [`Self::next_jobs_page`].
    pub async fn jobs_page(&self, query: &JobsQuery) -> Result<Page<Job>, WorkableError> {
        self.page(query.apply(self.url(&["jobs"])), "jobs").await
    }

    /// The page at a previous page's `next`.
    pub async fn next_jobs_page(&self, next: &str) -> Result<Page<Job>, WorkableError> {
        self.next_page(next, "jobs").await
    }
}
