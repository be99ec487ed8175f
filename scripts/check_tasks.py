"""Validate the template task library in backend/seed/tasks/.

For every template folder: check task.json and the file layout (test_weights
name exactly the hidden tests, hidden tests include every visible test name,
reference_fix_lines matches the diff), run the visible and hidden tests against
starter.py (they must fail, and every bug listed in the optional `planted_bugs`
must fail its `caught_by` tests) and against reference.py (they must all pass),
then undo each change the reference makes, one at a time: every change must
fail a hidden test, and each planted bug must be caught, in both test files,
by some single change.

Usage: python check_tasks.py TASKS_DIR  (the interpreter must have pytest)
Exit status 0 when every template is sound, 1 otherwise.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REQUIRED_FILES = {"task.json", "description.md", "starter.py", "test_visible.py", "test_hidden.py", "reference.py"}
OPTIONAL_ENTRIES = {"workspace"}
TASK_TYPES = {"debugging", "ai_engineering", "optimization", "build", "refactor"}
DIFFICULTIES = {"junior", "mid", "senior", "staff"}
# Packages preinstalled in the sandbox runtime; anything else cannot be installed offline.
RUNTIME_PACKAGES = {"pytest", "requests", "numpy", "pyflakes"}
REQUIRED_KEYS = {
    "slug": str,
    "name": str,
    "task_type": str,
    "difficulty": str,
    "duration_minutes": int,
    "dependencies": list,
    "test_weights": dict,
    "success_criteria": dict,
    "rubric": list,
    "reference_fix_lines": int,
    "token_budget": int,
}
# Lines the scoring engine never counts as evidence (scoring.md section 2).
TRIVIAL_LINES = {"else:", "try:", "pass", "return", "break", "continue", "(", ")", "[", "]", "{", "}", "):", "],", "},"}
LEXER_TOKEN = re.compile(r"\w+|[^\w\s]")
PYTEST_TIMEOUT_SECONDS = 60


class TaskError(Exception):
    """One problem with a template; the message names the file and the fix."""


def non_trivial_lines(source: str) -> Counter[str]:
    """Multiset of normalised non-trivial lines, as the scoring engine counts them."""
    lines = source.splitlines()
    # Cut comments using the tokenizer so a '#' inside a string is left alone.
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    counted: Counter[str] = Counter()
    for line in lines:
        normalised = " ".join(line.split())
        if not normalised or normalised in TRIVIAL_LINES or len(LEXER_TOKEN.findall(normalised)) < 3:
            continue
        counted[normalised] += 1
    return counted


def test_function_names(path: Path) -> list[str]:
    """Top-level test functions; parametrised tests are refused because their
    reported names would not match the keys of test_weights."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            raise TaskError(f"{path.name}: use top-level test functions, not class {node.name}")
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            if any("parametrize" in ast.unparse(d) for d in node.decorator_list):
                raise TaskError(f"{path.name}: {node.name} is parametrised; its results would not match test_weights")
            names.append(node.name)
    return names


def check_layout(folder: Path) -> None:
    entries = {p.name for p in folder.iterdir()}
    missing = REQUIRED_FILES - entries
    extra = entries - REQUIRED_FILES - OPTIONAL_ENTRIES
    if missing:
        raise TaskError(f"missing files: {', '.join(sorted(missing))}")
    if extra:
        raise TaskError(f"unexpected entries: {', '.join(sorted(extra))}")


