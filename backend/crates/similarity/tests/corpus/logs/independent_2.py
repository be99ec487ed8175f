"""Error counts from the web server's access log."""
import re

LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}):\d{2}:\d{2}\s+([A-Z]+)\s+(.*)$")


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    found = LINE.match(line.rstrip("\n"))
    if not found:
        return None
    hour, level, message = found.groups()
    return dict(hour=hour, level=level, message=message)


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    parsed = filter(None, map(parse_line, lines))
    result = {}
    for record in parsed:
        if record["level"] != "ERROR":
            continue
        result[record["hour"]] = result.get(record["hour"], 0) + 1
    return result
