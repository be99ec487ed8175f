"""Tests you can run from the IDE. More tests run when you submit."""

from solution import PLANS, RateLimiter


class FakeClock:
    """A clock the test moves by hand."""

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


def test_retry_after_is_time_until_next_token():
    limiter = RateLimiter(FakeClock())
    drain(limiter, "key-1", "pro")
    refused = limiter.check("key-1", "pro")
    assert not refused.allowed
    assert abs(refused.retry_after - 0.1) < 1e-9


def test_clock_stepping_back_does_not_block_clients():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limiter.check("key-1", "free")
    clock.advance(-120)
    assert limiter.check("key-1", "free").allowed
