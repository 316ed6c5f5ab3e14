"""Who may watch a film's screener and its previews.

The owner and festival staff always; anyone else only through a registered viewer rule
(the judging domain registers "jurors assigned to the film, while their round is open"),
so `media` never imports the domains above it."""

from __future__ import annotations

from collections.abc import Callable

from festival.films.models import Film

ViewerRule = Callable[[object, Film], bool]
_viewer_rules: list[ViewerRule] = []


def register_viewer_rule(rule: ViewerRule) -> ViewerRule:
    _viewer_rules.append(rule)
    return rule


def is_owner(user, film: Film) -> bool:
    return user.is_authenticated and film.owner_id == user.id


def can_upload(user, film: Film) -> bool:
    return is_owner(user, film) or (user.is_authenticated and user.is_staff)


def can_watch(user, film: Film) -> bool:
    if not user.is_authenticated:
        return False
    if is_owner(user, film) or user.is_staff:
        return True
    return any(rule(user, film) for rule in _viewer_rules)


def can_read_qc(user, film: Film) -> bool:
    """The technical report: for the filmmaker and staff, not for jurors."""
    return is_owner(user, film) or (user.is_authenticated and user.is_staff)