def check_metadata(folder: Path, meta: dict, visible: list[str], hidden: list[str]) -> None:
    for key, kind in REQUIRED_KEYS.items():
        if key not in meta:
            raise TaskError(f"task.json: missing key {key!r}")
        if not isinstance(meta[key], kind) or isinstance(meta[key], bool):
            raise TaskError(f"task.json: {key!r} must be a {kind.__name__}")
    if meta["slug"] != folder.name:
        raise TaskError(f"task.json: slug {meta['slug']!r} differs from folder name {folder.name!r}")
    if meta["task_type"] not in TASK_TYPES:
        raise TaskError(f"task.json: task_type must be one of {sorted(TASK_TYPES)}")
    if meta["difficulty"] not in DIFFICULTIES:
        raise TaskError(f"task.json: difficulty must be one of {sorted(DIFFICULTIES)}")
    for key in ("duration_minutes", "reference_fix_lines", "token_budget"):
        if meta[key] <= 0:
            raise TaskError(f"task.json: {key!r} must be positive")
    unknown = set(meta["dependencies"]) - RUNTIME_PACKAGES
    if unknown:
        raise TaskError(f"task.json: dependencies not in the sandbox runtime: {sorted(unknown)}")
    if not meta["success_criteria"]:
        raise TaskError("task.json: success_criteria must not be empty")

    weights = meta["test_weights"]
    if set(weights) != set(hidden):
        raise TaskError(
            "task.json: test_weights must name exactly the hidden tests; "
            f"unweighted: {sorted(set(hidden) - set(weights))}, unknown: {sorted(set(weights) - set(hidden))}"
        )
    if len(hidden) != len(set(hidden)):
        raise TaskError("test_hidden.py: duplicate test names")
    if any(isinstance(w, bool) or not isinstance(w, (int, float)) or w <= 0 for w in weights.values()):
        raise TaskError("task.json: every test weight must be a positive number")

    if not meta["rubric"]:
        raise TaskError("task.json: rubric must not be empty")
    for item in meta["rubric"]:
        if not isinstance(item, dict) or set(item) != {"criterion", "description", "points"}:
            raise TaskError("task.json: each rubric item needs exactly criterion, description, points")
        if not isinstance(item["points"], int) or isinstance(item["points"], bool) or item["points"] <= 0:
            raise TaskError(f"task.json: rubric {item['criterion']!r} needs positive integer points")

    for sample in meta.get("sample_files", []):
        workspace = (folder / "workspace").resolve()
        target = (workspace / sample).resolve()
        if not target.is_relative_to(workspace) or not target.is_file():
            raise TaskError(f"task.json: sample file {sample!r} is not a file under workspace/")

    bugs = meta.get("planted_bugs", [])
    if meta["task_type"] == "debugging" and not bugs:
        raise TaskError("task.json: debugging tasks must declare planted_bugs")
    claimed: set[str] = set()
    for bug in bugs:
        caught_by = bug.get("caught_by", []) if isinstance(bug, dict) else []
        if not isinstance(bug, dict) or not bug.get("summary") or not caught_by:
            raise TaskError("task.json: each planted bug needs a summary and caught_by tests")
        if not set(caught_by) & set(visible) or not set(caught_by) & set(hidden):
            raise TaskError(f"task.json: bug {bug['summary']!r} needs a catching test in both test files")
        unknown_tests = set(caught_by) - set(visible) - set(hidden)
        if unknown_tests:
            raise TaskError(f"task.json: bug {bug['summary']!r} names unknown tests {sorted(unknown_tests)}")
        if claimed & set(caught_by):
            raise TaskError(f"task.json: bug {bug['summary']!r} shares catching tests with another bug")
        claimed |= set(caught_by)

    starter = (folder / "starter.py").read_text(encoding="utf-8")
    reference = (folder / "reference.py").read_text(encoding="utf-8")
    fix_size = sum((non_trivial_lines(reference) - non_trivial_lines(starter)).values())
    if fix_size != meta["reference_fix_lines"]:
        raise TaskError(f"task.json: reference_fix_lines is {meta['reference_fix_lines']}, the diff has {fix_size}")


