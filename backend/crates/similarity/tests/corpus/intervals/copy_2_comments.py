"""Booking calendar: merge overlapping reservations."""


def merge(intervals):
    # empty in, empty out
    if not intervals:
        return []
    ordered = sorted(intervals, key=lambda iv: iv[0])  # by start time
    result = []
    current_start, current_end = ordered[0]
    for index in range(1, len(ordered)):
        next_start, next_end = ordered[index]
        if next_start > current_end:
            # a gap: close the current block
            result.append([current_start, current_end])
            current_start, current_end = next_start, next_end
        elif next_end > current_end:
            current_end = next_end  # extend
    result.append([current_start, current_end])
    return result


def total_covered(intervals):
    # add up the merged blocks
    covered = 0
    for block in merge(intervals):
        covered += block[1] - block[0]
    return covered
