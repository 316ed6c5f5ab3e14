from decimal import Decimal

import pytest
from flask_babel import force_locale

from festival.editions.money import format_money, is_currency_code, major_units, minor_units


def test_amounts_are_kept_in_the_currencys_minor_units():
    assert minor_units(Decimal("12.50"), "USD") == 1250
    assert minor_units(Decimal("50000"), "KRW") == 50_000
    assert major_units(1250, "USD") == Decimal("12.50")
    assert major_units(50_000, "KRW") == Decimal("50000")


@pytest.mark.parametrize(("amount", "currency"), [("0.5", "KRW"), ("12.345", "USD")])
def test_an_amount_finer_than_the_smallest_unit_is_refused(amount, currency):
    with pytest.raises(ValueError):
        minor_units(Decimal(amount), currency)


def test_money_is_formatted_for_the_readers_locale(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            assert format_money(50_000, "KRW") == "₩50,000"
            assert format_money(1250, "USD") == "$12.50"
        with force_locale("ko"):
            assert format_money(50_000, "KRW") == "₩50,000"
            assert format_money(1250, "USD") == "US$12.50"


def test_currency_codes_are_three_known_upper_case_letters():
    assert is_currency_code("KRW")
    assert is_currency_code("USD")
    assert not is_currency_code("krw")
    assert not is_currency_code("XYZ")
    assert not is_currency_code("")
