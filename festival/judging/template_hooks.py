"""What judging lends the templates (registered in `festival/templating.py`): the film's
title as the current reader may read it, and why an assignment plan leaves a film short."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from festival.judging import blind, juror_copy, rules
from festival.judging.enums import ShortReason
from festival.judging.models import Round, RoundEntry
from festival.media import rules as media_rules


def title_for_reader(film, round_: Round | None = None) -> str:
    """The film's title as the current user may read it (a blind juror: names hidden). With
    the round known, from the round; else from every round that judges the film."""
    if round_ is not None:
        shown = rules.sees_identities(current_user, film, is_blind=round_.is_blind)
        copy = None if shown else juror_copy.copy_for(round_, film)
        return blind.shown_title(film, show_identities=shown, copy=copy)
    return media_rules.shield_for(current_user, film)(film.title)


def entry_title_for_reader(entry: RoundEntry, round_: Round) -> str:
    """`title_for_reader` of an entry's film from the entry's own copy (loaded with it), so a
    list of entries asks no query a row."""
    film = entry.film
    shown = rules.sees_identities(current_user, film, is_blind=round_.is_blind)
    return blind.shown_title(film, show_identities=shown, copy=None if shown else entry.juror_copy)


def shortfall_reason(short) -> str:
    """Why the plan leaves a film short, in the reader's language."""
    texts = {
        ShortReason.NO_JURORS: _("The round has fewer reviewers than the film needs."),
        ShortReason.ALL_CONFLICTED: _(
            "Not enough reviewers are free to take it: %(conflicted)d have a conflict with it.",
            conflicted=short.conflicted,
        ),
        ShortReason.CAPS_REACHED: _(
            "The reviewers free to take it have reached their caps (%(count)d).",
            count=short.at_cap,
        ),
        ShortReason.TAKEN_BY_OTHERS: _(
            "The reviewers free to take it are full with other films; raise their caps."
        ),
    }
    return texts[ShortReason(short.reason)]
