"""Booking calendar: merge overlapping reservations."""


def total_covered(intervals):
    """How many time units at least one interval covers."""
    blocks = merge(intervals)
    return sum([b - a for a, b in blocks])


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    marks = []
    for a, b in intervals:
        marks.append((a, 0))
        marks.append((b, 1))
    marks.sort()
    res = []
    level = 0
    begin = None
    for t, typ in marks:
        if typ == 0:
            if level == 0:
                begin = t
            level += 1
        else:
            level -= 1
            if level == 0:
                if res and res[-1][1] == begin:
                    res[-1][1] = t
                else:
                    res.append([begin, t])
    return res
