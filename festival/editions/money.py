"""Amounts kept as integers in a currency's minor units, shown in the reader's locale.

The minor unit follows ISO 4217 as Babel knows it: cents for USD, none for KRW (1 = ₩1)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_precision, is_currency
from flask_babel import format_currency


def is_currency_code(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code.isalpha() and code.isupper() and is_currency(code)


def minor_units(amount: Decimal, currency: str) -> int:
    """`amount` in major units (e.g. 12.50 USD) as minor units (1250); ValueError when the
    amount is finer than the currency's smallest unit (e.g. 0.5 KRW)."""
    scaled = amount.scaleb(get_currency_precision(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} is finer than the smallest unit of {currency}")
    return int(scaled)


def major_units(cents: int, currency: str) -> Decimal:
    return Decimal(cents).scaleb(-get_currency_precision(currency))


def format_money(cents: int | None, currency: str) -> str:
    if cents is None:
        return ""
    return format_currency(major_units(cents, currency), currency)
