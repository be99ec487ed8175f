# One image: the web app built by Node, embedded in the release binary built by Rust, on Debian slim with the
# sandbox runtime. Build from the repository root: docker build -t tali .
# scripts/check-dockerfile.py (run by make test) lints this file and checks the Rust stage's build from
# exactly the files its COPY lines bring in.

FROM node:20-bookworm AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY backend/ backend/
# The E2B provider embeds the sandbox runtime's lock (include_str!), so the Rust build needs it too.
COPY scripts/sandbox-runtime/requirements.lock scripts/sandbox-runtime/requirements.lock
COPY --from=web /src/frontend/dist frontend/dist
WORKDIR /src/backend
RUN cargo build --release --locked --bin tali

FROM debian:bookworm-slim
# Debian's security updates replace package versions, so pinning them would break the next build: the base
# image's tag is the pin.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl tini bubblewrap python3 python3-venv python3-pip util-linux e2fsprogs \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin tali
# The runtime lives outside the data directory, so a volume mounted on /app/data does not hide it.
COPY scripts/sandbox-runtime/ /opt/tali/sandbox-runtime-src/
RUN /opt/tali/sandbox-runtime-src/setup.sh /opt/tali/sandbox-runtime \
 && mkdir -p /app/data \
 && chown tali:tali /app/data
COPY --from=server /src/backend/target/release/tali /usr/local/bin/tali
WORKDIR /app
ENV HOST=0.0.0.0 PORT=8000 TALI_DATA_DIR=/app/data SANDBOX_RUNTIME_DIR=/opt/tali/sandbox-runtime \
    TALI_ENV=production LOG_FORMAT=json
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/bin/sh", "-c", "curl -fsS http://127.0.0.1:${PORT}/health/live || exit 1"]
# Docker's default seccomp profile blocks the user namespaces bubblewrap needs: run with SANDBOX_PROVIDER=e2b,
# or give the container a profile that allows unshare (docs/operations.md).
# tini is PID 1 so SIGTERM reaches tali (which then drains requests) and zombies are reaped.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["tali", "serve"]
