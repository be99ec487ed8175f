#!/usr/bin/env bash
# Every check CI runs, in order, stopping at the first failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

step() { printf '\n==> %s\n' "$*"; }
export BCRYPT_COST=4
# A one-off build gains nothing from incremental caches, which would double the target directory's size.
export CARGO_INCREMENTAL=0

step "rustfmt"
(cd backend && cargo fmt --all --check)

step "clippy"
(cd backend && cargo clippy --workspace --all-targets --locked -- -D warnings)

step "layering: who may import whom in backend/src"
python3 scripts/check_layers.py

step "Dockerfile: hadolint, COPY sources in a clean checkout, the Rust stage checked on exactly what it copies"
scripts/check-dockerfile.py

step "dependency audit: licenses, duplicate crates, sources, advisories (backend/deny.toml)"
scripts/audit-deps.sh

step "backend tests on SQLite"
(cd backend && cargo test --workspace --locked)

step "backend tests on PostgreSQL"
(cd backend && TALI_TEST_DATABASE=postgres cargo test --locked --test server -- --skip templates:: --skip task_generation::)

step "template tasks: starters fail, references pass"
scripts/check-tasks.sh

step "web app lint: no cross-feature imports, the shared layer below the features"
(cd frontend && npm run lint --silent)

step "web app unit tests"
(cd frontend && npm test --silent)

step "browser tests against the real server"
scripts/build-test-binaries.sh
(cd frontend && npm run e2e --silent)

step "schema fuzzing: requests generated from the OpenAPI document, no 5xx and no undocumented answer"
scripts/fuzz.sh "${FUZZ_SECONDS:-120}"

step "soak: a mixed workload against a fresh server, no errors, flat memory, no leaked sandboxes"
scripts/soak.sh "${SOAK_SECONDS:-120}"

printf '\nall checks passed\n'
