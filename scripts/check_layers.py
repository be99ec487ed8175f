"""Check the backend's layering rule (docs/architecture.md, "Layers"): who may import whom inside backend/src.

Every `crate::...` path a file names (in `use` lines and inline) is checked against the layer the file belongs
to. Exit status 0 when the rule holds, 1 with one line per violation otherwise.

Usage: python3 scripts/check_layers.py [BACKEND_SRC]   (default: backend/src beside this script)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# The first path component under src/ decides a file's layer.
LAYERS = {
    "http": {"api", "app", "error", "extract", "client_ip", "rate_limit", "pagination", "spa", "auth", "security_headers", "openapi"},
    "wiring": {"main", "lib", "cli", "state", "config", "telemetry", "cluster"},
    "domain": {
        "accounts", "recruiting", "session", "lifecycle", "email", "analytics", "billing", "jobs",
        "caches", "seed", "operations", "workable", "quota",
    },
    "pure": {"domain"},
    "data": {"db"},
}
# What each layer may name, by first component (None: anything).
ALLOWED = {
    "http": None,
    "wiring": None,
    "domain": LAYERS["domain"] | LAYERS["pure"] | LAYERS["data"] | {"state", "config", "auth"},
    "pure": LAYERS["pure"] | {"db"},
    "data": LAYERS["data"],
}
# Inside `auth`, the domain layer may use the crypto, never the HTTP extractor.
DOMAIN_AUTH_ALLOWED = {"jwt", "password"}
# Pairs (importer, imported) forbidden even inside one layer: the job queue runs the session's work, and the
# session reaches the queue only through a trait it owns.
FORBIDDEN = {("session", "jobs")}

CRATE_PATH = re.compile(r"\bcrate::((?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)(?:::(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*))*)")


def layer_of(module: str) -> str | None:
    for layer, modules in LAYERS.items():
        if module in modules:
            return layer
    return None


def expand(path: str) -> list[list[str]]:
    """`a::{b, c::d}` → [[a, b], [a, c, d]]; nested braces are flattened one level deep."""
    match = re.match(r"^(.*?)\{(.*)\}$", path, re.S)
    if not match:
        return [path.split("::")]
    prefix = [p for p in match.group(1).split("::") if p]
    items = [i.strip() for i in re.split(r",(?![^{]*\})", match.group(2)) if i.strip()]
    out: list[list[str]] = []
    for item in items:
        item = item.split(" as ")[0].strip()
        for rest in expand(item):
            out.append(prefix + [p for p in rest if p and p != "self"])
    return out


def without_comments(text: str) -> str:
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def check(src: Path) -> list[str]:
    problems: list[str] = []
    for file in sorted(src.rglob("*.rs")):
        rel = file.relative_to(src)
        module = rel.parts[0].removesuffix(".rs")
        layer = layer_of(module)
        if layer is None:
            problems.append(f"{rel}: module `{module}` belongs to no layer; add it to scripts/check_layers.py")
            continue
        text = without_comments(file.read_text())
        if module == "api" and rel.name != "mod.rs" and re.search(r"\bsuper::", text):
            problems.append(f"{rel}: an api module reaches a sibling through `super::`; move what they share below api/")
        allowed = ALLOWED[layer]
        for found in CRATE_PATH.findall(text):
            for parts in expand(found):
                target = parts[0]
                if module == "api" and target == "api" and rel.name != "mod.rs":
                    problems.append(f"{rel}: api modules may not import each other (crate::{'::'.join(parts)})")
                if (module, target) in FORBIDDEN:
                    problems.append(f"{rel}: `{module}` may not import `{target}` (crate::{'::'.join(parts)})")
                if allowed is None or target == module:
                    continue
                if target not in allowed:
                    problems.append(
                        f"{rel}: the {layer} layer may not import `{target}` (crate::{'::'.join(parts)})"
                    )
                elif layer == "domain" and target == "auth" and (len(parts) < 2 or parts[1] not in DOMAIN_AUTH_ALLOWED):
                    problems.append(f"{rel}: the domain layer may use only auth::jwt and auth::password (crate::{'::'.join(parts)})")
    return sorted(set(problems))


def main() -> int:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "backend" / "src"
    problems = check(src)
    for problem in problems:
        print(problem)
    if problems:
        print(f"layering: {len(problems)} violation(s); see docs/architecture.md, section Layers", file=sys.stderr)
        return 1
    print("layering: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
