//! The pool's run slots, served to candidates in turn. A plain semaphore serves waiting requests first come,
//! first served, so a candidate (or a submit's hidden tests and lint) with many runs queued would hold every turn
//! until their queue drains. Here waiters queue per candidate (the assessment), and a freed slot goes to the
//! next candidate in a round-robin ring, each candidate's own runs in order: a candidate who just started waiting
//! gets a slot after at most one run of each candidate ahead of them, however many runs those have queued.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

type Key = i64;

pub(crate) struct FairSlots {
    shared: Arc<Mutex<State>>,
}

struct State {
    free: usize,
    /// Each waiting candidate's requests, oldest first.
    waiting: HashMap<Key, VecDeque<oneshot::Sender<Slot>>>,
    /// Candidates with requests waiting, in the order their turn comes.
    ring: VecDeque<Key>,
}

/// One run slot of candidate `key`; dropping it hands it to the next candidate in turn (or frees it).
pub(crate) struct Slot {
    shared: Option<Arc<Mutex<State>>>,
    key: Key,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // Every change to the state completes before the lock is released; a panic elsewhere breaks nothing here.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl FairSlots {
    pub(crate) fn new(slots: usize) -> Self {
        Self {
            shared: Arc::new(Mutex::new(State {
                free: slots.max(1),
                waiting: HashMap::new(),
                ring: VecDeque::new(),
            })),
        }
    }

    /// A slot for `key`'s run: at once when one is free and nobody waits, else when `key`'s turn comes. Dropping
    /// the future (a timeout, an abandoned request) gives up the place; a slot handed over meanwhile moves on.
    pub(crate) async fn acquire(&self, key: Key) -> Slot {
        let receiver = {
            let mut state = lock(&self.shared);
            if state.free > 0 && state.ring.is_empty() {
                state.free -= 1;
                return Slot {
                    shared: Some(self.shared.clone()),
                    key,
                };
            }
            let (sender, receiver) = oneshot::channel();
            let queue = state.waiting.entry(key).or_default();
            let first = queue.is_empty();
            queue.push_back(sender);
            if first {
                state.ring.push_back(key);
            }
            receiver
        };
        match receiver.await {
            Ok(slot) => slot,
            // The sender is only dropped with the whole pool; never while a waiter can still be served.
            Err(_) => unreachable!("the pool outlives its waiters"),
        }
    }

    /// Requests waiting for a slot, all candidates together (abandoned ones not counted).
    pub(crate) fn waiting(&self) -> usize {
        lock(&self.shared)
            .waiting
            .values()
            .flatten()
            .filter(|sender| !sender.is_closed())
            .count()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some(shared) = self.shared.take() else {
            return;
        };
        let mut state = lock(&shared);
        // The candidate whose run just ended goes to the back of the ring: whoever else waits is served first.
        if let Some(at) = state.ring.iter().position(|k| *k == self.key) {
            state.ring.remove(at);
            state.ring.push_back(self.key);
        }
        while let Some(key) = state.ring.pop_front() {
            let queue = state
                .waiting
                .get_mut(&key)
                .expect("a key in the ring waits");
            let sender = queue.pop_front().expect("a waiting key has a request");
            if queue.is_empty() {
                state.waiting.remove(&key);
            } else {
                state.ring.push_back(key);
            }
            let handed = Slot {
                shared: Some(shared.clone()),
                key,
            };
            match sender.send(handed) {
                Ok(()) => return,
                // That request was abandoned: disarm the returned slot (dropping it here would lock again) and
                // offer the turn to the next.
                Err(mut returned) => {
                    returned.shared = None;
                }
            }
        }
        state.free += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::mpsc;

    use super::*;

    /// Queues one request for `key`; reports `label` on `served` when it gets its slot, and holds the slot until
    /// told to finish.
    fn request(
        slots: &Arc<FairSlots>,
        key: Key,
        label: &'static str,
        served: &mpsc::UnboundedSender<&'static str>,
    ) -> oneshot::Sender<()> {
        let (finish, finished) = oneshot::channel::<()>();
        let (slots, served) = (slots.clone(), served.clone());
        tokio::spawn(async move {
            let _slot = slots.acquire(key).await;
            served.send(label).unwrap();
            let _ = finished.await;
        });
        finish
    }

    async fn until_waiting(slots: &FairSlots, n: usize) {
        while slots.waiting() != n {
            tokio::task::yield_now().await;
        }
    }

    /// Queues `requests` (key, label) one after another behind `holder`'s slot, then ends each run as soon as it
    /// is served; returns the order they were served in.
    async fn served_order(
        holder: (Key, &'static str),
        requests: &[(Key, &'static str)],
    ) -> Vec<&'static str> {
        let slots = Arc::new(FairSlots::new(1));
        let (served, mut order) = mpsc::unbounded_channel();
        let mut finish = HashMap::new();
        finish.insert(holder.1, request(&slots, holder.0, holder.1, &served));
        assert_eq!(order.recv().await, Some(holder.1));
        for (queued, (key, label)) in requests.iter().enumerate() {
            finish.insert(*label, request(&slots, *key, label, &served));
            until_waiting(&slots, queued + 1).await;
        }
        let mut current = holder.1;
        let mut seen = Vec::new();
        for _ in requests {
            finish.remove(current).unwrap().send(()).unwrap();
            current = order.recv().await.unwrap();
            seen.push(current);
        }
        finish.remove(current).unwrap().send(()).unwrap();
        seen
    }

    #[tokio::test]
    async fn a_spamming_candidate_does_not_hold_up_another() {
        // Candidate 1 holds the only slot and has five more runs queued when candidate 2 asks for one: candidate 2
        // runs as soon as the run in flight ends, not after the five (a plain semaphore's first come, first
        // served would put them sixth).
        let seen = served_order(
            (1, "spam-0"),
            &[
                (1, "spam-1"),
                (1, "spam-2"),
                (1, "spam-3"),
                (1, "spam-4"),
                (1, "spam-5"),
                (2, "other"),
            ],
        )
        .await;
        assert_eq!(
            seen,
            ["other", "spam-1", "spam-2", "spam-3", "spam-4", "spam-5"]
        );
    }

    #[tokio::test]
    async fn candidates_take_turns() {
        let seen = served_order(
            (1, "a0"),
            &[(1, "a1"), (1, "a2"), (2, "b1"), (2, "b2"), (3, "c1")],
        )
        .await;
        assert_eq!(seen, ["b1", "c1", "a1", "b2", "a2"]);
    }

    #[tokio::test]
    async fn an_abandoned_wait_passes_its_turn_on_and_slots_are_not_lost() {
        let slots = Arc::new(FairSlots::new(2));
        let first = slots.acquire(1).await;
        let second = slots.acquire(2).await;
        assert_eq!(lock(&slots.shared).free, 0);
        // A request that times out while waiting leaves the queue without a slot.
        let timed_out = tokio::time::timeout(Duration::from_millis(10), slots.acquire(3)).await;
        assert!(timed_out.is_err());
        let waiting = {
            let slots = slots.clone();
            tokio::spawn(async move { slots.acquire(4).await })
        };
        until_waiting(&slots, 1).await;
        drop(first);
        let served = waiting.await.unwrap();
        assert_eq!(slots.waiting(), 0);
        drop(served);
        drop(second);
        // Both slots are free again: two acquires succeed at once.
        assert_eq!(lock(&slots.shared).free, 2);
        let _a = slots.acquire(5).await;
        let _b = slots.acquire(6).await;
    }
}