def run_tests(folder: Path, solution: str, test_files: list[str]) -> dict[str, dict[str, bool]]:
    """Run pytest on `solution` in a fresh workspace; returns {file stem: {test: passed}}."""
    with tempfile.TemporaryDirectory(prefix="tali-task-") as tmp:
        workdir = Path(tmp)
        if (folder / "workspace").is_dir():
            shutil.copytree(folder / "workspace", workdir, dirs_exist_ok=True)
        (workdir / "solution.py").write_text(solution, encoding="utf-8")
        for name in test_files:
            shutil.copy(folder / name, workdir / name)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml=report.xml", *test_files]
        try:
            run = subprocess.run(
                command, cwd=workdir, capture_output=True, text=True, timeout=PYTEST_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise TaskError(f"pytest did not finish within {PYTEST_TIMEOUT_SECONDS} s") from None
        report = workdir / "report.xml"
        if not report.exists():
            raise TaskError(f"pytest produced no report:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
        results: dict[str, dict[str, bool]] = {Path(name).stem: {} for name in test_files}
        for case in ET.parse(report).getroot().iter("testcase"):
            module = case.get("classname", "").split(".")[-1]
            failed = any(child.tag in {"failure", "error", "skipped"} for child in case)
            results.setdefault(module, {})[case.get("name", "")] = not failed
        if run.returncode not in (0, 1):
            raise TaskError(f"pytest could not run the tests (exit {run.returncode}):\n{run.stdout[-2000:]}")
        return results


def failing(results: dict[str, bool]) -> set[str]:
    return {name for name, passed in results.items() if not passed}


def check_behaviour(folder: Path, meta: dict, visible: list[str], hidden: list[str]) -> str:
    files = ["test_visible.py", "test_hidden.py"]
    starter = run_tests(folder, (folder / "starter.py").read_text(encoding="utf-8"), files)
    reference = run_tests(folder, (folder / "reference.py").read_text(encoding="utf-8"), files)

    for stem, expected in (("test_visible", visible), ("test_hidden", hidden)):
        ran = set(reference.get(stem, {}))
        if ran != set(expected):
            raise TaskError(f"{stem}.py: pytest ran {sorted(ran)}, the file defines {sorted(expected)}")
        broken = failing(reference[stem])
        if broken:
            raise TaskError(f"reference.py fails {stem}: {sorted(broken)}")
        if not failing(starter[stem]):
            raise TaskError(f"starter.py passes every test in {stem}.py; there is nothing to fix")

    starter_failures = failing(starter["test_visible"]) | failing(starter["test_hidden"])
    bugs = meta.get("planted_bugs", [])
    for bug in bugs:
        if not set(bug["caught_by"]) <= starter_failures:
            raise TaskError(
                f"bug {bug['summary']!r}: starter passes {sorted(set(bug['caught_by']) - starter_failures)}"
            )
    hidden_failures = failing(starter["test_hidden"])
    if len(hidden_failures) < len(bugs):
        raise TaskError(f"{len(bugs)} planted bugs but only {len(hidden_failures)} hidden tests fail on the starter")

    change_failures = failures_per_reverted_change(folder)
    for bug in bugs:
        # Some single change must trip this bug's own tests in both files, or the
        # bug is not really isolated and caught.
        caught_by = set(bug["caught_by"])
        if not any(
            caught_by & visible_failed and caught_by & hidden_failed
            for visible_failed, hidden_failed in change_failures
        ):
            raise TaskError(f"bug {bug['summary']!r}: no single reference change fails its visible and hidden tests")
    return (
        f"starter fails {len(failing(starter['test_visible']))}/{len(visible)} visible, "
        f"{len(hidden_failures)}/{len(hidden)} hidden; reference passes all; "
        f"{len(bugs)} planted bugs caught; each of {len(change_failures)} reference changes is tested"
    )


def failures_per_reverted_change(folder: Path) -> list[tuple[set[str], set[str]]]:
    """Put back the starter's version of one changed region of the reference at a
    time; each must make some test fail, or that change (or bug) is untested.
    Returns the failing (visible, hidden) tests for each reverted change."""
    starter = (folder / "starter.py").read_text(encoding="utf-8").splitlines(keepends=True)
    reference = (folder / "reference.py").read_text(encoding="utf-8").splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, reference, starter, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    per_change = []
    for _, ref_start, ref_end, starter_start, starter_end in changes:
        variant = reference[:ref_start] + starter[starter_start:starter_end] + reference[ref_end:]
        results = run_tests(folder, "".join(variant), ["test_visible.py", "test_hidden.py"])
        visible_failed, hidden_failed = failing(results["test_visible"]), failing(results["test_hidden"])
        if not hidden_failed:
            changed = "".join(reference[ref_start:ref_end]).strip() or "(lines removed)"
            raise TaskError(f"no hidden test fails when this reference change is undone:\n    {changed}")
        per_change.append((visible_failed, hidden_failed))
    return per_change


def check_task(folder: Path) -> str:
    check_layout(folder)
    try:
        meta = json.loads((folder / "task.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise TaskError(f"task.json is not valid JSON: {err}") from None
    if not isinstance(meta, dict):
        raise TaskError("task.json must hold a JSON object")
    visible = test_function_names(folder / "test_visible.py")
    hidden = test_function_names(folder / "test_hidden.py")
    if not visible or not hidden:
        raise TaskError("both test files need at least one test")
    # Hidden tests are a superset, so every visible result has a graded counterpart.
    if set(visible) - set(hidden):
        raise TaskError(f"test_hidden.py lacks visible tests {sorted(set(visible) - set(hidden))}")
    check_metadata(folder, meta, visible, hidden)
    return check_behaviour(folder, meta, visible, hidden)


def checked(folder: Path) -> tuple[bool, str]:
    """(passed, summary or problem) for one template."""
    try:
        return True, check_task(folder)
    except (TaskError, SyntaxError, OSError) as err:
        return False, str(err)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check_tasks.py TASKS_DIR", file=sys.stderr)
        return 2
    tasks_dir = Path(argv[1])
    folders = sorted(p for p in tasks_dir.iterdir() if p.is_dir()) if tasks_dir.is_dir() else []
    if not folders:
        print(f"FAIL: no template folders in {tasks_dir}", file=sys.stderr)
        return 1
    # Templates are independent; checking them side by side keeps the script well under a minute.
    with ThreadPoolExecutor(max_workers=min(4, len(folders))) as pool:
        outcomes = list(pool.map(checked, folders))
    problems = 0
    for folder, (passed, message) in zip(folders, outcomes):
        if passed:
            print(f"ok   {folder.name}: {message}")
        else:
            problems += 1
            print(f"FAIL {folder.name}: {message}", file=sys.stderr)
    print(f"{len(folders) - problems}/{len(folders)} templates passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
