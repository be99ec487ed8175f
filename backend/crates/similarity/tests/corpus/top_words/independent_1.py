"""Word frequencies for the search team's report."""
import string
from collections import Counter


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    return word.strip(string.punctuation).lower()


def top_words(text, k):
    """The k most frequent words as (word, count), most frequent first, ties alphabetical."""
    words = [normalize(w) for w in text.split()]
    counts = Counter(w for w in words if w)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return ranked[:k]
