"""Word frequencies for the search team's report."""
import heapq

PUNCTUATION = set(".,;:!?\"'()[]{}")


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    start, end = 0, len(word)
    while start < end and word[start] in PUNCTUATION:
        start += 1
    while end > start and word[end - 1] in PUNCTUATION:
        end -= 1
    return word[start:end].lower()


def top_words(text, k):
    """The k most frequent words as (word, count), most frequent first, ties alphabetical."""
    frequency = {}
    for token in text.split():
        key = normalize(token)
        if key:
            frequency[key] = frequency.setdefault(key, 0) + 1
    return heapq.nsmallest(k, frequency.items(), key=lambda item: (-item[1], item[0]))
