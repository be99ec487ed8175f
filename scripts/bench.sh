#!/usr/bin/env bash
# Benchmarks behind docs/performance.md, each comparing TALI with the physical limit measured in the same run:
#   1. the sandbox: print(1) and a 5-test pytest run through the service vs bare bwrap / bare python, and
#      concurrent 100 ms CPU tasks vs the cores' ideal (backend/crates/sandbox/examples/bench.rs);
#   2. the API: a candidate's start -> submit vs the bare sandbox calls, and the recruiter's list of 10,000
#      assessments vs the same page in direct SQL (backend/examples/bench_api.rs);
#   3. the scoring engine: score() on a 3-hour worst-case and a typical session vs lexing every snapshot once
#      (backend/crates/scoring/examples/bench.rs, example bench_scoring);
#   4. scale: deep pages by offset and by cursor vs the first page and direct SQL, list and detail at 1k, 10k and
#      100k assessments, /auth/me vs /health, /health during bcrypt logins, and the landing page's script vs a
#      bare server (backend/examples/bench_scale.rs).
# Needs root (the local sandbox), PostgreSQL on 127.0.0.1:5432 (override with BENCH_PG_URL) and about 10 minutes.
# Each bench creates and removes its own database, sandboxes and temporary files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/backend/target}

step() { printf '\n==> %s\n' "$*"; }

scripts/sandbox-runtime/setup.sh "$root/data/sandbox-runtime"

step "build (release)"
(cd frontend && npm run build --silent)
(cd backend && cargo build --release --locked --workspace --example bench --example bench_api --example bench_scoring \
    --example bench_scale)

step "machine"
printf 'cpus: %s  %s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
printf 'load before: %s\n' "$(uptime)"

step "sandbox: service vs bare"
"$CARGO_TARGET_DIR/release/examples/bench"

step "API: submit and recruiter list vs their limits"
"$CARGO_TARGET_DIR/release/examples/bench_api"

step "scoring: score() vs lexing every snapshot"
"$CARGO_TARGET_DIR/release/examples/bench_scoring"

step "scale: paging, growth, authentication, logins and assets vs their limits"
"$CARGO_TARGET_DIR/release/examples/bench_scale"

printf '\nload after: %s\n' "$(uptime)"
