"""Error counts from the web server's access log."""


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    per_hour = {}
    for text in lines:
        e = _make(text)
        if e is None or e.level != "ERROR":
            continue
        if e.hour not in per_hour:
            per_hour[e.hour] = 0
        per_hour[e.hour] += 1
    return per_hour


class Record:
    def __init__(self, hour, level, message):
        self.hour = hour
        self.level = level
        self.message = message


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    e = _make(line)
    return None if e is None else vars(e)


def _make(line):
    cols = line.split()
    if len(cols) < 3:
        return None
    ts = cols[0]
    if len(ts) != 19 or ts[10] != "T":
        return None
    return Record(ts[0:13], cols[1], " ".join(cols[2:]))
