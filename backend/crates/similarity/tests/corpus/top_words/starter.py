"""Word frequencies for the search team's report."""


def normalize(word):
    """Lower-case the word and strip punctuation around it."""
    raise NotImplementedError


def top_words(text, k):
    """The k most frequent words as (word, count), most frequent first, ties alphabetical."""
    raise NotImplementedError
