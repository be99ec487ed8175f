"""Word frequencies for the search team's report."""
from collections import defaultdict


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    kept = "".join(ch for ch in word if ch.isalnum() or ch in "-'")
    return kept.strip("-'").lower()


def top_words(text, k):
    """The k most frequent words as (word, count), most frequent first, ties alphabetical."""
    buckets = defaultdict(int)
    for line in text.splitlines():
        for piece in line.split(" "):
            word = normalize(piece)
            if word != "":
                buckets[word] += 1
    by_count = defaultdict(list)
    for word, count in buckets.items():
        by_count[count].append(word)
    result = []
    for count in sorted(by_count, reverse=True):
        for word in sorted(by_count[count]):
            if len(result) == k:
                return result
            result.append((word, count))
    return result
