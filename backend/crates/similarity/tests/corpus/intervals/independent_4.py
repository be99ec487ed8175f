"""Booking calendar: merge overlapping reservations."""


def _overlaps(a, b):
    return a[0] <= b[1] and b[0] <= a[1]


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    pending = [list(iv) for iv in intervals]
    changed = True
    while changed:
        changed = False
        kept = []
        while pending:
            first = pending.pop()
            for other in kept:
                if _overlaps(first, other):
                    other[0] = min(other[0], first[0])
                    other[1] = max(other[1], first[1])
                    changed = True
                    break
            else:
                kept.append(first)
        pending = kept
    return sorted(pending)


def total_covered(intervals):
    """How many time units at least one interval covers."""
    if len(intervals) == 0:
        return 0
    points = set()
    for a, b in intervals:
        points.update(range(a, b))
    return len(points)
