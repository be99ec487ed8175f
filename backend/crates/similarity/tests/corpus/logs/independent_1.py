"""Error counts from the web server's access log."""
from collections import Counter


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    parts = line.strip().split(" ", 2)
    if len(parts) < 3 or "T" not in parts[0]:
        return None
    stamp, level, message = parts
    return {"hour": stamp[:13], "level": level, "message": message}


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    counts = Counter()
    for line in lines:
        entry = parse_line(line)
        if entry and entry["level"] == "ERROR":
            counts[entry["hour"]] += 1
    return dict(counts)
