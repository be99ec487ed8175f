"""Error counts from the web server's access log."""
from collections import Counter


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    tally = Counter()
    for ln in lines:
        rec = parse_line(ln)
        if rec and rec["level"] == "ERROR":
            tally[rec["hour"]] += 1
    return dict(tally)


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    bits = line.strip().split(" ", 2)
    if len(bits) < 3 or "T" not in bits[0]:
        return None
    ts, lvl, msg = bits
    return {"hour": ts[:13], "level": lvl, "message": msg}
