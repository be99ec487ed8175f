"""Word frequencies for the search team's report."""
import re


def top_words(text, k):
    """The k most frequent words as (word, count), most frequent first, ties alphabetical."""
    if k <= 0:
        return []
    counter = {}
    for piece in re.split(r"\s+", text):
        w = normalize(piece)
        if not w:
            continue
        counter[w] = counter.get(w, 0) + 1
    out = []
    for term in sorted(counter):
        out.append((term, counter[term]))
    out.sort(key=lambda e: e[1], reverse=True)
    return out[:k]


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    m = re.search(r"[A-Za-z0-9']+(?:[-'][A-Za-z0-9]+)*", word)
    if m is None:
        return ""
    return m.group(0).lower()
