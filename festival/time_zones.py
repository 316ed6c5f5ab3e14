"""Time zones, and the one way a moment is shown to people: on a named clock, with its name.

Edition pages show a moment on the edition's clock (`zoned_time(moment, edition.timezone)`),
every other page on the viewer's (`zoned_time(moment)`: the account's time zone, else the
site's default, `BABEL_DEFAULT_TIMEZONE`). The text always ends with the zone's name, as the
reader's language writes it: its common abbreviation where the language has one, else its full
name — "Dec 3, 2026, 6:02 PM (UTC)", "Dec 4, 2026, 3:02 AM (Korean Standard Time)",
"2026. 12. 4. 오전 3:02 (한국 표준시)". Machine-read times (CSV exports, feeds, JSON) stay
ISO 8601 with their UTC offset.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import (
    format_date,
    format_time,
    get_datetime_format,
    get_timezone_gmt,
    get_timezone_name,
)
from flask import current_app
from flask_babel import get_locale, get_timezone


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA time zone name this machine knows, sorted: what a time zone field accepts."""
    return tuple(sorted(available_timezones()))


def is_time_zone(name: str | None) -> bool:
    return bool(name) and name in time_zone_names()


def viewer_time_zone() -> str:
    """The IANA name of the reader's clock: their account's setting (`i18n.select_timezone`),
    else the site's default; outside a request, the site's default."""
    chosen = get_timezone()
    name = getattr(chosen, "zone", None) or str(chosen or "")
    return name if is_time_zone(name) else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def zone_name(local: datetime, locale: str) -> str:
    """The name of `local`'s zone at that moment (standard or summer time), as `locale` writes it:
    the abbreviation when the language has a common one (UTC, EST), else the full name (Korean
    Standard Time, 한국 표준시; a zone without one reads as its offset, GMT-05:00)."""
    key = (str(local.tzinfo), local.utcoffset(), local.dst(), locale)
    if key not in _zone_names:  # Babel reads its data anew on each call; a desk repeats a zone
        _zone_names[key] = _zone_name(local, locale)
    return _zone_names[key]


_zone_names: dict[tuple, str] = {}


def _zone_name(local: datetime, locale: str) -> str:
    short = get_timezone_name(local, "short", locale=locale)
    if short != get_timezone_gmt(local, "short", locale=locale):
        return short
    return get_timezone_name(local, "long", locale=locale)


def zoned_time(moment: datetime | None, zone: str | None = None, locale: str | None = None) -> str:
    """`moment` (an aware datetime) as a day, a time without seconds and the zone's name, on
    `zone`'s clock (the viewer's when None), in `locale` (the reader's language when None).

    The one function every page, email and template filter (`|zoned_time`) uses to show a
    moment. A naive moment is read as UTC, as the database stores every moment."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    locale = locale or str(get_locale() or "en")
    local = moment.astimezone(ZoneInfo(zone or viewer_time_zone()))
    day = format_date(local, "medium", locale=locale)
    clock = format_time(local, "short", locale=locale)
    shown = get_datetime_format("medium", locale=locale).replace("{1}", day).replace("{0}", clock)
    return f"{shown} ({zone_name(local, locale)})"
