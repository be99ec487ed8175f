#!/usr/bin/env bash
# The server the browser tests run against: the debug binary (it reads frontend/dist from disk) on
# 127.0.0.1:8765 with a fresh SQLite database, the local sandbox, the mock Anthropic server on 127.0.0.1:8766
# as its AI provider, billing on against the Stripe mock (E2E_STRIPE_PORT, default E2E_PORT+2; its hosted
# Checkout and portal pages deliver signed webhooks to this server), and the local Workable
# (tali-workable-mock, E2E_WORKABLE_PORT, default E2E_PORT+3). Started and stopped by Playwright's webServer;
# nothing here reaches the network.
# E2E_NO_AI=1 starts the server as a deployment without any AI provider and without billing or Workable (no
# mocks at all): what happens when nobody configured them, e.g. the recruiter grading the understanding check.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data=$(mktemp -d "${TMPDIR:-/tmp}/tali-e2e-XXXXXX")
# The sandbox runs candidate code as unprivileged users, who must be able to reach their workspaces below here.
chmod 711 "$data"
port=${E2E_PORT:-8765}
ai_port=${E2E_AI_PORT:-8766}
stripe_port=${E2E_STRIPE_PORT:-$((port + 2))}
workable_port=${E2E_WORKABLE_PORT:-$((port + 3))}
webhook_secret=whsec_e2e_browser_tests

no_ai=${E2E_NO_AI:-0}
mocks=()
if [ "$no_ai" != 1 ]; then
    "$root/backend/target/debug/tali-ai-mock" --port "$ai_port" &
    mocks+=($!)
    "$root/backend/target/debug/tali-stripe-mock" --port "$stripe_port" \
        --webhook-url "http://127.0.0.1:$port/api/v1/webhooks/stripe" --webhook-secret "$webhook_secret" &
    mocks+=($!)
    "$root/backend/target/debug/tali-workable-mock" --port "$workable_port" --rate-window-secs 1 &
    mocks+=($!)
fi

export PORT=$port
export TALI_DATA_DIR="$data"
export DATABASE_URL="sqlite://$data/tali.db?mode=rwc"
export SECRET_KEY=e2e-secret-key-that-is-long-enough-0123456789
export BCRYPT_COST=4
export AUTH_RATE_LIMIT_PER_MINUTE=1000
export SANDBOX_RUNTIME_DIR="$root/data/sandbox-runtime"
if [ "$no_ai" != 1 ]; then
    export ANTHROPIC_API_KEY=sk-ant-e2e
    export ANTHROPIC_BASE_URL="http://127.0.0.1:$ai_port"
    export STRIPE_API_KEY=sk_test_e2e
    export STRIPE_API_BASE="http://127.0.0.1:$stripe_port"
    export STRIPE_WEBHOOK_SECRET=$webhook_secret
    export STRIPE_PRICE_MONTHLY=price_e2e_monthly
    # Workable's webhooks come back to this server, so its public URL is the one the mock can reach.
    export WORKABLE_API_BASE="http://127.0.0.1:$workable_port"
    export WORKABLE_RATE_WINDOW_MS=1000
else
    unset ANTHROPIC_API_KEY ANTHROPIC_BASE_URL OPENAI_BASE_URL OPENAI_API_KEY STRIPE_API_KEY WORKABLE_API_BASE
fi
# Every spec registers its own organizations and sends assessments; only billing.spec.mjs cares about credits.
export BILLING_TRIAL_CREDITS=1000
export PUBLIC_URL="http://127.0.0.1:$port"
export LOG_FORMAT=pretty
export RUST_LOG=${RUST_LOG:-warn}

"$root/backend/target/debug/tali" serve &
server=$!
cleanup() {
    kill $server "${mocks[@]}" 2>/dev/null
    wait $server "${mocks[@]}" 2>/dev/null
    # Sessions still in progress keep their workspace images mounted; release them before deleting.
    awk -v d="$data/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
    rm -rf "$data"
}
trap cleanup EXIT INT TERM
wait $server
