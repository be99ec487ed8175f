//! Python helpers run inside the sandbox with `python3 -I` (isolated: the workspace is not on sys.path, so a
//! candidate file such as `json.py` cannot replace a module they import). Each reads its input from the file
//! named by argv[1] and prints one JSON document.

/// Lints a file with pyflakes; prints `[{"line": n, "message": "..."}]`.
pub(crate) const LINT: &str = r#"
import json, sys
from pyflakes import api, reporter

class Collect(reporter.Reporter):
    def __init__(self):
        self.found = []
    def unexpectedError(self, filename, msg):
        self.found.append({"line": 0, "message": str(msg)})
    def syntaxError(self, filename, msg, lineno, offset, text):
        self.found.append({"line": lineno or 0, "message": "syntax error: " + str(msg)})
    def flake(self, message):
        self.found.append({"line": message.lineno, "message": message.message % message.message_args})

with open(sys.argv[1], encoding="utf-8", errors="replace") as handle:
    source = handle.read()
collect = Collect()
api.check(source, "solution.py", collect)
print(json.dumps(collect.found))
"#;

/// Compiles a file without running it; prints `null`, or the first syntax error as
/// `{"line": n, "column": n, "message": "SyntaxError: ..."}`.
pub(crate) const SYNTAX: &str = r#"
import json, sys

with open(sys.argv[1], encoding="utf-8", errors="replace") as handle:
    source = handle.read()
try:
    compile(source, "solution.py", "exec", dont_inherit=True)
except SyntaxError as error:
    print(json.dumps({"line": error.lineno, "column": error.offset,
                      "message": f"{type(error).__name__}: {error.msg}"}))
except ValueError as error:
    print(json.dumps({"line": None, "column": None, "message": f"ValueError: {error}"}))
else:
    print("null")
"#;

/// Checks requirement strings (JSON list) against the installed distributions without any network access;
/// prints `{"satisfied": [...], "problems": [...]}`.
pub(crate) const CHECK_REQUIREMENTS: &str = r#"
import json, sys
from importlib import metadata
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
satisfied, problems = [], []
with open(sys.argv[1], encoding="utf-8") as handle:
    requested = json.load(handle)
for text in requested:
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        problems.append(f"{text}: not a valid requirement ({error})")
        continue
    if requirement.url:
        problems.append(f"{text}: URL and VCS requirements are not allowed offline")
        continue
    name = canonicalize_name(requirement.name)
    version = installed.get(name)
    if version is None:
        problems.append(f"{requirement.name}: not in the pre-installed set")
    elif not requirement.specifier.contains(version, prereleases=True):
        problems.append(f"{text}: only {name}=={version} is installed")
    else:
        satisfied.append(f"{name}=={version}")
print(json.dumps({"satisfied": satisfied, "problems": problems}))
"#;

/// The versions of Python and of the packages grading needs; prints `{"versions": {...}, "missing": [...]}`.
/// Ignores its input file.
pub(crate) const PREFLIGHT: &str = r#"
import json, sys
from importlib import metadata

versions, missing = {"python": sys.version.split()[0]}, []
for name in ("pytest", "pyflakes"):
    try:
        versions[name] = metadata.version(name)
    except metadata.PackageNotFoundError:
        missing.append(name)
print(json.dumps({"versions": versions, "missing": missing}))
"#;
