"""Error counts from the web server's access log."""
from collections import Counter


def parse_line(line):
    # timestamp, level, then the free-text message
    parts = line.strip().split(" ", 2)
    if len(parts) < 3 or "T" not in parts[0]:
        return None  # not a log line
    stamp, level, message = parts
    return {"hour": stamp[:13], "level": level, "message": message}


def errors_per_hour(lines):
    # count ERROR lines per hour bucket
    counts = Counter()
    for line in lines:
        entry = parse_line(line)
        if entry and entry["level"] == "ERROR":
            counts[entry["hour"]] += 1
    return dict(counts)  # plain dict for JSON
