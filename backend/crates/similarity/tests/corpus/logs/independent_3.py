"""Error counts from the web server's access log."""
from datetime import datetime


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    try:
        stamp, rest = line.split(maxsplit=1)
        level, message = rest.split(maxsplit=1)
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None
    return {"hour": when.strftime("%Y-%m-%dT%H"), "level": level.upper(), "message": message.strip()}


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    hours = [p["hour"] for p in (parse_line(l) for l in lines) if p is not None and p["level"] == "ERROR"]
    return {h: hours.count(h) for h in set(hours)}
