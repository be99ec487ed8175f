"""Tests you can run from the IDE. More tests run when you submit."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from solution import build_report, clean_rows, parse_amount, parse_date

EXPORT = Path(__file__).parent / "data" / "orders.csv"


def row(**fields):
    base = {
        "order_id": "EU-1",
        "order_date": "2024-03-01",
        "updated_at": "2024-03-01T10:00:00Z",
        "customer_email": "a@example.com",
        "country": "Germany",
        "currency": "EUR",
        "amount": "10.00",
        "status": "paid",
    }
    return {**base, **fields}


def numbered(*rows):
    return list(enumerate(rows, start=2))


def test_parse_amount_strips_symbols_and_thousands_separators():
    assert parse_amount("$1,250.00") == Decimal("1250.00")
    assert parse_amount(" 89.99 ") == Decimal("89.99")


def test_parse_date_reads_iso_dates():
    assert parse_date("2024-03-28") == date(2024, 3, 28)


def test_parse_date_reads_day_first_eu_dates():
    assert parse_date("04/03/2024") == date(2024, 3, 4)


def test_latest_update_of_an_order_wins():
    result = clean_rows(
        numbered(
            row(order_id="US-7", updated_at="2024-03-05T09:00:00Z", status="paid"),
            row(order_id="US-7", updated_at="2024-03-09T14:00:00Z", status="refunded"),
        )
    )
    assert [(o.order_id, o.status) for o in result.orders] == [("US-7", "refunded")]


def test_bad_rows_are_rejected_with_their_line():
    result = clean_rows(numbered(row(), row(order_id="EU-2", country="Canada")))
    assert [o.order_id for o in result.orders] == ["EU-1"]
    assert [(r.line, r.order_id) for r in result.rejections] == [(3, "EU-2")]


def test_sample_export_report():
    report = build_report(EXPORT)
    assert report["orders"] == 8
    assert report["revenue"] == {
        "2024-03": {"EUR": "2475.50", "USD": "3350.50"},
        "2024-04": {"GBP": "45.00", "USD": "310.00"},
    }
    assert [r["line"] for r in report["rejected"]] == [14, 15, 16]
