"""Booking calendar: merge overlapping reservations."""


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def total_covered(intervals):
    """How many time units at least one interval covers."""
    return sum(end - start for start, end in merge(intervals))
