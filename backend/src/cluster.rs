//! What server replicas share through Redis when `REDIS_URL` is set: rate-limit counters
//! (`crate::rate_limit`), each candidate's run in flight (`session::fairness`) and the announcements that keep each replica's caches fresh (`crate::caches`).
//!
//! Everything else a replica needs is in the database: a candidate's sandbox is rebuilt from the saved code by
//! whichever replica serves the run (`session::sandbox::handle`), and background jobs live in the shared queue.
//! Without Redis there is one process and nothing to share.

use std::time::Duration;

use futures_util::StreamExt;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

use crate::caches::{Caches, Change};
use crate::config::RedisSettings;

/// How long a lost subscription waits before subscribing again: doubled on each failure up to the maximum.
const RESUBSCRIBE_FIRST: Duration = Duration::from_secs(1);
const RESUBSCRIBE_MAX: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Cluster {
    client: redis::Client,
    commands: ConnectionManager,
    namespace: String,
    /// Tells this process's own announcements apart when they come back from the channel.
    node: String,
}

/// One announcement on the channel.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    node: String,
    change: Change,
}

impl Cluster {
    /// Connects on first use, so the server starts (and `/health` reports it) while Redis is down. The
    /// namespace is the job queue's (`JOBS_QUEUE`): one name keeps a deployment's keys apart in a shared Redis.
    pub fn new(settings: &RedisSettings, namespace: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(settings.url.as_str())
            .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?;
        // A login must not hang on a Redis that is down: fail fast and let the caller fall back.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(500)))
            .set_response_timeout(Some(Duration::from_millis(500)))
            .set_number_of_retries(1);
        let commands = client
            .get_connection_manager_lazy(config)
            .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?;
        Ok(Self {
            client,
            commands,
            namespace: namespace.to_string(),
            node: uuid::Uuid::new_v4().simple().to_string(),
        })
    }

    /// A key (or channel) of this deployment: `<namespace>:<name>`.
    pub fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.namespace)
    }

    /// A connection for commands; clones share one multiplexed connection that reconnects by itself.
    pub fn commands(&self) -> ConnectionManager {
        self.commands.clone()
    }

    /// Sends this process's cache changes to the other replicas and applies theirs here, until aborted.
    pub async fn relay(self, caches: Caches) {
        tokio::join!(self.publish(&caches), self.subscribe(&caches));
    }

    async fn publish(&self, caches: &Caches) {
        let channel = self.key("changes");
        let mut changes = caches.bus.subscribe();
        let mut connection = self.commands();
        loop {
            let change = match changes.recv().await {
                Ok(change) => change,
                Err(RecvError::Lagged(missed)) => {
                    // Other replicas cannot be told what was missed; their caches expire on their own.
                    tracing::warn!(missed, "cache announcements dropped: Redis is too slow");
                    continue;
                }
                Err(RecvError::Closed) => return,
            };
            let envelope = Envelope {
                node: self.node.clone(),
                change,
            };
            let Ok(message) = serde_json::to_string(&envelope) else {
                continue;
            };
            if let Err(err) = connection.publish::<_, _, ()>(&channel, message).await {
                tracing::warn!(error = %err, ?change, "could not announce a cache change");
            }
        }
    }

    async fn subscribe(&self, caches: &Caches) {
        let channel = self.key("changes");
        let mut wait = RESUBSCRIBE_FIRST;
        loop {
            match self.listen(&channel, caches, &mut wait).await {
                Ok(()) => tracing::warn!("the Redis subscription ended; subscribing again"),
                Err(err) => tracing::warn!(error = %err, "the Redis subscription failed"),
            }
            // Whatever was announced while nobody listened is unknown: start from empty caches.
            caches.forget_all();
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(RESUBSCRIBE_MAX);
        }
    }

    async fn listen(
        &self,
        channel: &str,
        caches: &Caches,
        wait: &mut Duration,
    ) -> redis::RedisResult<()> {
        let mut pubsub = self.client.get_async_pubsub().await?;
        pubsub.subscribe(channel).await?;
        *wait = RESUBSCRIBE_FIRST;
        let mut messages = pubsub.on_message();
        while let Some(message) = messages.next().await {
            let envelope = message
                .get_payload::<String>()
                .ok()
                .and_then(|text| serde_json::from_str::<Envelope>(&text).ok());
            match envelope {
                Some(envelope) if envelope.node != self.node => caches.apply(envelope.change),
                Some(_) => {}
                None => tracing::warn!("ignored a malformed cache announcement"),
            }
        }
        Ok(())
    }
}
