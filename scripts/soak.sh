#!/usr/bin/env bash
# The soak: a mixed workload (recruiters listing, creating and reading; candidates starting, autosaving, running
# code and the visible tests, chatting with the mock AI, submitting) against the debug `tali serve` on a fresh
# SQLite database with the local sandbox (backend/examples/soak). Fails on any answer but the expected one other
# than 429/503 with Retry-After, on the server's memory at the end more than 20% above the warm-up's, and on any
# workspace, mount or process a submitted session leaves behind; prints p50/p99 per route. A saturation seat
# (SOAK_BURST runs at once from one candidate, default 6) reaches the per-candidate limit, so the run also fails if
# nothing was throttled or a refusal came without Retry-After.
# `make test` runs it for SOAK_SECONDS (default 120); `make soak` for 10 minutes.
#
# Usage: scripts/soak.sh [seconds]      needs root (the local sandbox) and data/sandbox-runtime
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${1:-${SOAK_SECONDS:-120}}
cd "$root/backend"
cargo build --locked --bin tali --example soak
target/debug/examples/soak --tali target/debug/tali --seconds "$seconds" --candidates "${SOAK_CANDIDATES:-3}" \
    --burst "${SOAK_BURST:-6}"
