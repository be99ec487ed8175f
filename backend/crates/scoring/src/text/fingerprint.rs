//! Winnowed token fingerprints (Schleimer, Wilkerson & Aiken, SIGMOD 2003): a robust sample of
//! k-gram hashes such that any shared run of at least k + w − 1 tokens shares a fingerprint.

use std::collections::BTreeSet;

use super::lexer::tokens;

/// Tokens per k-gram.
const K: usize = 5;
/// k-grams per winnowing window.
const WINDOW: usize = 4;

/// The shortest run of tokens two texts must share to be sure to share a fingerprint.
pub const MATCH_TOKENS: usize = K + WINDOW - 1;

/// FNV-1a, 64 bit: small, stable across platforms and releases (unlike `DefaultHasher`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().copied().fold(FNV_OFFSET, fnv_step)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Fingerprints of a text, lexed line by line as code (comments dropped, spacing ignored).
pub fn fingerprints(text: &str) -> BTreeSet<u64> {
    let toks: Vec<u64> = text
        .lines()
        .flat_map(tokens)
        .map(|t| fnv1a(t.as_bytes()))
        .collect();
    if toks.is_empty() {
        return BTreeSet::new();
    }
    if toks.len() < K {
        return BTreeSet::from([combine(&toks)]);
    }
    let grams: Vec<u64> = toks.windows(K).map(combine).collect();
    if grams.len() <= WINDOW {
        return grams.iter().min().into_iter().copied().collect();
    }
    grams
        .windows(WINDOW)
        .filter_map(|w| w.iter().min().copied())
        .collect()
}

/// FNV-1a of the hashes' little-endian bytes, without collecting them first.
fn combine(hashes: &[u64]) -> u64 {
    hashes
        .iter()
        .flat_map(|h| h.to_le_bytes())
        .fold(FNV_OFFSET, fnv_step)
}

/// Share of `part`'s fingerprints that `known` accepts (0 when `part` has none).
pub fn coverage(part: &BTreeSet<u64>, known: impl Fn(u64) -> bool) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    part.iter().filter(|fp| known(**fp)).count() as f64 / part.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str =
        "def mean(xs):\n    if not xs:\n        return 0\n    return sum(xs) / len(xs)\n";

    #[test]
    fn reformatting_keeps_fingerprints() {
        let reformatted =
            "def mean( xs ):  # avg\n  if not xs:\n    return 0\n  return sum(xs)/len(xs)\n";
        assert_eq!(fingerprints(CODE), fingerprints(reformatted));
    }

    #[test]
    fn embedded_copy_is_fully_covered() {
        let host = format!("import os\n\n{CODE}\nprint(mean([1, 2]))\n");
        let host = fingerprints(&host);
        assert_eq!(coverage(&fingerprints(CODE), |fp| host.contains(&fp)), 1.0);
    }

    #[test]
    fn unrelated_text_shares_little() {
        let other = "class Stack:\n    def push(self, item):\n        self.items.append(item)\n";
        let code = fingerprints(CODE);
        assert!(coverage(&fingerprints(other), |fp| code.contains(&fp)) < 0.5);
        assert_eq!(coverage(&BTreeSet::new(), |_| true), 0.0);
    }

    #[test]
    fn fnv_is_the_reference_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
