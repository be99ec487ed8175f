# The E2B template candidate code runs in with SANDBOX_PROVIDER=e2b (E2B_TEMPLATE names it). Same Python
# (Debian bookworm's 3.11) and the same hash-pinned packages as the local sandbox's runtime, from
# scripts/sandbox-runtime/requirements.lock. Build from the repository root (docs/operations.md, "E2B"):
#   e2b template build --path . --dockerfile sandbox/e2b/e2b.Dockerfile --config sandbox/e2b/e2b.toml
# then check it with `tali sandbox check`.
FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 python3-pip \
 && rm -rf /var/lib/apt/lists/*
COPY scripts/sandbox-runtime/requirements.lock /opt/tali/requirements.lock
# Debian marks its Python externally managed; this image exists only to run candidate code with these packages.
RUN python3 -m pip install --no-cache-dir --break-system-packages --require-hashes --no-deps --only-binary=:all: \
        -r /opt/tali/requirements.lock \
 && python3 -c "import pytest, pyflakes, requests, numpy"
