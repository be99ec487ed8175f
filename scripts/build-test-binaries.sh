#!/usr/bin/env bash
# The web app and the debug binaries the browser tests and the schema fuzzer run: the server (which embeds the
# built web app) and the local mocks of the AI provider, Stripe and Workable.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root/frontend" && npm run build --silent)
cd "$root/backend"
cargo build --locked --bin tali
cargo build --locked -p tali-ai --features mock --bin tali-ai-mock
cargo build --locked -p tali-stripe --features mock --bin tali-stripe-mock
cargo build --locked -p tali-workable --features mock --bin tali-workable-mock
