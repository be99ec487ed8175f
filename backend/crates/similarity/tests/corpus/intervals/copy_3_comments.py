"""Booking calendar: merge overlapping reservations."""


def merge(intervals):
    """Sweep line over start and end events."""
    events = []
    for lo, hi in intervals:
        events.append((lo, 0))  # opening
        events.append((hi, 1))  # closing
    events.sort()  # openings before closings at the same point
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
                # touching blocks join
                if out and out[-1][1] == opened:
                    out[-1][1] = point
                else:
                    out.append([opened, point])
    return out


def total_covered(intervals):
    """Sum of the merged lengths."""
    spans = merge(intervals)
    return sum([hi - lo for lo, hi in spans])
