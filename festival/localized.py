"""Text the festival types in two languages (an outcome's name, a block's title, a venue):
the English text is required, the Korean optional; a reader gets the text of their language
when the festival wrote one, else the English."""

from __future__ import annotations

from flask_babel import get_locale

KOREAN = "ko"


def localized(english: str, korean: str | None, locale: str | None = None) -> str:
    """The text for `locale` (the request's locale when None)."""
    if locale is None:
        current = get_locale()
        locale = current.language if current is not None else "en"
    if locale.split("_")[0].split("-")[0] == KOREAN and korean and korean.strip():
        return korean
    return english
