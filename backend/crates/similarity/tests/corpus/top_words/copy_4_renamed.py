"""Word frequencies for the search team's report."""
from collections import defaultdict


def top_words(text, k):
    """The k most frequent words as (word, count), most frequent first, ties alphabetical."""
    freq = defaultdict(int)
    for row in text.splitlines():
        for chunk in row.split(" "):
            token = normalize(chunk)
            if token != "":
                freq[token] += 1
    groups = defaultdict(list)
    for token, n in freq.items():
        groups[n].append(token)
    answer = []
    for n in sorted(groups, reverse=True):
        for token in sorted(groups[n]):
            if len(answer) == k:
                return answer
            answer.append((token, n))
    return answer


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    letters = "".join(c for c in word if c.isalnum() or c in "-'")
    return letters.strip("-'").lower()
