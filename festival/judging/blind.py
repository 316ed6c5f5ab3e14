"""Blind judging: the words that would tell a juror who made a film, and the text a juror
reads with them hidden. Applied to everything a juror of a blind round can reach of the film:
its page, the disclosure, the player's chapter track and JSON."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from festival.films.models import Film

HIDDEN = "███"


def identifiers_of(film: Film) -> list[str]:
    """The filmmaker's and every credited person's name and email, the contacts, and the
    local part of each email address."""
    owner = film.owner
    words = [owner.name, owner.email, film.contact_name, film.contact_email, film.contact_phone]
    for credit in film.credits:
        words += [credit.name, credit.email]
    emails = [word for word in words if word and "@" in word]
    words += [email.split("@", 1)[0] for email in emails]
    return _meaningful(words)


def _meaningful(words: Iterable[str | None]) -> list[str]:
    """Distinct words long enough to hide without hiding half the text: two characters for a
    name in Hangul or another non-Latin script (이준), three otherwise."""
    kept = set()
    for word in words:
        word = " ".join((word or "").split())
        if len(word) >= (2 if not word.isascii() else 3):
            kept.add(word)
    return sorted(kept, key=lambda w: (-len(w), w))


def redactor(identifiers: Iterable[str]) -> Callable[[str], str]:
    """A function that hides every identifier in a text (any case, any run of whitespace)."""
    patterns = [r"\s+".join(map(re.escape, word.split())) for word in identifiers]
    if not patterns:
        return lambda text: text
    expression = re.compile("|".join(patterns), re.IGNORECASE)
    return lambda text: expression.sub(HIDDEN, text or "")


def film_redactor(film: Film) -> Callable[[str], str]:
    return redactor(identifiers_of(film))


def shown_title(film: Film, *, show_identities: bool) -> str:
    """The film's title as a reviewer reads it: in a blind round, with the names hidden."""
    return film.title if show_identities else film_redactor(film)(film.title)
