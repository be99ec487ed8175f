"""Error counts from the web server's access log."""


class LogEntry:
    def __init__(self, hour, level, message):
        self.hour = hour
        self.level = level
        self.message = message


def _entry(line):
    fields = line.split()
    if len(fields) < 3:
        return None
    timestamp = fields[0]
    if len(timestamp) != 19 or timestamp[10] != "T":
        return None
    return LogEntry(timestamp[0:13], fields[1], " ".join(fields[2:]))


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    entry = _entry(line)
    return None if entry is None else vars(entry)


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    table = {}
    for raw in lines:
        entry = _entry(raw)
        if entry is None or entry.level != "ERROR":
            continue
        if entry.hour not in table:
            table[entry.hour] = 0
        table[entry.hour] += 1
    return table
