"""Submission tests: the visible behaviours plus edge cases."""

import threading

import pytest
from solution import PLANS, Plan, RateLimitConfigError, RateLimiter, parse_plans


class FakeClock:
    def __init__(self, start=1_000.0):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def drain(limiter, key, plan):
    while limiter.check(key, plan).allowed:
        pass


def test_burst_is_allowed_then_refused():
    limiter = RateLimiter(FakeClock())
    decisions = [limiter.check("key-1", "free") for _ in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert [d.remaining for d in decisions[:5]] == [4, 3, 2, 1, 0]


def test_keys_have_separate_buckets():
    limiter = RateLimiter(FakeClock())
    drain(limiter, "key-1", "free")
    assert limiter.check("key-2", "free").allowed


def test_tokens_refill_over_time():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    drain(limiter, "key-1", "free")
    clock.advance(2)
    assert [limiter.check("key-1", "free").allowed for _ in range(3)] == [True, True, False]


def test_idle_client_cannot_exceed_its_burst():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limiter.check("key-1", "free")
    clock.advance(3600)
    allowed = sum(limiter.check("key-1", "free").allowed for _ in range(20))
    assert allowed == PLANS["free"].burst


def test_remaining_never_exceeds_burst_after_idle():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limiter.check("key-1", "pro")
    clock.advance(60)
    assert limiter.check("key-1", "pro").remaining == PLANS["pro"].burst - 1


def test_retry_after_is_time_until_next_token():
    limiter = RateLimiter(FakeClock())
    drain(limiter, "key-1", "pro")
    refused = limiter.check("key-1", "pro")
    assert not refused.allowed
    assert refused.retry_after == pytest.approx(0.1)


def test_retry_after_scales_with_cost_and_plan():
    clock = FakeClock()
    plans = {"slow": Plan("slow", rate_per_second=0.5, burst=4), "fast": Plan("fast", rate_per_second=20.0, burst=10)}
    limiter = RateLimiter(clock, plans)
    drain(limiter, "a", "slow")
    assert limiter.check("a", "slow", cost=3).retry_after == pytest.approx(6.0)
    drain(limiter, "b", "fast")
    assert limiter.check("b", "fast", cost=4).retry_after == pytest.approx(0.2)


def test_waiting_retry_after_then_succeeds():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    drain(limiter, "key-1", "pro")
    refused = limiter.check("key-1", "pro", cost=5)
    clock.advance(refused.retry_after)
    assert limiter.check("key-1", "pro", cost=5).allowed


def test_refused_request_takes_no_tokens():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    for _ in range(4):
        limiter.check("key-1", "free")
    assert not limiter.check("key-1", "free", cost=3).allowed
    assert limiter.check("key-1", "free").allowed


def test_clock_stepping_back_does_not_block_clients():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limiter.check("key-1", "free")
    clock.advance(-120)
    assert limiter.check("key-1", "free").allowed


def test_clock_stepping_back_neither_grants_nor_removes_tokens():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    drain(limiter, "key-1", "free")
    clock.advance(-600)
    assert not limiter.check("key-1", "free").allowed
    clock.advance(1)
    assert limiter.check("key-1", "free").allowed


def test_retry_after_header_rounds_up_to_whole_seconds():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    drain(limiter, "key-1", "pro")
    refused = limiter.check("key-1", "pro")
    assert refused.headers(PLANS["pro"]) == {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "0",
        "Retry-After": "1",
    }
    assert "Retry-After" not in limiter.check("key-2", "pro").headers(PLANS["pro"])


def test_plan_change_starts_a_fresh_bucket():
    limiter = RateLimiter(FakeClock())
    drain(limiter, "key-1", "free")
    assert limiter.check("key-1", "pro").remaining == PLANS["pro"].burst - 1


def test_invalid_requests_are_rejected_clearly():
    limiter = RateLimiter(FakeClock())
    with pytest.raises(RateLimitConfigError):
        limiter.check("key-1", "platinum")
    with pytest.raises(RateLimitConfigError):
        limiter.check("key-1", "free", cost=6)
    for cost in (0, -1, True, 1.5):
        with pytest.raises(ValueError):
            limiter.check("key-1", "free", cost=cost)
    with pytest.raises(ValueError):
        limiter.check("", "free")


def test_evict_idle_drops_only_full_buckets():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limiter.check("busy", "free", cost=5)
    limiter.check("light", "pro")
    clock.advance(1)
    assert limiter.evict_idle() == 1
    assert limiter.tracked_keys() == 1
    clock.advance(10)
    assert limiter.evict_idle() == 1
    assert limiter.tracked_keys() == 0


def test_concurrent_requests_never_exceed_the_burst():
    limiter = RateLimiter(FakeClock())
    results = []
    lock = threading.Lock()

    def worker():
        for _ in range(50):
            decision = limiter.check("shared", "pro")
            with lock:
                results.append(decision.allowed)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == PLANS["pro"].burst


def test_parse_plans_reads_rates_in_any_unit():
    plans = parse_plans("free=60/m burst 10; pro = 20/s burst 100 ;")
    assert plans["free"] == Plan("free", 1.0, 10)
    assert plans["pro"] == Plan("pro", 20.0, 100)
    assert parse_plans("batch=7200/h burst 3")["batch"].rate_per_second == pytest.approx(2.0)


def test_parse_plans_rejects_bad_entries():
    for spec in (
        "",
        "free",
        "free=1/d burst 2",
        "free=1/s",
        "free=0/s burst 2",
        "free=1/s burst 0",
        "=1/s burst 1",
        "a=1/s burst 1; a=2/s burst 2",
        "a=nan/s burst 1",
        "a=inf/s burst 1",
    ):
        with pytest.raises(RateLimitConfigError):
            parse_plans(spec)
