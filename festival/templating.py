"""What every template can use, in one visible list: the site context (locale, the language
switcher, which parts of the navigation the user sees) and every filter and global a domain
lends the templates, registered here with the module that provides it.

A domain's template hook is a plain function in that domain (never a view module's
decorator); a page of one domain showing another's facts (the film page's screener, the
submission page's screening notes) goes through a global listed here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, has_request_context
from flask_babel import get_locale
from flask_login import current_user

from festival.accounts.enums import REVIEWER_ROLES, STAFF_ROLES, Role
from festival.config import LANGUAGE_NAMES
from festival.disclosure.timecode import format_timecode
from festival.editions.money import format_money
from festival.films import iso_codes
from festival.films.formatting import genre_label
from festival.films.runtime import format_runtime
from festival.judging.screening import screening_panel
from festival.judging.template_hooks import (
    entry_title_for_reader,
    shortfall_reason,
    title_for_reader,
)
from festival.media.queries import screener_panel
from festival.media.reports import status_detail
from festival.programming.decision_forms import bulk_form
from festival.programming.decisions import released_decision
from festival.programming.importing import import_notice
from festival.programming.public_programme import is_programme_published
from festival.time_zones import zoned_time

FILTERS = {
    # the one way to show a moment: `|zoned_time(edition.timezone)` on edition pages,
    # `|zoned_time` (the viewer's clock) elsewhere; either names its zone
    "zoned_time": zoned_time,
    "money": format_money,  # editions: cents in the edition's currency
    "runtime": format_runtime,  # films
    "country_name": iso_codes.country_name,  # films
    "language_name": iso_codes.language_name,  # films
    "genre_label": genre_label,  # films
    "timecode": format_timecode,  # disclosure: an AI segment's bounds on the player
    "title_for_reader": title_for_reader,  # judging: a blind juror reads no names
    "entry_title_for_reader": entry_title_for_reader,
}

GLOBALS = {
    "screener_panel": screener_panel,  # media, on the film and upload pages
    "screener_status_detail": status_detail,  # media, under a version's state
    "screening_panel": screening_panel,  # judging, on the staff submission page
    "shortfall_reason": shortfall_reason,  # judging, on the assignment plan
    "bulk_form": bulk_form,  # programming, inside the desk's selection form
    "released_decision": released_decision,  # programming, on the filmmaker's dashboard
    "import_notice": import_notice,  # programming, on the film page of an imported film
    "programme_is_published": is_programme_published,  # programming, on the edition's page
}


@dataclass(frozen=True)
class Navigation:
    """Which links of the site's navigation the user sees, from the named role sets."""

    shows_films: bool = False  # My films, My submissions
    shows_reviews: bool = False  # My reviews
    shows_staff: bool = False  # Editions, Tool suggestions
    shows_admin: bool = False  # People

    @classmethod
    def for_user(cls, user) -> Navigation:
        if not user.is_authenticated:
            return cls()
        return cls(
            shows_films=user.has_role(Role.FILMMAKER),
            shows_reviews=user.has_role(*REVIEWER_ROLES),
            shows_staff=user.has_role(*STAFF_ROLES),
            shows_admin=user.has_role(Role.ADMIN),
        )


def register(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)

    @app.context_processor
    def site_context():
        return {
            "current_locale": str(get_locale()),
            "language_names": LANGUAGE_NAMES,
            "languages": current_app.config["LANGUAGES"],
            # An email is rendered outside any request: no one is signed in there.
            "nav": Navigation.for_user(current_user) if has_request_context() else Navigation(),
        }
