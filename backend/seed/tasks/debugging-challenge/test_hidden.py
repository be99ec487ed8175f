"""Submission tests: the visible behaviours plus edge cases."""

from decimal import Decimal

import pytest
from solution import (
    Coupon,
    CouponKind,
    LineItem,
    PriceTier,
    PricingError,
    Product,
    build_invoice,
    format_money,
    parse_amount,
    parse_cart,
    round_money,
)

MUG = Product(
    "MUG", "Ceramic mug", Decimal("12.00"), tiers=(PriceTier(50, Decimal("9.60")), PriceTier(10, Decimal("10.80")))
)
TEE = Product("TEE", "Logo T-shirt", Decimal("25.00"))
GIFT = Product("GIFT50", "Gift card", Decimal("50.00"), taxable=False)
STICKER = Product("STICKER", "Sticker", Decimal("0.045"))
CATALOG = {p.sku: p for p in (MUG, TEE, GIFT, STICKER)}


def test_simple_invoice_totals():
    invoice = build_invoice([LineItem(TEE, 2)], "USD", "US-NY")
    assert (invoice.subtotal, invoice.discount, invoice.tax, invoice.total) == (
        Decimal("50.00"),
        Decimal(0),
        Decimal("2.00"),
        Decimal("52.00"),
    )


def test_volume_tier_applies_from_its_minimum_quantity():
    invoice = build_invoice([LineItem(MUG, 10)], "USD", "US-OR")
    assert invoice.lines[0].unit_price == Decimal("10.80")
    assert invoice.subtotal == Decimal("108.00")


def test_volume_tier_applies_above_its_minimum_quantity():
    invoice = build_invoice([LineItem(MUG, 12)], "USD", "US-OR")
    assert invoice.lines[0].unit_price == Decimal("10.80")


def test_top_tier_applies_from_its_minimum_quantity():
    assert MUG.price_for(50) == Decimal("9.60")
    assert MUG.price_for(49) == Decimal("10.80")


def test_below_first_tier_pays_list_price():
    assert MUG.price_for(9) == Decimal("12.00")
    assert MUG.price_for(1) == Decimal("12.00")


def test_parse_cart_merges_repeated_skus_so_tiers_apply():
    items = parse_cart({"items": [{"sku": "MUG", "quantity": 6}, {"sku": "MUG", "quantity": 4}]}, CATALOG)
    assert [(item.product.sku, item.quantity) for item in items] == [("MUG", 10)]
    assert build_invoice(items, "USD", "US-OR").subtotal == Decimal("108.00")


def test_tax_rounds_half_cent_up():
    invoice = build_invoice([LineItem(TEE, 2)], "USD", "US-CA")
    assert invoice.tax == Decimal("3.63")
    assert invoice.total == Decimal("53.63")


def test_round_money_rounds_halves_away_from_zero():
    assert round_money(Decimal("0.125"), "USD") == Decimal("0.13")
    assert round_money(Decimal("0.135"), "EUR") == Decimal("0.14")
    assert round_money(Decimal("-0.125"), "USD") == Decimal("-0.13")


def test_line_amount_rounds_half_cent_up():
    invoice = build_invoice([LineItem(STICKER, 5)], "USD", "US-OR")
    assert invoice.lines[0].amount == Decimal("0.23")


def test_yen_has_no_minor_unit():
    lamp = Product("LAMP", "Desk lamp", Decimal(1225))
    invoice = build_invoice([LineItem(lamp, 1)], "JPY", "JP")
    assert invoice.tax == Decimal(123)
    assert invoice.total == Decimal(1348)
    assert format_money(invoice.total, "JPY") == "¥1,348"


def test_coupon_reduces_tax_only_on_taxable_share():
    coupon = Coupon("SPRING10", CouponKind.PERCENT, Decimal(10))
    invoice = build_invoice([LineItem(TEE, 1), LineItem(GIFT, 1)], "GBP", "GB", coupon)
    assert invoice.discount == Decimal("7.50")
    assert invoice.tax == Decimal("4.50")
    assert invoice.total == Decimal("72.00")


def test_gift_card_only_cart_has_no_tax_even_with_coupon():
    coupon = Coupon("FIVER", CouponKind.FIXED, Decimal("5.00"))
    invoice = build_invoice([LineItem(GIFT, 2)], "EUR", "DE", coupon)
    assert invoice.tax == Decimal("0.00")
    assert invoice.total == Decimal("95.00")


def test_coupon_on_fully_taxable_cart_taxes_discounted_amount():
    coupon = Coupon("TEN", CouponKind.FIXED, Decimal("10.00"))
    invoice = build_invoice([LineItem(TEE, 2)], "EUR", "DE", coupon)
    assert invoice.tax == Decimal("7.60")
    assert invoice.total == Decimal("47.60")


def test_fixed_coupon_never_exceeds_subtotal():
    coupon = Coupon("WELCOME100", CouponKind.FIXED, Decimal("100.00"))
    invoice = build_invoice([LineItem(TEE, 1)], "USD", "US-OR", coupon)
    assert invoice.discount == Decimal("25.00")
    assert invoice.total == Decimal("0.00")


def test_coupon_below_minimum_subtotal_gives_no_discount():
    coupon = Coupon("BIG20", CouponKind.PERCENT, Decimal(20), min_subtotal=Decimal("100.00"))
    invoice = build_invoice([LineItem(TEE, 2)], "USD", "US-OR", coupon)
    assert invoice.discount == Decimal(0)
    assert invoice.total == Decimal("50.00")


def test_parse_cart_rejects_bad_payloads():
    bad_payloads = [
        {},
        {"items": []},
        {"items": [{"sku": "NOPE", "quantity": 1}]},
        {"items": [{"sku": "TEE", "quantity": 0}]},
        {"items": [{"sku": "TEE", "quantity": -2}]},
        {"items": [{"sku": "TEE", "quantity": True}]},
        {"items": [{"sku": "TEE", "quantity": 1.5}]},
        {"items": ["TEE"]},
    ]
    for payload in bad_payloads:
        with pytest.raises(PricingError):
            parse_cart(payload, CATALOG)


def test_unsupported_currency_or_region_is_a_clear_error():
    with pytest.raises(PricingError, match="currency"):
        build_invoice([LineItem(TEE, 1)], "CHF", "US-NY")
    with pytest.raises(PricingError, match="region"):
        build_invoice([LineItem(TEE, 1)], "USD", "FR")


def test_parse_amount_accepts_plain_amounts_and_rejects_junk():
    assert parse_amount(" 12.50 ") == Decimal("12.50")
    for raw in ("abc", "-1", "NaN", "Infinity", ""):
        with pytest.raises(PricingError):
            parse_amount(raw)


def test_format_money_groups_thousands_and_signs():
    assert format_money(Decimal("1234.5"), "USD") == "$1,234.50"
    assert format_money(Decimal(-3), "GBP") == "-£3.00"


def test_invoice_to_dict_uses_string_amounts():
    data = build_invoice([LineItem(TEE, 2)], "USD", "US-NY").to_dict()
    assert data["total"] == "52.00"
    assert data["lines"] == [
        {"sku": "TEE", "description": "Logo T-shirt", "quantity": 2, "unit_price": "25.00", "amount": "50.00"}
    ]
