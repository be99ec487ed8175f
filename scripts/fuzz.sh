#!/usr/bin/env bash
# Schema fuzzing: schemathesis (from PyPI, pinned) generates requests from TALI's own OpenAPI document against every
# operation of a fresh server (scripts/e2e-server.sh: SQLite, the local sandbox, the AI, Stripe and Workable mocks),
# signed in as a recruiter and as a candidate, and fails on any answer >= 500 or any answer the document does not
# describe. `make test` runs it for FUZZ_SECONDS (default 120); `make fuzz` for 20 minutes.
#
# Usage: scripts/fuzz.sh [seconds]      needs the debug binaries (`make test` builds them first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds=${1:-${FUZZ_SECONDS:-120}}
port=${FUZZ_PORT:-8870}

SCHEMATHESIS="schemathesis==4.32.5"
venv="backend/target/tools/schemathesis"
if [[ ! -x "$venv/bin/st" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$SCHEMATHESIS"
fi

# Workable's OAuth configured against the mock too, so its routes run instead of answering "not configured".
export WORKABLE_CLIENT_ID=tali-mock-client WORKABLE_CLIENT_SECRET=tali-mock-client-secret
log=$(mktemp "${TMPDIR:-/tmp}/tali-fuzz-server-XXXXXX.log")
E2E_PORT=$port E2E_AI_PORT=$((port + 4)) RUST_LOG=error scripts/e2e-server.sh >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    curl -sf "$base/health/live" >/dev/null && break
    sleep 0.2
done

eval "$(python3 scripts/fuzz/setup.py "$base")"
export FUZZ_RECRUITER_TOKEN FUZZ_CANDIDATE_TOKEN FUZZ_ASSESSMENT_ID

status=0
"$venv/bin/st" --config-file scripts/fuzz/schemathesis.toml run "$base/api/openapi.json" \
    --max-time "$seconds" --workers 1 --phases examples,coverage,fuzzing --no-color \
    --generation-deterministic --seed 20261204 || status=$?
if [[ $status -ne 0 ]]; then
    echo "fuzz: failures above; the server's log: $log"
    grep -iE "error|panic" "$log" | tail -20 || true
    exit $status
fi
rm -f "$log"
