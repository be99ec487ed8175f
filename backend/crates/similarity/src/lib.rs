//! How much of one Python program appears in another, and where: winnowing (Schleimer, Wilkerson and Aiken,
//! the algorithm behind MOSS) over normalised tokens (`tokens`). Every run of `K` tokens is hashed; in each
//! window of `W` consecutive hashes the smallest is kept as a fingerprint, so any shared run of at least
//! `K + W - 1` tokens is guaranteed to share a fingerprint, while the fingerprints stay few. Code that also appears
//! in the starter code never counts. Pure: no I/O, no knowledge of assessments.

mod tokens;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
pub use tokens::{Token, tokenize};

/// Tokens per hashed run: about two short lines of Python.
pub const K: usize = 12;
/// Hashes per winnowing window.
pub const W: usize = 6;
/// A match needs at least this many shared fingerprints: below it, two correct solutions to a small task
/// agree by necessity, not by copying.
pub const MIN_SHARED: usize = 8;
/// A score from this share up is worth a reviewer's look (measured on the seeded corpus, docs/scoring.md).
pub const FLAG_SCORE: f64 = 0.5;
/// A reference solution adding fewer fingerprints than this to the starter is a small fix that every correct
/// answer repeats: matching it proves nothing, so it is shown but never flagged.
pub const LEAK_MIN_SIZE: usize = 25;

/// One selected fingerprint: its hash and the lines its tokens span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub first_line: u32,
    pub last_line: u32,
}

/// Where a match lies: inclusive 1-based line ranges in our code and in theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    pub ours: [u32; 2],
    pub theirs: [u32; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The share (0-1) of our own fingerprints, starter code excluded, found in theirs; 0 below `MIN_SHARED`.
    pub score: f64,
    /// Our fingerprints found in theirs.
    pub shared: usize,
    /// Our fingerprints outside the starter code.
    pub total: usize,
    pub regions: Vec<Region>,
}

