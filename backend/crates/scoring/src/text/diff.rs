//! Which lines of an old text an edit touched, for "was this fix aimed at the reported error".

/// Largest LCS table worth building; beyond it the whole middle section counts as changed.
const MAX_LCS_CELLS: usize = 4_000_000;

/// 0-based rows of `old` that were deleted or replaced, plus the row before which lines were
/// inserted, going from `old` to `new`. Raw lines are compared with surrounding whitespace trimmed.
pub fn touched_rows(old: &str, new: &str) -> Vec<usize> {
    let a: Vec<&str> = old.lines().map(str::trim).collect();
    let b: Vec<&str> = new.lines().map(str::trim).collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if mid_a.is_empty() && mid_b.is_empty() {
        return Vec::new();
    }
    if mid_a.is_empty() || mid_b.is_empty() || mid_a.len() * mid_b.len() > MAX_LCS_CELLS {
        let end = (prefix + mid_a.len()).max(prefix + 1);
        return (prefix..end).collect();
    }
    lcs_touched(mid_a, mid_b)
        .into_iter()
        .map(|r| r + prefix)
        .collect()
}

/// Rows of `a` not on a longest common subsequence with `b`, plus insertion points.
fn lcs_touched(a: &[&str], b: &[&str]) -> Vec<usize> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j] = LCS length of a[i..] and b[j..], stored row-major.
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if a[i] == b[j] {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }
    let mut touched = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]) {
            // Insertion before old row i (clamped to the last row).
            touched.push(i.min(n - 1));
            j += 1;
        } else {
            touched.push(i);
            i += 1;
        }
    }
    touched.dedup();
    touched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_touch_nothing() {
        assert!(touched_rows("a\nb\n", "a\n  b\n").is_empty());
    }

    #[test]
    fn replacement_touches_its_row_only() {
        let old = "a\nb\nc\nd\ne\n";
        assert_eq!(touched_rows(old, "a\nb\nX\nd\ne\n"), vec![2]);
    }

    #[test]
    fn two_distant_edits_stay_separate() {
        let old: String = (0..40).map(|i| format!("line{i}\n")).collect();
        let new = old
            .replace("line3\n", "changed3\n")
            .replace("line30\n", "changed30\n");
        assert_eq!(touched_rows(&old, &new), vec![3, 30]);
    }

    #[test]
    fn insertion_and_deletion() {
        assert_eq!(touched_rows("a\nb\nc\n", "a\nnew\nb\nc\n"), vec![1]);
        assert_eq!(touched_rows("a\nb\nc\n", "a\nc\n"), vec![1]);
        assert_eq!(touched_rows("a\n", "a\nb\n"), vec![1]);
    }
}
