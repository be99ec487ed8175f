#!/usr/bin/env bash
# Builds the web app into frontend/dist unless nothing that goes into it changed since the last build.
# The release binary embeds dist: a rebuild with identical inputs would still give every file a new mtime and
# make cargo rebuild the binary for minutes, so an unchanged second `make run` must leave dist alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/frontend"

stamp=node_modules/.tali-web-build-hash
# What the build reads: its sources and config (tests and browser specs excluded), the installed packages
# (through the lock), Node's version, and the VITE_* variables Vite bakes in.
inputs=$(
    {
        git ls-files -co --exclude-standard -- . ':!e2e' ':!*.test.js' ':!*.test.jsx' ':!src/test' \
            | LC_ALL=C sort | while read -r f; do [[ -f $f ]] && { echo "$f"; sha256sum < "$f"; }; done
        node --version
        env | grep '^VITE_' | LC_ALL=C sort || true
    } | sha256sum | cut -d' ' -f1
)
if [[ -f dist/index.html && -f $stamp && $(cat "$stamp") == "$inputs" ]]; then
    echo "web app: unchanged since the last build, frontend/dist left as it is"
    exit 0
fi
npm run build
echo "$inputs" > "$stamp"
