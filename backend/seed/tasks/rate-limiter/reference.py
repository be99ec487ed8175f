"""API rate limiting: one token bucket per API key, sized by the customer's plan.

A bucket holds up to `burst` tokens and refills continuously at
`rate_per_second`. Each request costs tokens (1 for most endpoints, more for
bulk ones). When a bucket is short, the request is refused and the caller is
told how long to wait, which the HTTP layer sends as `Retry-After`.

The clock is injected: production passes `time.time`, tests pass a fake. The
wall clock can step backwards when NTP corrects it, so the code must never
assume time only moves forward.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


class RateLimitConfigError(ValueError):
    """A plan or request that can never be served, e.g. a cost above the burst."""


@dataclass(frozen=True)
class Plan:
    name: str
    rate_per_second: float
    burst: int

    def __post_init__(self) -> None:
        # Written as a range check so NaN and infinity are refused too.
        if not 0 < self.rate_per_second < math.inf or self.burst < 1:
            raise RateLimitConfigError(f"plan {self.name!r} needs a positive finite rate and a burst of at least 1")


PLANS = {
    "free": Plan("free", rate_per_second=1.0, burst=5),
    "pro": Plan("pro", rate_per_second=10.0, burst=50),
    "enterprise": Plan("enterprise", rate_per_second=100.0, burst=500),
}

SECONDS_PER_UNIT = {"s": 1, "m": 60, "h": 3600}


def parse_plans(spec: str) -> dict[str, Plan]:
    """Parse plan overrides from configuration, e.g. `"free=60/m burst 10; pro=20/s burst 100"`.

    Each entry is `<name>=<requests>/<s|m|h> burst <n>`; a bad entry is
    rejected with a message naming it, so a typo never silently disables limits.
    """
    plans: dict[str, Plan] = {}
    for entry in filter(None, (part.strip() for part in spec.split(";"))):
        name, _, rule = entry.partition("=")
        rate_text, _, burst_text = rule.strip().partition(" burst ")
        count, _, unit = rate_text.partition("/")
        name = name.strip()
        try:
            rate = float(count) / SECONDS_PER_UNIT[unit.strip()]
            burst = int(burst_text)
        except (KeyError, ValueError):
            raise RateLimitConfigError(f"bad plan entry {entry!r}; expected name=<n>/<s|m|h> burst <n>") from None
        if not name or name in plans:
            raise RateLimitConfigError(f"bad plan entry {entry!r}; plan names must be present and unique")
        plans[name] = Plan(name, rate, burst)
    if not plans:
        raise RateLimitConfigError("no plans configured")
    return plans


@dataclass(frozen=True)
class Decision:
    allowed: bool
    # Whole tokens left after this request.
    remaining: int
    # Seconds until the same request would be allowed; 0 when allowed.
    retry_after: float

    def headers(self, plan: Plan) -> dict[str, str]:
        """Response headers; Retry-After is whole seconds, rounded up so clients never retry too early."""
        headers = {"X-RateLimit-Limit": str(plan.burst), "X-RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            headers["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return headers


class TokenBucket:
    def __init__(self, plan: Plan, now: float):
        self.plan = plan
        self._tokens = float(plan.burst)
        self._updated = now

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)
        self._updated = now
        self._tokens = min(float(self.plan.burst), self._tokens + elapsed * self.plan.rate_per_second)

    def tokens(self, now: float) -> float:
        self._refill(now)
        return self._tokens

    def try_take(self, cost: int, now: float) -> Decision:
        """Take `cost` tokens if available; a refused request takes nothing."""
        self._refill(now)
        if self._tokens >= cost:
            self._tokens -= cost
            return Decision(True, math.floor(self._tokens), 0.0)
        missing = cost - self._tokens
        return Decision(False, math.floor(self._tokens), missing / self.plan.rate_per_second)

    def is_full(self, now: float) -> bool:
        return self.tokens(now) >= self.plan.burst


class RateLimiter:
    """Thread-safe limiter for many API keys."""

    def __init__(self, clock: Clock, plans: dict[str, Plan] | None = None):
        self._clock = clock
        self._plans = plans or PLANS
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def plan(self, name: str) -> Plan:
        try:
            return self._plans[name]
        except KeyError:
            raise RateLimitConfigError(f"unknown plan {name!r}") from None

    def check(self, api_key: str, plan_name: str, cost: int = 1) -> Decision:
        """Decide one request for `api_key` on plan `plan_name`."""
        if not api_key:
            raise ValueError("api_key must not be empty")
        if isinstance(cost, bool) or not isinstance(cost, int) or cost < 1:
            raise ValueError("cost must be a positive whole number")
        plan = self.plan(plan_name)
        if cost > plan.burst:
            raise RateLimitConfigError(f"a request costing {cost} can never fit the {plan.name} burst of {plan.burst}")
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(api_key)
            if bucket is None or bucket.plan != plan:
                # New key or a plan change: start from a full bucket of the new plan.
                bucket = TokenBucket(plan, now)
                self._buckets[api_key] = bucket
            return bucket.try_take(cost, now)

    def evict_idle(self) -> int:
        """Drop buckets that have refilled completely; a fresh bucket would be
        identical, so this frees memory without changing any decision.
        Returns how many were dropped."""
        with self._lock:
            now = self._clock()
            idle = [key for key, bucket in self._buckets.items() if bucket.is_full(now)]
            for key in idle:
                del self._buckets[key]
            return len(idle)

    def tracked_keys(self) -> int:
        with self._lock:
            return len(self._buckets)
