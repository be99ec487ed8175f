"""Order pricing for the checkout service.

Turns a cart into an invoice: volume-tier unit prices, an optional coupon,
regional sales tax and rounding to the currency's minor unit. All money is
Decimal because binary floats drift by fractions of a cent, and finance
reconciles every invoice against its own ledger to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

# Digits after the decimal point in each currency's minor unit.
CURRENCY_EXPONENTS = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

# Sales tax by ship-to region. Oregon has no sales tax.
TAX_RATES = {
    "US-CA": Decimal("0.0725"),
    "US-NY": Decimal("0.04"),
    "US-OR": Decimal(0),
    "GB": Decimal("0.20"),
    "DE": Decimal("0.19"),
    "JP": Decimal("0.10"),
}

ZERO = Decimal(0)


class PricingError(ValueError):
    """The cart cannot be priced; the message is safe to show to the shopper."""


class CouponKind(Enum):
    PERCENT = "percent"
    FIXED = "fixed"


@dataclass(frozen=True)
class PriceTier:
    """Unit price that applies once a line reaches `min_quantity` units."""

    min_quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    unit_price: Decimal
    tiers: tuple[PriceTier, ...] = ()
    # Gift cards and similar stored-value items are never taxed.
    taxable: bool = True

    def price_for(self, quantity: int) -> Decimal:
        """Unit price for a line of `quantity` units (the best tier reached)."""
        price = self.unit_price
        for tier in sorted(self.tiers, key=lambda t: t.min_quantity):
            if quantity >= tier.min_quantity:
                price = tier.unit_price
        return price


@dataclass(frozen=True)
class LineItem:
    product: Product
    quantity: int


@dataclass(frozen=True)
class Coupon:
    code: str
    kind: CouponKind
    value: Decimal
    min_subtotal: Decimal = ZERO

    def discount_on(self, subtotal: Decimal, currency: str) -> Decimal:
        """Discount this coupon gives on `subtotal`; never more than the subtotal."""
        if subtotal < self.min_subtotal:
            return ZERO
        if self.kind is CouponKind.PERCENT:
            return round_money(subtotal * self.value / 100, currency)
        return min(self.value, subtotal)


@dataclass(frozen=True)
class InvoiceLine:
    sku: str
    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    taxable: bool


@dataclass(frozen=True)
class Invoice:
    currency: str
    region: str
    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal

    def to_dict(self) -> dict:
        """JSON-friendly view; amounts are strings so no client parses them as floats."""
        return {
            "currency": self.currency,
            "region": self.region,
            "lines": [
                {
                    "sku": line.sku,
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit_price": str(line.unit_price),
                    "amount": str(line.amount),
                }
                for line in self.lines
            ],
            "subtotal": str(self.subtotal),
            "discount": str(self.discount),
            "tax": str(self.tax),
            "total": str(self.total),
        }


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, halves away from zero (finance's rule)."""
    exponent = CURRENCY_EXPONENTS.get(currency)
    if exponent is None:
        raise PricingError(f"unsupported currency: {currency}")
    return amount.quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    """Human-readable amount, e.g. `$1,234.50` or `-¥1,235`."""
    rounded = round_money(amount, currency)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{CURRENCY_SYMBOLS[currency]}{abs(rounded):,}"


def parse_cart(payload: dict, catalog: dict[str, Product]) -> list[LineItem]:
    """Validate a cart payload `{"items": [{"sku", "quantity"}]}` against the catalog.

    Repeated SKUs are merged so volume tiers see the full quantity.
    """
    items = payload.get("items")
    if not isinstance(items, list) or not items:
        raise PricingError("cart has no items")
    quantities: dict[str, int] = {}
    for entry in items:
        sku = entry.get("sku") if isinstance(entry, dict) else None
        if sku not in catalog:
            raise PricingError(f"unknown product: {sku}")
        quantity = entry.get("quantity")
        # bool is an int subclass; `True` must not mean one unit.
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
            raise PricingError(f"quantity for {sku} must be a positive whole number")
        quantities[sku] = quantities.get(sku, 0) + quantity
    return [LineItem(catalog[sku], quantity) for sku, quantity in quantities.items()]


def parse_amount(raw: str) -> Decimal:
    """Parse an amount typed by an operator, such as `"12.50"`."""
    try:
        amount = Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        raise PricingError(f"not an amount: {raw!r}") from None
    if not amount.is_finite() or amount < 0:
        raise PricingError(f"not an amount: {raw!r}")
    return amount


def _price_lines(items: list[LineItem], currency: str) -> tuple[InvoiceLine, ...]:
    lines = []
    for item in items:
        unit_price = item.product.price_for(item.quantity)
        lines.append(
            InvoiceLine(
                sku=item.product.sku,
                description=item.product.name,
                quantity=item.quantity,
                unit_price=unit_price,
                amount=round_money(unit_price * item.quantity, currency),
                taxable=item.product.taxable,
            )
        )
    return tuple(lines)


def _tax(lines: tuple[InvoiceLine, ...], subtotal: Decimal, discount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """Tax on what the shopper actually pays for taxable goods.

    The discount is spread over all lines in proportion to their amounts, so
    only the taxable lines' share of it reduces the taxed base.
    """
    taxable = sum((line.amount for line in lines if line.taxable), ZERO)
    if subtotal == ZERO:
        return ZERO
    taxed_base = taxable - discount * taxable / subtotal
    return round_money(taxed_base * rate, currency)


def build_invoice(
    items: list[LineItem],
    currency: str,
    region: str,
    coupon: Coupon | None = None,
) -> Invoice:
    """Price `items` for shipping to `region`, applying `coupon` if it qualifies."""
    if currency not in CURRENCY_EXPONENTS:
        raise PricingError(f"unsupported currency: {currency}")
    rate = TAX_RATES.get(region)
    if rate is None:
        raise PricingError(f"we do not ship to region {region}")
    if not items:
        raise PricingError("cart has no items")

    lines = _price_lines(items, currency)
    subtotal = sum((line.amount for line in lines), ZERO)
    discount = coupon.discount_on(subtotal, currency) if coupon else ZERO
    tax = _tax(lines, subtotal, discount, rate, currency)
    return Invoice(
        currency=currency,
        region=region,
        lines=lines,
        subtotal=subtotal,
        discount=discount,
        tax=tax,
        total=subtotal - discount + tax,
    )
