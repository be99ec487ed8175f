//! Output as the candidate sees their workspace: absolute paths of the sandbox (its workspace directory, the
//! runtime's virtualenv, the interpreter's library) become the names the candidate knows, `solution.py`,
//! `test_visible.py`, `_pytest/python.py`, so no host path ever leaves the service.

/// Where a path's candidate-facing name starts: after the workspace directory (local or E2B), after a package
/// directory, after the interpreter's standard library.
const ROOTS: [&str; 4] = [
    "/workspace/",
    "/home/user/workspace/",
    "/site-packages/",
    "/dist-packages/",
];

/// `text` with every absolute path rewritten to the candidate's view. A path starts at a `/` that follows the
/// beginning of the text, whitespace, `=`, `,` or an opening quote or bracket, and has at least two components,
/// so arithmetic such as `1/2` or `a / b` and URLs (`https://...`) are left alone.
pub fn candidate_view(text: &str) -> String {
    if !text.contains('/') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        let starts_path = c == '/'
            && previous.is_none_or(|p| p.is_whitespace() || "\"'(<[{=,".contains(p))
            && text[at + 1..].starts_with(|n: char| n != '/' && is_path_char(n));
        if !starts_path {
            out.push(c);
            previous = Some(c);
            continue;
        }
        let mut end = at + 1;
        while let Some(&(next_at, next)) = chars.peek() {
            if !is_path_char(next) {
                break;
            }
            end = next_at + next.len_utf8();
            chars.next();
        }
        let path = &text[at..end];
        out.push_str(&shorten(path));
        previous = path.chars().last();
    }
    out
}

fn is_path_char(c: char) -> bool {
    c.is_alphanumeric() || "/._-+@~".contains(c)
}

/// One absolute path as the candidate should read it; a single component (`/tmp`) is left as it is.
fn shorten(path: &str) -> String {
    let components = path.split('/').filter(|p| !p.is_empty()).count();
    if components < 2 {
        return path.to_string();
    }
    for root in ROOTS {
        if let Some(found) = path.rfind(root) {
            let rest = &path[found + root.len()..];
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    if let Some(rest) = stdlib_relative(path) {
        return rest.to_string();
    }
    path.rsplit('/')
        .find(|p| !p.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// `/usr/lib/python3.11/importlib/__init__.py` → `importlib/__init__.py`.
fn stdlib_relative(path: &str) -> Option<&str> {
    let at = path.find("/lib/python3")?;
    let after = &path[at + "/lib/python3".len()..];
    let slash = after.find('/')?;
    let rest = &after[slash + 1..];
    (!rest.is_empty()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::candidate_view;

    #[test]
    fn workspace_files_keep_their_names() {
        assert_eq!(
            candidate_view("  File \"/workspace/solution.py\", line 3, in <module>"),
            "  File \"solution.py\", line 3, in <module>"
        );
        assert_eq!(
            candidate_view("/home/user/workspace/test_visible.py:12: AssertionError"),
            "test_visible.py:12: AssertionError"
        );
        assert_eq!(
            candidate_view("open('/workspace/data/input.csv')"),
            "open('data/input.csv')"
        );
    }

    #[test]
    fn runtime_paths_lose_their_host_directories() {
        let line = "/srv/tali/data/runtime/venv/lib/python3.11/site-packages/_pytest/python.py:493: in importtestmodule";
        assert_eq!(
            candidate_view(line),
            "_pytest/python.py:493: in importtestmodule"
        );
        assert_eq!(
            candidate_view("File \"/usr/lib/python3.11/importlib/__init__.py\", line 126"),
            "File \"importlib/__init__.py\", line 126"
        );
        assert_eq!(
            candidate_view(
                "ImportError: cannot import name 'X' from 'solution' (/srv/ws/7/solution.py)"
            ),
            "ImportError: cannot import name 'X' from 'solution' (solution.py)"
        );
    }

    #[test]
    fn arithmetic_and_relative_paths_stay() {
        for text in [
            "assert 0.5 == 1/2",
            "a / b",
            "ratio: 3/4",
            "see docs/api.md",
            "/tmp",
            "https://example.com/a/b",
            "no paths here",
        ] {
            assert_eq!(candidate_view(text), text);
        }
    }
}
