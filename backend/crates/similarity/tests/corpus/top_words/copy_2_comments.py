"""Word frequencies for the search team's report."""
import re


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    # find the first word-like run
    match = re.search(r"[A-Za-z0-9']+(?:[-'][A-Za-z0-9]+)*", word)
    if match is None:
        return ""  # nothing usable
    return match.group(0).lower()


def top_words(text, k):
    """Count words and return the top k."""
    # guard against silly k
    if k <= 0:
        return []
    tally = {}
    # split on any whitespace
    for raw in re.split(r"\s+", text):
        cleaned = normalize(raw)
        if not cleaned:
            continue
        tally[cleaned] = tally.get(cleaned, 0) + 1
    best = []
    for word in sorted(tally):  # alphabetical first, so the stable sort keeps ties in order
        best.append((word, tally[word]))
    best.sort(key=lambda entry: entry[1], reverse=True)
    return best[:k]
