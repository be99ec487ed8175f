"""Booking calendar: merge overlapping reservations."""


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    events = []
    for lo, hi in intervals:
        events.append((lo, 0))
        events.append((hi, 1))
    events.sort()
    out = []
    depth = 0
    opened = None
    for point, kind in events:
        if kind == 0:
            if depth == 0:
                opened = point
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                if out and out[-1][1] == opened:
                    out[-1][1] = point
                else:
                    out.append([opened, point])
    return out


def total_covered(intervals):
    """How many time units at least one interval covers."""
    spans = merge(intervals)
    return sum([hi - lo for lo, hi in spans])
