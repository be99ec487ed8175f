//! "Is this line like any of those?" asked for every new line of a session against the same AI
//! lines. Token-set Jaccard of normalised lines (tokens are the space-separated pieces), answered
//! from an inverted index built once instead of re-splitting every pair of lines.

use std::collections::HashMap;

/// Token-set Jaccard `|a ∩ b| / |a ∪ b|` from the two counts (0 for two empty sets).
fn jaccard(shared: usize, union: usize) -> f64 {
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Distinct tokens of a normalised line.
fn token_set(line: &str) -> Vec<&str> {
    let mut toks: Vec<&str> = line.split(' ').collect();
    toks.sort_unstable();
    toks.dedup();
    toks
}

/// Reference lines, each available from a point in time.
pub struct SimilarLines<'a> {
    /// Each line's time and distinct-token count, in time order.
    lines: Vec<(u64, usize)>,
    vocab: HashMap<&'a str, usize>,
    /// Per token id, the indexes of the lines holding it, ascending.
    postings: Vec<Vec<usize>>,
}

impl<'a> SimilarLines<'a> {
    /// `lines` are (normalised line, time it became available).
    pub fn new(lines: impl IntoIterator<Item = (&'a str, u64)>) -> Self {
        let mut lines: Vec<(&'a str, u64)> = lines.into_iter().collect();
        lines.sort_by_key(|(text, t)| (*t, *text));
        let mut index = SimilarLines {
            lines: Vec::with_capacity(lines.len()),
            vocab: HashMap::new(),
            postings: Vec::new(),
        };
        for (i, (text, t)) in lines.into_iter().enumerate() {
            let toks = token_set(text);
            index.lines.push((t, toks.len()));
            for tok in toks {
                let next_id = index.postings.len();
                let id = *index.vocab.entry(tok).or_insert(next_id);
                if id == next_id {
                    index.postings.push(Vec::new());
                }
                index.postings[id].push(i);
            }
        }
        index
    }

    /// Whether a line available before `before_ms` has token Jaccard ≥ `threshold` with `line`.
    pub fn any_similar(&self, line: &str, before_ms: u64, threshold: f64) -> bool {
        let available = self.lines.partition_point(|(t, _)| *t < before_ms);
        let toks = token_set(line);
        let mut shared = vec![0usize; available];
        for id in toks.iter().filter_map(|tok| self.vocab.get(tok)) {
            for &i in self.postings[*id].iter().take_while(|i| **i < available) {
                shared[i] += 1;
            }
        }
        shared
            .iter()
            .zip(&self.lines)
            .any(|(&s, &(_, size))| jaccard(s, toks.len() + size - s) >= threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_token_sets_at_the_threshold() {
        // {x, =, foo, (, a, )} vs {x, =, foo, (, b, )}: 5 shared of 7.
        let index = SimilarLines::new([("x = foo ( a )", 10)]);
        assert!(index.any_similar("x = foo ( b )", 11, 5.0 / 7.0));
        assert!(!index.any_similar("x = foo ( b )", 11, 5.0 / 7.0 + 1e-9));
        assert!(index.any_similar("x = foo ( a )", 11, 1.0));
        // Repeated tokens count once.
        assert!(index.any_similar("x = foo ( a ) ( a )", 11, 1.0));
    }

    #[test]
    fn only_lines_available_before_the_time_count() {
        let index = SimilarLines::new([("a = b + c", 10), ("q = r * s", 20)]);
        assert!(!index.any_similar("q = r * s", 20, 0.6));
        assert!(index.any_similar("q = r * s", 21, 0.6));
        assert!(!index.any_similar("a = b + c", 10, 0.6));
        assert!(!SimilarLines::new([]).any_similar("a = b", 99, 0.0));
    }
}
