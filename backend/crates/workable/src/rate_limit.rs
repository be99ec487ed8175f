//! Keeps every call for one Workable account under Workable's budget: 10 requests per 10 s with an account token,
//! 50 with an OAuth token (https://workable.readme.io/reference/rate-limits).
//!
//! The bucket holds one token per request of the budget. A token is held while its request is in flight and comes
//! back one full window after the answer arrived. Because Workable received the request before we saw the answer,
//! no window of Workable's (fixed or sliding) can ever see more requests than the budget, however the calls
//! interleave. Workable's own count (`X-Rate-Limit-Remaining`) can only make the bucket stricter, and a 429 pauses
//! it until `X-Rate-Limit-Reset`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Which kind of bearer token a client uses; it decides the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An account (admin) token from Settings → Integrations: 10 requests per 10 s.
    Account,
    /// An OAuth access token of an official partner: 50 requests per 10 s.
    OAuth,
}

impl TokenKind {
    pub fn requests_per_window(self) -> u32 {
        match self {
            Self::Account => 10,
            Self::OAuth => 50,
        }
    }
}

/// The limiter of one account, shared by every client of that account in this process.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    capacity: u32,
    window: Duration,
    bucket: Mutex<Bucket>,
    /// Wakes waiters when a permit is given back, for the moment every token is in flight.
    released: Notify,
}

#[derive(Debug, Default)]
struct Bucket {
    in_flight: u32,
    /// When each spent token becomes usable again.
    returning: Vec<Instant>,
    /// Set by a 429: nobody sends before this instant.
    paused_until: Option<Instant>,
}

/// The right to send one request. Dropping it starts the token's way back into the bucket, so a cancelled call
/// still counts as sent.
pub(crate) struct Permit<'a> {
    limiter: &'a RateLimiter,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let limiter = self.limiter;
        {
            let mut bucket = limiter.lock();
            bucket.in_flight = bucket.in_flight.saturating_sub(1);
            bucket.returning.push(Instant::now() + limiter.window);
        }
        limiter.released.notify_waiters();
    }
}

/// Identifies one account's limiter: the API root (production host or override), the subdomain and the token kind.
type LimiterKey = (String, String, TokenKind);

static SHARED: LazyLock<Mutex<HashMap<LimiterKey, Arc<RateLimiter>>>> =
    LazyLock::new(Mutex::default);

/// The process-wide limiter for an account, created on first use. The first caller's window wins; every client
/// of one process is built from the same settings, so they agree anyway.
pub(crate) fn shared_limiter(
    api_root: &str,
    subdomain: &str,
    kind: TokenKind,
    window: Duration,
) -> Arc<RateLimiter> {
    let key = (api_root.to_owned(), subdomain.to_owned(), kind);
    let mut limiters = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(
        limiters
            .entry(key)
            .or_insert_with(|| Arc::new(RateLimiter::new(kind.requests_per_window(), window))),
    )
}

impl RateLimiter {
    pub(crate) fn new(capacity: u32, window: Duration) -> Self {
        Self {
            capacity: capacity.max(1),
            window,
            bucket: Mutex::default(),
            released: Notify::new(),
        }
    }

    pub(crate) fn window(&self) -> Duration {
        self.window
    }

    /// Waits until a request may be sent.
    pub(crate) async fn acquire(&self) -> Permit<'_> {
        loop {
            // Registered before looking at the bucket, so a release between the look and the wait is not missed.
            let released = self.released.notified();
            tokio::pin!(released);
            released.as_mut().enable();

            let wake_at = match self.try_take(Instant::now()) {
                Ok(()) => return Permit { limiter: self },
                Err(wake_at) => wake_at,
            };
            match wake_at {
                Some(at) => {
                    tokio::select! {
                        () = &mut released => {}
                        () = tokio::time::sleep_until(at) => {}
                    }
                }
                None => released.await,
            }
        }
    }

    /// Takes a token, or says when one may be back (`None`: only when an in-flight request ends).
    fn try_take(&self, now: Instant) -> Result<(), Option<Instant>> {
        let mut bucket = self.lock();
        bucket.returning.retain(|at| *at > now);
        if let Some(until) = bucket.paused_until.filter(|until| *until > now) {
            return Err(Some(until));
        }
        let spent = bucket.in_flight + bucket.returning.len() as u32;
        if spent < self.capacity {
            bucket.in_flight += 1;
            return Ok(());
        }
        Err(bucket.returning.iter().min().copied())
    }

    /// Aligns the bucket with Workable's count from an answer's `X-Rate-Limit-*` headers. Called while the
    /// answered request still holds its permit, since Workable's `remaining` already counts it.
    pub(crate) fn observe(&self, headers: &RateLimitHeaders) {
        let (Some(remaining), Some(reset_in)) = (headers.remaining, headers.reset_in) else {
            return;
        };
        let now = Instant::now();
        // Workable's interval is never longer than the window; a later reset only means clocks disagree.
        let back_at = now + reset_in.min(self.window);
        let mut bucket = self.lock();
        bucket.returning.retain(|at| *at > now);
        let spent = bucket.in_flight + bucket.returning.len() as u32;
        let available = self.capacity.saturating_sub(spent);
        if available > remaining {
            // Someone else (another process, another integration) spent part of this account's budget.
            let extra = (available - remaining) as usize;
            bucket.returning.extend(std::iter::repeat_n(back_at, extra));
        }
    }

    /// After a 429: nobody sends before `until`.
    pub(crate) fn pause_until(&self, until: Instant) {
        let mut bucket = self.lock();
        bucket.paused_until = Some(bucket.paused_until.map_or(until, |old| old.max(until)));
    }

    fn lock(&self) -> MutexGuard<'_, Bucket> {
        self.bucket.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Workable's `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RateLimitHeaders {
    pub remaining: Option<u32>,
    /// Time until the next interval starts.
    pub reset_in: Option<Duration>,
}

