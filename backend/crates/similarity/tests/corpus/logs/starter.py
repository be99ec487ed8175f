"""Error counts from the web server's access log."""


def parse_line(line):
    """'2026-03-01T14:05:09 ERROR payment timeout' -> {'hour': '2026-03-01T14', 'level': 'ERROR', 'message': ...}; None if malformed."""
    raise NotImplementedError


def errors_per_hour(lines):
    """{hour: number of ERROR lines}, malformed lines skipped."""
    raise NotImplementedError
