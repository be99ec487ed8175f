"""Booking calendar: merge overlapping reservations."""


def total_covered(intervals):
    """How many time units at least one interval covers."""
    amount = 0
    for span in merge(intervals):
        amount += span[1] - span[0]
    return amount


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    if not intervals:
        return []
    srt = sorted(intervals, key=lambda x: x[0])
    acc = []
    s, e = srt[0]
    for i in range(1, len(srt)):
        ns, ne = srt[i]
        if ns > e:
            acc.append([s, e])
            s, e = ns, ne
        elif ne > e:
            e = ne
    acc.append([s, e])
    return acc
