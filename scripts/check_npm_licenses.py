#!/usr/bin/env python3
"""Every package the built web app ships (npm production dependencies) must carry a license the project allows.

The allowed licenses are the ones of backend/deny.toml, so the Rust and the npm sides follow one policy.
A license expression passes when it is satisfiable: `A OR B` needs one of them allowed, `A AND B` both.

Usage: scripts/check_npm_licenses.py   (run from anywhere; reads frontend/node_modules)
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def allowed_licenses():
    with open(ROOT / "backend" / "deny.toml", "rb") as f:
        return set(tomllib.load(f)["licenses"]["allow"])


def satisfiable(expression, allowed):
    """Evaluates an SPDX expression (AND binds tighter than OR, parentheses group)."""
    tokens = re.findall(r"\(|\)|[^\s()]+(?:\s+WITH\s+[^\s()]+)?", expression)
    position = 0

    def term():
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            value = either()
            position += 1  # the closing parenthesis
            return value
        return token in allowed

    def both():
        nonlocal position
        value = term()
        while position < len(tokens) and tokens[position] == "AND":
            position += 1
            value = term() and value
        return value

    def either():
        nonlocal position
        value = both()
        while position < len(tokens) and tokens[position] == "OR":
            position += 1
            value = both() or value
        return value

    return either()


def production_packages():
    listing = subprocess.run(
        ["npm", "ls", "--omit=dev", "--all", "--parseable"],
        cwd=ROOT / "frontend", capture_output=True, text=True, check=True,
    ).stdout.split()
    return [Path(p) for p in listing[1:]]  # the first line is the app itself


def license_of(manifest):
    value = manifest.get("license") or manifest.get("licenses")
    if isinstance(value, dict):
        return value.get("type")
    if isinstance(value, list):
        return " OR ".join(v.get("type", "") if isinstance(v, dict) else str(v) for v in value)
    return value


def main():
    allowed = allowed_licenses()
    rejected = []
    packages = production_packages()
    for directory in packages:
        manifest = json.loads((directory / "package.json").read_text())
        expression = license_of(manifest)
        if not expression or not satisfiable(expression, allowed):
            rejected.append(f"{manifest.get('name')}@{manifest.get('version')}: {expression or 'no license'}")
    if rejected:
        print("npm packages with a license outside backend/deny.toml's allow list:", *rejected, sep="\n  ")
        return 1
    print(f"npm licenses ok ({len(packages)} production packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
