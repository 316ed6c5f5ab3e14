"""A film's runtime as people type it (minutes, MM:SS or HH:MM:SS) and as pages show it."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

MAX_RUNTIME_S = 24 * 3600
_MINUTES = re.compile(r"(?P<m>\d{1,4})")
_MINUTES_SECONDS = re.compile(r"(?P<m>\d{1,4}):(?P<s>\d{2})")
_HOURS_MINUTES_SECONDS = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})")

RUNTIME_FORMATS = _l("Enter minutes (12), minutes and seconds (12:30) or hours (1:32:10).")


class RuntimeFormatError(ValueError):
    """A runtime that cannot be read; its message says what to type instead."""


def parse_runtime(text: str) -> int:
    """Seconds from `12` (minutes), `12:30` (MM:SS) or `1:32:10` (HH:MM:SS)."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if match := _MINUTES.fullmatch(text):
        seconds = int(match["m"]) * 60
    elif match := _MINUTES_SECONDS.fullmatch(text):
        seconds = int(match["m"]) * 60 + _below_sixty(match["s"])
    elif match := _HOURS_MINUTES_SECONDS.fullmatch(text):
        seconds = int(match["h"]) * 3600 + _below_sixty(match["m"]) * 60 + _below_sixty(match["s"])
    else:
        raise RuntimeFormatError(RUNTIME_FORMATS)
    if seconds <= 0:
        raise RuntimeFormatError(_l("A film runs for at least one second."))
    if seconds > MAX_RUNTIME_S:
        raise RuntimeFormatError(_l("Enter a runtime of at most 24 hours."))
    return seconds


def _below_sixty(digits: str) -> int:
    value = int(digits)
    if value >= 60:
        raise RuntimeFormatError(
            _l("Minutes and seconds go up to 59. %(formats)s", formats=RUNTIME_FORMATS)
        )
    return value


def format_runtime(seconds: int | None) -> str:
    """`12:30` below an hour, `1:32:10` from an hour; the form shows it back the same way."""
    if not seconds:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
