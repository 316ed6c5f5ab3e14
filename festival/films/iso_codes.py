"""ISO 3166 countries and ISO 639 languages, named in the reader's language by Babel (CLDR)."""

from __future__ import annotations

import functools

from babel import Locale
from flask_babel import get_locale

# CLDR also names regions, groupings and reserved codes that are not countries.
NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN"})
NOT_COUNTRIES |= frozenset({"XA", "XB", "ZZ"})
# "No linguistic content": the honest answer for a film without dialogue.
NO_LANGUAGE = "zxx"


def _locale() -> Locale:
    return Locale.parse(str(get_locale() or "en"))


@functools.cache
def _countries(locale: Locale) -> tuple[tuple[str, str], ...]:
    names = {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }
    return tuple(sorted(names.items(), key=lambda item: item[1].casefold()))


@functools.cache
def _languages(locale: Locale) -> tuple[tuple[str, str], ...]:
    names = {code: name for code, name in locale.languages.items() if len(code) == 2}
    ordered = sorted(names.items(), key=lambda item: item[1].casefold())
    return (*ordered, (NO_LANGUAGE, locale.languages.get(NO_LANGUAGE, "No dialogue")))


def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) for every ISO 3166-1 country, in the order of their names."""
    return _countries(_locale())


def language_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) for every two-letter ISO 639-1 language, then "no linguistic content"."""
    return _languages(_locale())


def country_name(code: str) -> str:
    return _locale().territories.get(code, code)


def language_name(code: str) -> str:
    return _locale().languages.get(code, code)