impl RateLimitHeaders {
    pub(crate) fn parse(headers: &HeaderMap) -> Self {
        let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
        Self {
            remaining: text("x-rate-limit-remaining").and_then(|value| value.parse().ok()),
            reset_in: text("x-rate-limit-reset").and_then(reset_in),
        }
    }
}

/// Below this, `X-Rate-Limit-Reset` is read as seconds to wait; above it, as a Unix time (2001-09-09 onwards).
const UNIX_TIME_THRESHOLD: f64 = 1e9;

/// Workable documents the reset as "the next interval" without a format: a Unix time is the common reading and
/// what the mock sends, but a number of seconds is accepted too.
fn reset_in(value: &str) -> Option<Duration> {
    let number: f64 = value
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    if number < UNIX_TIME_THRESHOLD {
        return Duration::try_from_secs_f64(number).ok();
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    Duration::try_from_secs_f64((number - now).max(0.0)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn reset_reads_unix_times_and_seconds() {
        assert_eq!(reset_in("7"), Some(Duration::from_secs(7)));
        let in_five = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 5;
        let wait = reset_in(&in_five.to_string()).unwrap();
        assert!(wait <= Duration::from_secs(5) && wait >= Duration::from_secs(3));
        assert_eq!(reset_in("1000000000"), Some(Duration::ZERO));
        assert_eq!(reset_in("soon"), None);
        assert_eq!(reset_in("-1"), None);
    }

    #[test]
    fn headers_parse() {
        let parsed = RateLimitHeaders::parse(&headers(&[
            ("x-rate-limit-limit", "10".into()),
            ("x-rate-limit-remaining", "3".into()),
            ("x-rate-limit-reset", "2".into()),
        ]));
        assert_eq!(parsed.remaining, Some(3));
        assert_eq!(parsed.reset_in, Some(Duration::from_secs(2)));
        assert_eq!(
            RateLimitHeaders::parse(&HeaderMap::new()),
            RateLimitHeaders::default()
        );
    }

    #[tokio::test]
    async fn a_token_comes_back_one_window_after_its_request_ended() {
        let window = Duration::from_millis(300);
        let limiter = RateLimiter::new(2, window);
        let start = Instant::now();
        drop(limiter.acquire().await);
        drop(limiter.acquire().await);
        assert!(start.elapsed() < window / 2, "the first two are free");
        drop(limiter.acquire().await);
        assert!(start.elapsed() >= window, "the third waits a window");
    }

    #[tokio::test]
    async fn a_waiter_wakes_when_an_in_flight_request_ends() {
        let limiter = Arc::new(RateLimiter::new(1, Duration::from_millis(50)));
        let held = limiter.acquire().await;
        let waiter = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move {
                drop(limiter.acquire().await);
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        drop(held);
        tokio::time::timeout(Duration::from_secs(2), waiter)
            .await
            .expect("the waiter gets the token once it is back")
            .unwrap();
    }

    #[tokio::test]
    async fn workables_remaining_count_makes_the_bucket_stricter() {
        let window = Duration::from_millis(300);
        let limiter = RateLimiter::new(10, window);
        let start = Instant::now();
        {
            let _permit = limiter.acquire().await;
            limiter.observe(&RateLimitHeaders {
                remaining: Some(0),
                reset_in: Some(Duration::from_millis(200)),
            });
        }
        drop(limiter.acquire().await);
        assert!(start.elapsed() >= Duration::from_millis(200));
    }

    #[tokio::test]
    async fn a_pause_holds_everyone() {
        let limiter = RateLimiter::new(10, Duration::from_millis(50));
        let start = Instant::now();
        limiter.pause_until(start + Duration::from_millis(150));
        drop(limiter.acquire().await);
        assert!(start.elapsed() >= Duration::from_millis(150));
    }

    #[test]
    fn one_limiter_per_account_and_token_kind() {
        let window = Duration::from_secs(10);
        let a = shared_limiter(
            "https://acme.workable.com/spi/v3",
            "acme",
            TokenKind::Account,
            window,
        );
        let b = shared_limiter(
            "https://acme.workable.com/spi/v3",
            "acme",
            TokenKind::Account,
            window,
        );
        let oauth = shared_limiter(
            "https://acme.workable.com/spi/v3",
            "acme",
            TokenKind::OAuth,
            window,
        );
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &oauth));
        assert_eq!(oauth.capacity, 50);
    }
}
