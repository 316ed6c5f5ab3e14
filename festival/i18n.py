"""Language and time zone for each request: the user's setting, then the browser's."""

from __future__ import annotations

from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

from festival.accounts.access import public
from festival.extensions import db
from festival.redirects import local_target
from festival.time_zones import is_time_zone

bp = Blueprint("i18n", __name__)


def _escaped_html(lazy: LazyString) -> str:
    return escape(str(lazy))


# Flask-Babel marks every lazy string as safe HTML (`__html__` returns it unescaped), so user
# text interpolated into `_l("... %(name)s", name=...)` would reach a page raw. Our messages
# hold no markup: escape them like any other text.
LazyString.__html__ = _escaped_html


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str | None:
    """The viewer's own clock, for every page that is not an edition's: their account's time
    zone; None (the site's default, `BABEL_DEFAULT_TIMEZONE`) for anyone else."""
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return None
    return current_user.timezone if is_time_zone(current_user.timezone) else None


@bp.post("/language")
@public
def choose_language():
    """Remember the chosen language (on the account when signed in) and go back."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    return redirect(local_target(request.form.get("next"), url_for("editions.home")))
