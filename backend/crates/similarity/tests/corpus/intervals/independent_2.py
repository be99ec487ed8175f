"""Booking calendar: merge overlapping reservations."""


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    if not intervals:
        return []
    ordered = sorted(intervals, key=lambda iv: iv[0])
    result = []
    current_start, current_end = ordered[0]
    for index in range(1, len(ordered)):
        next_start, next_end = ordered[index]
        if next_start > current_end:
            result.append([current_start, current_end])
            current_start, current_end = next_start, next_end
        elif next_end > current_end:
            current_end = next_end
    result.append([current_start, current_end])
    return result


def total_covered(intervals):
    """How many time units at least one interval covers."""
    covered = 0
    for block in merge(intervals):
        covered += block[1] - block[0]
    return covered