/// FNV-1a over the tokens' text: stable across runs and platforms, so stored fingerprints stay comparable.
fn hash_run(tokens: &[Token]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in tokens {
        for b in t.text.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn runs(tokens: &[Token]) -> Vec<Fingerprint> {
    if tokens.len() < K {
        return Vec::new();
    }
    tokens
        .windows(K)
        .map(|run| Fingerprint {
            hash: hash_run(run),
            first_line: run[0].line,
            last_line: run[K - 1].line,
        })
        .collect()
}

/// The winnowed fingerprints of `source`: in each window of `W` run hashes the smallest (the rightmost on a
/// tie), each selected position once.
pub fn fingerprints(source: &str) -> Vec<Fingerprint> {
    let all = runs(&tokenize(source));
    if all.len() <= W {
        return all.into_iter().min_by_key(|f| f.hash).into_iter().collect();
    }
    let mut out: Vec<Fingerprint> = Vec::new();
    let mut last: Option<usize> = None;
    for start in 0..=all.len() - W {
        let mut best = start;
        for i in start..start + W {
            if all[i].hash <= all[best].hash {
                best = i;
            }
        }
        if last != Some(best) {
            out.push(all[best]);
            last = Some(best);
        }
    }
    out
}

/// Every run hash of `source` (not only the winnowed ones): what the starter code rules out.
pub fn all_hashes(source: &str) -> HashSet<u64> {
    runs(&tokenize(source))
        .into_iter()
        .map(|f| f.hash)
        .collect()
}

/// The code of a chat reply: its fenced blocks, or the whole text when it has none.
pub fn code_of_reply(reply: &str) -> String {
    let mut code = Vec::new();
    let mut inside = false;
    for line in reply.lines() {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if fence {
            inside = !inside;
        } else if inside {
            code.push(line);
        }
    }
    if code.is_empty() {
        reply.to_string()
    } else {
        code.join("\n")
    }
}

/// How much of `ours` appears in `theirs`, ignoring every run that also appears in one of `ignored` (the starter
/// code always; between two submissions also the reference solution, which every correct answer resembles).
pub fn compare(ours: &str, theirs: &str, ignored: &[&str]) -> Comparison {
    compare_fingerprints(
        &fingerprints(ours),
        &fingerprints(theirs),
        &ignored_hashes(ignored),
    )
}

/// Every run hash of the `ignored` codes together: what [`compare_fingerprints`] leaves out.
pub fn ignored_hashes(ignored: &[&str]) -> HashSet<u64> {
    ignored.iter().flat_map(|code| all_hashes(code)).collect()
}

/// [`compare`] over fingerprints already taken (each code fingerprinted once, however many it is compared with).
pub fn compare_fingerprints(
    ours: &[Fingerprint],
    theirs: &[Fingerprint],
    excluded: &HashSet<u64>,
) -> Comparison {
    let own: Vec<&Fingerprint> = ours
        .iter()
        .filter(|f| !excluded.contains(&f.hash))
        .collect();
    let mut their_places: HashMap<u64, Vec<Fingerprint>> = HashMap::new();
    for f in theirs {
        their_places.entry(f.hash).or_default().push(*f);
    }
    let matched: Vec<(Fingerprint, &[Fingerprint])> = own
        .iter()
        .filter_map(|f| their_places.get(&f.hash).map(|t| (**f, t.as_slice())))
        .collect();
    let shared = matched.len();
    let score = if shared >= MIN_SHARED && !own.is_empty() {
        shared as f64 / own.len() as f64
    } else {
        0.0
    };
    Comparison {
        score,
        shared,
        total: own.len(),
        regions: if score > 0.0 {
            regions(&matched)
        } else {
            Vec::new()
        },
    }
}

/// The version of [`encode`]'s bytes and of the fingerprints they hold: bumped whenever tokenising, `K`, `W` or
/// the hash changes, so fingerprints stored by an earlier version are taken again rather than compared wrongly.
const ENCODING_VERSION: u8 = 1;
const ENCODED_SIZE: usize = 16;

/// Fingerprints as bytes to store: a version byte, then per fingerprint its hash and lines, little-endian.
pub fn encode(fingerprints: &[Fingerprint]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + fingerprints.len() * ENCODED_SIZE);
    out.push(ENCODING_VERSION);
    for f in fingerprints {
        out.extend_from_slice(&f.hash.to_le_bytes());
        out.extend_from_slice(&f.first_line.to_le_bytes());
        out.extend_from_slice(&f.last_line.to_le_bytes());
    }
    out
}

/// The fingerprints [`encode`] stored, or `None` when they are of another version (or damaged): take them again.
pub fn decode(bytes: &[u8]) -> Option<Vec<Fingerprint>> {
    let (&version, body) = bytes.split_first()?;
    if version != ENCODING_VERSION || body.len() % ENCODED_SIZE != 0 {
        return None;
    }
    Some(
        body.chunks_exact(ENCODED_SIZE)
            .map(|c| Fingerprint {
                hash: u64::from_le_bytes(c[..8].try_into().expect("8 bytes")),
                first_line: u32::from_le_bytes(c[8..12].try_into().expect("4 bytes")),
                last_line: u32::from_le_bytes(c[12..].try_into().expect("4 bytes")),
            })
            .collect(),
    )
}

/// How many fingerprints of `code` are its own, not in `starter`: the size of what a solution adds.
pub fn own_size(code: &str, starter: &str) -> usize {
    let excluded = all_hashes(starter);
    fingerprints(code)
        .iter()
        .filter(|f| !excluded.contains(&f.hash))
        .count()
}

/// Lines this close count as one region.
const REGION_GAP: u32 = 2;

/// Matched fingerprints (in our order) merged into line regions; each takes the occurrence in their code that
/// continues the current region, else their first.
fn regions(matched: &[(Fingerprint, &[Fingerprint])]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for (ours, theirs) in matched {
        let continues = out.last().and_then(|r| {
            (ours.first_line <= r.ours[1] + REGION_GAP)
                .then(|| {
                    theirs.iter().find(|t| {
                        t.first_line + REGION_GAP >= r.theirs[0]
                            && t.first_line <= r.theirs[1] + REGION_GAP
                    })
                })
                .flatten()
        });
        match (continues, out.last_mut()) {
            (Some(t), Some(r)) => {
                r.ours[1] = r.ours[1].max(ours.last_line);
                r.theirs[0] = r.theirs[0].min(t.first_line);
                r.theirs[1] = r.theirs[1].max(t.last_line);
            }
            _ => out.push(Region {
                ours: [ours.first_line, ours.last_line],
                theirs: [theirs[0].first_line, theirs[0].last_line],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STARTER: &str =
        "def solve(items):\n    \"\"\"Return the answer.\"\"\"\n    raise NotImplementedError\n";

    fn body(name: &str) -> String {
        format!(
            "def {name}(items):\n    seen = set()\n    out = []\n    for item in items:\n        if item not in seen:\n            seen.add(item)\n            out.append(item)\n    counts = {{}}\n    for item in out:\n        counts[item] = counts.get(item, 0) + 1\n    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))\n"
        )
    }

    #[test]
    fn a_copy_matches_itself_fully_with_its_lines() {
        let code = body("solve");
        let result = compare(&code, &code, &[STARTER]);
        assert!(result.score > 0.99, "{result:?}");
        assert_eq!(result.regions.len(), 1);
        let r = result.regions[0];
        assert!(r.ours[0] <= 2 && r.ours[1] >= 10, "{r:?}");
        assert_eq!(r.ours, r.theirs);
    }

    #[test]
    fn starter_code_never_matches() {
        let padded = format!("{STARTER}\n{STARTER}");
        assert_eq!(compare(&padded, &padded, &[&padded]).score, 0.0);
        assert!(compare(STARTER, STARTER, &[STARTER]).regions.is_empty());
    }

    #[test]
    fn winnowing_keeps_few_fingerprints_and_finds_any_long_shared_run() {
        let code = body("solve");
        let n = runs(&tokenize(&code)).len();
        let kept = fingerprints(&code).len();
        assert!(kept < n / 2, "{kept} of {n}");
        // A shared run of K + W - 1 tokens inside unrelated code still shares a fingerprint.
        let unrelated = "x = [i * i for i in range(10) if i % 3]\nprint(max(x), min(x), sum(x))\n";
        let inserted = format!("{unrelated}{}{unrelated}", body("other"));
        let ours: HashSet<u64> = fingerprints(&code).iter().map(|f| f.hash).collect();
        assert!(
            fingerprints(&inserted)
                .iter()
                .any(|f| ours.contains(&f.hash))
        );
    }

    #[test]
    fn ignored_code_never_counts() {
        let shared = body("solve");
        assert!(compare(&shared, &shared, &[STARTER]).score > 0.99);
        assert_eq!(compare(&shared, &shared, &[STARTER, &shared]).score, 0.0);
        assert!(own_size(&shared, STARTER) > 10);
        assert_eq!(own_size(STARTER, STARTER), 0);
    }

    #[test]
    fn stored_fingerprints_compare_as_the_code_does() {
        let (ours, theirs) = (body("solve"), body("other"));
        let stored = decode(&encode(&fingerprints(&theirs))).expect("same version");
        assert_eq!(stored, fingerprints(&theirs));
        assert_eq!(
            compare_fingerprints(&fingerprints(&ours), &stored, &ignored_hashes(&[STARTER])),
            compare(&ours, &theirs, &[STARTER])
        );
        let mut other_version = encode(&stored);
        other_version[0] = ENCODING_VERSION + 1;
        assert_eq!(decode(&other_version), None);
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&encode(&stored)[..20]), None);
    }

    #[test]
    fn reply_code_is_its_fenced_blocks() {
        assert_eq!(
            code_of_reply("Try:\n```python\nx = 1\n```\nthen\n```\ny = 2\n```"),
            "x = 1\ny = 2"
        );
        assert_eq!(code_of_reply("x = 1"), "x = 1");
    }
}
