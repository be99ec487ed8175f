#!/bin/sh
# Builds the read-only Python runtime used by the local code sandbox (see tali-sandbox):
#   <runtime-dir>/venv       venv on Debian's /usr/bin/python3, no pip inside, packages from requirements.lock
#   <runtime-dir>/wheelhouse hash-checked wheels, so a rebuild needs no network
#   <runtime-dir>/etc/       passwd and group files bound into the sandbox (getpass, pytest's tmp_path need them)
# Idempotent: exits at once when the runtime already matches requirements.lock and this script.
# Usage: setup.sh [runtime-dir]   (default: <repo>/data/sandbox-runtime)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
runtime=${1:-$here/../../data/sandbox-runtime}
python=/usr/bin/python3
lock=$here/requirements.lock

stamp_value=$(cat "$lock" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$runtime/.stamp" ] && [ "$(cat "$runtime/.stamp")" = "$stamp_value" ]; then
    exit 0
fi

if [ "$(id -u)" = 0 ]; then
    need=""
    command -v bwrap >/dev/null 2>&1 || need="$need bubblewrap"
    "$python" -c 'import ensurepip, venv' >/dev/null 2>&1 || need="$need python3-venv"
    "$python" -m pip --version >/dev/null 2>&1 || need="$need python3-pip"
    if [ -n "$need" ]; then
        echo "sandbox-runtime: installing$need"
        apt-get install -y --no-install-recommends $need >/dev/null
    fi
fi
command -v bwrap >/dev/null 2>&1 || { echo "sandbox-runtime: bubblewrap is missing (apt-get install bubblewrap)" >&2; exit 1; }
"$python" -m pip --version >/dev/null 2>&1 || { echo "sandbox-runtime: python3-pip is missing (apt-get install python3-pip python3-venv)" >&2; exit 1; }

mkdir -p "$runtime"
runtime=$(cd "$runtime" && pwd)
echo "sandbox-runtime: building $runtime"

# The wheelhouse keeps what was downloaded; pip only fetches wheels that are not already there.
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -d "$runtime/wheelhouse" -r "$lock"

rm -rf "$runtime/venv.new"
"$python" -m venv --without-pip --prompt sandbox "$runtime/venv.new"
"$python" -m pip --python "$runtime/venv.new/bin/python3" install --quiet --disable-pip-version-check \
    --no-index --find-links "$runtime/wheelhouse" --require-hashes --only-binary=:all: --no-deps -r "$lock"
# Console-script shebangs name the venv path, and the sandbox binds the venv at the same path: rename before use.
rm -rf "$runtime/venv"
mv "$runtime/venv.new" "$runtime/venv"
"$python" - "$runtime/venv" <<'PY'
import pathlib, sys
venv = pathlib.Path(sys.argv[1])
for script in (venv / "bin").iterdir():
    if script.is_file() and not script.is_symlink():
        text = script.read_bytes()
        script.write_bytes(text.replace(b"/venv.new", b"/venv"))
PY
# The sandbox mounts the venv read-only, so byte-code must exist before the first run.
"$runtime/venv/bin/python3" -m compileall -q "$runtime/venv" >/dev/null

mkdir -p "$runtime/etc"
printf 'sandbox:x:1000:1000:sandbox:/workspace:/nonexistent\nnobody:x:65534:65534:nobody:/nonexistent:/nonexistent\n' > "$runtime/etc/passwd"
printf 'sandbox:x:1000:\nnogroup:x:65534:\n' > "$runtime/etc/group"

# Sandboxed runs use unprivileged uids: everything must be readable by others and writable by nobody else.
chmod -R go-w,a+rX "$runtime"
echo "$stamp_value" > "$runtime/.stamp"
echo "sandbox-runtime: ready"
