#!/usr/bin/env bash
# The server the browser tests run against: the debug binary (it reads frontend/dist from disk) on
# 127.0.0.1:8765 with a fresh SQLite database. Started and stopped by Playwright's webServer.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data=$(mktemp -d "${TMPDIR:-/tmp}/tali-e2e-XXXXXX")
trap 'rm -rf "$data"' EXIT

export PORT=${E2E_PORT:-8765}
export TALI_DATA_DIR="$data"
export DATABASE_URL="sqlite://$data/tali.db?mode=rwc"
export SECRET_KEY=e2e-secret-key-that-is-long-enough-0123456789
export BCRYPT_COST=4
export AUTH_RATE_LIMIT_PER_MINUTE=1000
export LOG_FORMAT=pretty
export RUST_LOG=${RUST_LOG:-warn}

"$root/backend/target/debug/tali" serve &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT INT TERM
wait $server
