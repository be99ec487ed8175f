#!/usr/bin/env bash
# Installs what a fresh Debian machine with Rust and Node lacks, and nothing that is already there.
#   scripts/setup.sh              what `make run` needs
#   scripts/setup.sh --for-tests  plus what the browser tests need (Debian's Chromium)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

packages=(bubblewrap python3-venv python3-pip util-linux e2fsprogs)
[[ "${1:-}" == "--for-tests" ]] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    if [[ $(id -u) == 0 ]]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in cargo node npm; do
    command -v "$tool" >/dev/null || { echo "setup: $tool is required (install Rust and Node.js 20+)" >&2; exit 1; }
done

# npm ci only when the lock changed since the last install.
stamp=frontend/node_modules/.tali-lock-hash
want=$(sha256sum frontend/package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "setup: installing npm packages"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
fi

scripts/sandbox-runtime/setup.sh "$root/data/sandbox-runtime"
