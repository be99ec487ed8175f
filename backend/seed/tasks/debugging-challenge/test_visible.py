"""Tests you can run from the IDE. More tests run when you submit."""

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
    parse_cart,
)

MUG = Product(
    "MUG", "Ceramic mug", Decimal("12.00"), tiers=(PriceTier(10, Decimal("10.80")), PriceTier(50, Decimal("9.60")))
)
TEE = Product("TEE", "Logo T-shirt", Decimal("25.00"))
GIFT = Product("GIFT50", "Gift card", Decimal("50.00"), taxable=False)
CATALOG = {p.sku: p for p in (MUG, TEE, GIFT)}


def test_simple_invoice_totals():
    invoice = build_invoice([LineItem(TEE, 2)], "USD", "US-NY")
    assert invoice.subtotal == Decimal("50.00")
    assert invoice.tax == Decimal("2.00")
    assert invoice.total == Decimal("52.00")


def test_volume_tier_applies_from_its_minimum_quantity():
    invoice = build_invoice([LineItem(MUG, 10)], "USD", "US-OR")
    assert invoice.lines[0].unit_price == Decimal("10.80")
    assert invoice.subtotal == Decimal("108.00")


def test_volume_tier_applies_above_its_minimum_quantity():
    invoice = build_invoice([LineItem(MUG, 12)], "USD", "US-OR")
    assert invoice.lines[0].unit_price == Decimal("10.80")


def test_tax_rounds_half_cent_up():
    # 50.00 * 7.25 % = 3.625, which finance books as 3.63.
    invoice = build_invoice([LineItem(TEE, 2)], "USD", "US-CA")
    assert invoice.tax == Decimal("3.63")
    assert invoice.total == Decimal("53.63")


def test_coupon_reduces_tax_only_on_taxable_share():
    coupon = Coupon("SPRING10", CouponKind.PERCENT, Decimal(10))
    invoice = build_invoice([LineItem(TEE, 1), LineItem(GIFT, 1)], "GBP", "GB", coupon)
    assert invoice.discount == Decimal("7.50")
    # A third of the discount belongs to the T-shirt: (25.00 - 2.50) * 20 %.
    assert invoice.tax == Decimal("4.50")
    assert invoice.total == Decimal("72.00")


def test_fixed_coupon_never_exceeds_subtotal():
    coupon = Coupon("WELCOME100", CouponKind.FIXED, Decimal("100.00"))
    invoice = build_invoice([LineItem(TEE, 1)], "USD", "US-OR", coupon)
    assert invoice.discount == Decimal("25.00")
    assert invoice.total == Decimal("0.00")


def test_parse_cart_rejects_bad_payloads():
    for payload in ({"items": []}, {"items": [{"sku": "TEE", "quantity": 0}]}):
        with pytest.raises(PricingError):
            parse_cart(payload, CATALOG)


def test_format_money_groups_thousands_and_signs():
    assert format_money(Decimal("1234.5"), "USD") == "$1,234.50"
    assert format_money(Decimal(-3), "GBP") == "-£3.00"
