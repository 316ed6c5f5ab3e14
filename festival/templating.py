"""What every template can use: the current locale, formatting, the language switcher."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale

from festival.config import LANGUAGE_NAMES


def register(app: Flask) -> None:
    @app.context_processor
    def site_context():
        return {
            "current_locale": str(get_locale()),
            "language_names": LANGUAGE_NAMES,
            "languages": current_app.config["LANGUAGES"],
        }
