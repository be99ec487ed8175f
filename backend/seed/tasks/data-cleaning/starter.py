"""Nightly sales report: clean the merged order export and aggregate revenue.

The export (`data/orders.csv`) merges two storefronts. The US shop writes
dates as YYYY-MM-DD and amounts like "$1,234.50"; the EU shop writes dates as
DD/MM/YYYY and amounts like "1234.50". An order is exported again every time
its status changes, so one order id can appear several times: the row with the
latest `updated_at` is the truth, wherever it sits in the file.

Rows that cannot be trusted are not guessed at: they are rejected with the
line number and a reason, and the finance team fixes them at the source.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

REQUIRED_COLUMNS = ("order_id", "order_date", "updated_at", "customer_email", "country", "currency", "amount", "status")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
CURRENCY_SYMBOLS = "$€£"
CURRENCIES = {"USD", "EUR", "GBP"}
STATUSES = {"paid", "shipped", "refunded", "cancelled"}
# Refunded and cancelled orders are kept for the order counts but earn nothing.
REVENUE_STATUSES = {"paid", "shipped"}
COUNTRY_ALIASES = {
    "us": "US",
    "usa": "US",
    "united states": "US",
    "de": "DE",
    "germany": "DE",
    "deutschland": "DE",
    "fr": "FR",
    "france": "FR",
    "gb": "GB",
    "uk": "GB",
    "united kingdom": "GB",
}


# A CSV row and its line number in the file (the header is line 1).
NumberedRow = tuple[int, dict[str, str]]


class RowError(ValueError):
    """A field that cannot be cleaned; the message becomes the rejection reason."""


class ExportError(RuntimeError):
    """The export as a whole is unusable (missing file or columns)."""


@dataclass(frozen=True)
class Order:
    order_id: str
    order_date: date
    updated_at: datetime
    customer_email: str
    country: str
    currency: str
    amount: Decimal
    status: str


@dataclass(frozen=True)
class Rejection:
    line: int
    order_id: str
    reason: str


@dataclass(frozen=True)
class CleanResult:
    orders: list[Order]
    rejections: list[Rejection]


def parse_amount(raw: str) -> Decimal:
    """Parse an export amount such as `"$1,234.50"` or `"89.99"`."""
    text = raw.strip().strip(CURRENCY_SYMBOLS).strip().replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise RowError(f"amount {raw!r} is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise RowError(f"amount {raw!r} must be a non-negative number")
    return amount


def parse_date(raw: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise RowError(f"order_date {raw!r} is not YYYY-MM-DD or DD/MM/YYYY")


def parse_timestamp(raw: str) -> datetime:
    """ISO 8601 timestamp; one without an offset is taken as UTC."""
    try:
        stamp = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise RowError(f"updated_at {raw!r} is not an ISO 8601 timestamp") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def normalise_country(raw: str) -> str:
    country = COUNTRY_ALIASES.get(" ".join(raw.split()).lower())
    if country is None:
        raise RowError(f"unknown country {raw!r}")
    return country


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain:
        raise RowError(f"customer_email {raw!r} is not an address")
    return email


def clean_row(row: dict[str, str]) -> Order:
    order_id = row["order_id"].strip()
    if not order_id:
        raise RowError("order_id is empty")
    currency = row["currency"].strip().upper()
    if currency not in CURRENCIES:
        raise RowError(f"unknown currency {row['currency']!r}")
    status = row["status"].strip().lower()
    if status not in STATUSES:
        raise RowError(f"unknown status {row['status']!r}")
    return Order(
        order_id=order_id,
        order_date=parse_date(row["order_date"]),
        updated_at=parse_timestamp(row["updated_at"]),
        customer_email=normalise_email(row["customer_email"]),
        country=normalise_country(row["country"]),
        currency=currency,
        amount=parse_amount(row["amount"]),
        status=status,
    )


def clean_rows(rows: list[NumberedRow]) -> CleanResult:
    """Clean `(line number, row)` pairs from the export into one order per id."""
    latest: dict[str, Order] = {}
    rejections = []
    for line, row in rows:
        if not any((value or "").strip() for value in row.values()):
            continue
        try:
            order = clean_row({column: row.get(column) or "" for column in REQUIRED_COLUMNS})
        except RowError as err:
            rejections.append(Rejection(line, (row.get("order_id") or "").strip(), str(err)))
            continue
        current = latest.get(order.order_id)
        if current is None:
            latest[order.order_id] = order
    orders = sorted(latest.values(), key=lambda o: (o.order_date, o.order_id))
    return CleanResult(orders, rejections)


def read_export(path: Path) -> list[NumberedRow]:
    """Rows of the CSV export with their line numbers, so rejections point at
    the right line even though blank lines are skipped. `utf-8-sig` because
    the export is saved from Excel with a byte-order mark."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ExportError(f"{path.name} is missing columns: {', '.join(missing)}")
            return [(reader.line_num, row) for row in reader]
    except FileNotFoundError:
        raise ExportError(f"export not found: {path}") from None


def summarize(orders: list[Order]) -> dict:
    """Revenue per month and currency (never summed across currencies), and order counts."""
    revenue: defaultdict[str, defaultdict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for order in orders:
        if order.status in REVENUE_STATUSES:
            revenue[order.order_date.strftime("%Y-%m")][order.currency] += order.amount
    return {
        "orders": len(orders),
        "revenue": {
            month: {cur: str(total) for cur, total in sorted(by_cur.items())}
            for month, by_cur in sorted(revenue.items())
        },
        "orders_by_country": dict(sorted(Counter(order.country for order in orders).items())),
        "orders_by_status": dict(sorted(Counter(order.status for order in orders).items())),
    }


def build_report(path: Path) -> dict:
    result = clean_rows(read_export(path))
    report = summarize(result.orders)
    report["rejected"] = [{"line": r.line, "order_id": r.order_id, "reason": r.reason} for r in result.rejections]
    return report
