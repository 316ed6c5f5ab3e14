"""Text as people meant it, before it is stored: composed (NFC), without the invisible
characters that can fake or hide what a line says, and never holding NUL.

A title of only U+202E U+200B looks empty but is not; a bidi override inside a name makes it
read backwards on every page that shows it; text typed on some systems arrives decomposed
(NFD) and then fails to match the same words typed elsewhere; and PostgreSQL refuses NUL."""

from __future__ import annotations

import unicodedata

from flask import request
from flask_babel import lazy_gettext as _l

from festival.errors import render_error

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # marks
)
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters that draw nothing: the Hangul fillers and the blank Braille pattern."""

NUL_REFUSAL = _l("Remove the NUL character (an invisible control character) from this text.")


def is_invisible(char: str) -> bool:
    return (
        unicodedata.category(char) in INVISIBLE_CATEGORIES
        or char in BLANK_LETTERS
        or "\ufe00" <= char <= "\ufe0f"  # variation selectors
    )


def multi_line(value):
    """NFC, and empty when nothing in it would show; other values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    return "" if all(is_invisible(char) for char in value) else value


def single_line(value):
    """As `multi_line`, without bidi controls: a name or title reads as typed."""
    if not isinstance(value, str):
        return value
    return multi_line("".join(char for char in value if char not in BIDI_CONTROLS))


def refuse_nul(value):
    """A filter: ValueError with the reason when text holds NUL, else the value unchanged."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(NUL_REFUSAL)
    return value


URL_NUL_REFUSAL = _l("Web addresses cannot contain the NUL character.")


def refuse_nul_in_url():
    """Before each request: a NUL in the path or query string is a bad request."""
    if "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)
    ):
        return render_error(400, URL_NUL_REFUSAL)
    return None
