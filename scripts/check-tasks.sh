#!/usr/bin/env bash
# Check every template task in backend/seed/tasks/: task.json is valid, the
# starter fails its tests, the reference passes them, and every planted bug is
# caught. Needs a Python 3.11+ with pytest; without one, pytest is installed
# into a throwaway venv (kept in $TMPDIR between runs so reruns are fast).
#
# Usage: scripts/check-tasks.sh [TASKS_DIR]
#   PYTHON=/path/to/python  interpreter to use (default: python3)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks_dir="${1:-$root/backend/seed/tasks}"
python="${PYTHON:-python3}"
# The version the sandbox runtime pins (docs: local sandbox, offline packages).
pytest_pin="pytest==8.3.3"

if ! "$python" -c 'import pytest' 2>/dev/null; then
    venv="${TMPDIR:-/tmp}/tali-check-tasks-venv"
    if ! "$venv/bin/python" -c 'import pytest' 2>/dev/null; then
        echo "pytest not found for $python; installing $pytest_pin into $venv" >&2
        rm -rf "$venv"
        "$python" -m venv "$venv" || { echo "FAIL: cannot create a venv with $python" >&2; exit 1; }
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pytest_pin" \
            || { echo "FAIL: cannot install $pytest_pin" >&2; exit 1; }
    fi
    python="$venv/bin/python"
fi

exec "$python" "$root/scripts/check_tasks.py" "$tasks_dir"
