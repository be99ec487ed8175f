"""Submission tests: the visible behaviours plus edge cases."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from solution import (
    ExportError,
    RowError,
    build_report,
    clean_rows,
    normalise_country,
    normalise_email,
    parse_amount,
    parse_date,
    parse_timestamp,
    read_export,
    summarize,
)

EXPORT = Path(__file__).parent / "data" / "orders.csv"
HEADER = "order_id,order_date,updated_at,customer_email,country,currency,amount,status\n"


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


def test_parse_amount_reads_large_grouped_amounts():
    assert parse_amount("$12,345,678.90") == Decimal("12345678.90")
    assert parse_amount("£1,000") == Decimal(1000)


def test_parse_amount_rejects_junk():
    for raw in ("", "abc", "-5.00", "NaN", "$"):
        with pytest.raises(RowError):
            parse_amount(raw)


def test_parse_date_reads_iso_dates():
    assert parse_date("2024-03-28") == date(2024, 3, 28)


def test_parse_date_reads_day_first_eu_dates():
    assert parse_date("04/03/2024") == date(2024, 3, 4)
    assert parse_date("02/04/2024") == date(2024, 4, 2)


def test_parse_date_accepts_eu_days_above_twelve():
    assert parse_date("30/03/2024") == date(2024, 3, 30)


def test_parse_date_rejects_impossible_dates():
    for raw in ("", "2024-13-01", "31/02/2024", "March 3"):
        with pytest.raises(RowError):
            parse_date(raw)


def test_timestamps_without_offset_are_utc():
    assert parse_timestamp("2024-03-01T10:00:00") == datetime(2024, 3, 1, 10, tzinfo=UTC)
    with pytest.raises(RowError):
        parse_timestamp("yesterday")


def test_country_and_email_are_normalised():
    assert normalise_country("  United   Kingdom ") == "GB"
    assert normalise_country("deutschland") == "DE"
    assert normalise_email(" Bob@Example.COM ") == "bob@example.com"
    for bad in ("bob", "@example.com", "bob@example"):
        with pytest.raises(RowError):
            normalise_email(bad)


def test_latest_update_of_an_order_wins():
    result = clean_rows(
        numbered(
            row(order_id="US-7", updated_at="2024-03-05T09:00:00Z", status="paid"),
            row(order_id="US-7", updated_at="2024-03-09T14:00:00Z", status="refunded"),
        )
    )
    assert [(o.order_id, o.status) for o in result.orders] == [("US-7", "refunded")]


def test_latest_update_wins_even_when_it_comes_first_in_the_file():
    result = clean_rows(
        numbered(
            row(order_id="EU-3", updated_at="2024-03-30T11:00:00+01:00", amount="75.50"),
            row(order_id="EU-3", updated_at="2024-03-29T09:00:00+01:00", amount="70.00"),
        )
    )
    assert [o.amount for o in result.orders] == [Decimal("75.50")]


def test_latest_update_compares_instants_across_time_zones():
    result = clean_rows(
        numbered(
            row(order_id="EU-4", updated_at="2024-03-01T10:00:00+01:00", status="paid"),
            row(order_id="EU-4", updated_at="2024-03-01T09:30:00Z", status="cancelled"),
        )
    )
    assert [o.status for o in result.orders] == ["cancelled"]


def test_bad_rows_are_rejected_with_their_line():
    result = clean_rows(numbered(row(), row(order_id="EU-2", country="Canada")))
    assert [o.order_id for o in result.orders] == ["EU-1"]
    assert [(r.line, r.order_id) for r in result.rejections] == [(3, "EU-2")]


def test_every_kind_of_bad_field_is_rejected():
    bad_rows = [
        row(order_id=" "),
        row(currency="JPY"),
        row(status="lost"),
        row(updated_at="soon"),
        row(amount="ten"),
        row(order_date="2024/03/01"),
    ]
    result = clean_rows(numbered(*bad_rows))
    assert result.orders == []
    assert len(result.rejections) == len(bad_rows)


def test_read_export_skips_blank_lines_but_keeps_line_numbers(tmp_path):
    export = tmp_path / "orders.csv"
    export.write_text(
        HEADER
        + "\n"
        + "EU-1,2024-03-01,2024-03-01T10:00:00Z,a@example.com,DE,EUR,1,paid\n"
        + ",,,,,,,\n"
        + "EU-2,2024-03-01,2024-03-01T10:00:00Z,a@example.com,Narnia,EUR,1,paid\n",
        encoding="utf-8-sig",
    )
    result = clean_rows(read_export(export))
    assert [o.order_id for o in result.orders] == ["EU-1"]
    assert [r.line for r in result.rejections] == [5]


def test_read_export_reports_missing_file_and_columns(tmp_path):
    with pytest.raises(ExportError):
        read_export(tmp_path / "nope.csv")
    export = tmp_path / "orders.csv"
    export.write_text("order_id,amount\nEU-1,10\n", encoding="utf-8")
    with pytest.raises(ExportError, match="order_date"):
        read_export(export)


def test_revenue_skips_refunds_and_never_mixes_currencies():
    result = clean_rows(
        numbered(
            row(order_id="A", currency="EUR", amount="10.00"),
            row(order_id="B", currency="USD", amount="$5.00"),
            row(order_id="C", currency="EUR", amount="99.00", status="refunded"),
            row(order_id="D", currency="EUR", amount="1.50", status="Shipped", order_date="2024-04-01"),
        )
    )
    summary = summarize(result.orders)
    assert summary["revenue"] == {"2024-03": {"EUR": "10.00", "USD": "5.00"}, "2024-04": {"EUR": "1.50"}}
    assert summary["orders_by_status"] == {"paid": 2, "refunded": 1, "shipped": 1}


def test_sample_export_report():
    report = build_report(EXPORT)
    assert report["orders"] == 8
    assert report["revenue"] == {
        "2024-03": {"EUR": "2475.50", "USD": "3350.50"},
        "2024-04": {"GBP": "45.00", "USD": "310.00"},
    }
    assert report["orders_by_country"] == {"DE": 2, "FR": 1, "GB": 1, "US": 4}
    assert report["orders_by_status"] == {"cancelled": 1, "paid": 5, "refunded": 1, "shipped": 1}
    assert [(r["line"], r["order_id"]) for r in report["rejected"]] == [
        (14, "EU-2005"),
        (15, "US-1005"),
        (16, "EU-2006"),
    ]
