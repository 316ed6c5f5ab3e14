"""Who may watch a film's screener and its previews, and what text of the film they may read.

The owner and festival staff always, every version; anyone else only through a registered
viewer rule, asked about one screener version (the judging domain registers "jurors assigned
to the film, while their round is open, for the version the round judges"), so `media` never
imports the domains above it. A registered text shield hides what a viewer must not read in
the film's own words (a blind juror: the filmmaker's names)."""

from __future__ import annotations

from collections.abc import Callable

from festival.films import rules as film_rules
from festival.films.models import Film

ViewerRule = Callable[[object, object], bool]
"""(user, screener) -> whether the user may watch that version."""
TextShield = Callable[[object, Film], Callable[[str], str] | None]
_viewer_rules: list[ViewerRule] = []
_text_shields: list[TextShield] = []


def register_viewer_rule(rule: ViewerRule) -> ViewerRule:
    _viewer_rules.append(rule)
    return rule


def register_text_shield(shield: TextShield) -> TextShield:
    _text_shields.append(shield)
    return shield


def shield_for(user, film: Film) -> Callable[[str], str]:
    """What the film's own text becomes for `user`: unchanged, unless a shield hides parts."""
    shields = [hide for shield in _text_shields if (hide := shield(user, film)) is not None]

    def shielded(text: str) -> str:
        for hide in shields:
            text = hide(text)
        return text

    return shielded


can_upload = film_rules.can_edit_film
can_watch = film_rules.can_view_film
"""Every version of the film, and its page: the owner and staff."""


def can_watch_screener(user, screener) -> bool:
    """One version: whoever may watch the film, or whom a viewer rule admits to it."""
    if not user.is_authenticated:
        return False
    if can_watch(user, screener.film):
        return True
    return any(rule(user, screener) for rule in _viewer_rules)


can_read_qc = film_rules.can_view_film
"""The technical report: for the filmmaker and staff, not for jurors."""
