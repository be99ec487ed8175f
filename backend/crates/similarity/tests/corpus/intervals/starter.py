"""Booking calendar: merge overlapping reservations."""


def merge(intervals):
    """Merge overlapping or touching [start, end] intervals; return them sorted by start."""
    raise NotImplementedError


def total_covered(intervals):
    """How many time units at least one interval covers."""
    raise NotImplementedError
