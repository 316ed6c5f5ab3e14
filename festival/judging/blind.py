"""Blind judging: the words that would tell a juror who made a film, and the text a juror
reads with them hidden. Applied to everything a juror of a blind round can reach of the film:
its page, the disclosure, the player's chapter track and JSON."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from festival.films.models import Film
from festival.judging import blind_tokens

HIDDEN = "███"
PHONE = re.compile(r"\+?[\d\s().-]{6,}")
WORD = re.compile(r"[^\W_]+")


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
    """A function that hides, in a text, every identifier and each form of its parts that
    `blind_tokens` knows (names split into parts, any case and width, possessives and Hangul
    particles, handles, company stems, emails plain or spelled out, phones)."""
    return span_redactor(_identity_pattern(tuple(identifiers)))


@functools.lru_cache(maxsize=4096)
def _identity_pattern(identifiers: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of a film's names, built once a process per set of names: a juror's list
    of films redacts each title on every load, and the names rarely change."""
    forms, phones = _forms_and_phones(identifiers)
    return blind_tokens.identity_pattern(forms, phones)


def _forms_and_phones(identifiers: Iterable[str]) -> tuple[blind_tokens.Forms, list[str]]:
    identifiers = list(identifiers)
    emails = [word for word in identifiers if "@" in word]
    phones = [word for word in identifiers if PHONE.fullmatch(word)]
    names = [word for word in identifiers if word not in emails and word not in phones]
    return blind_tokens.forms_of(names, emails), phones


@dataclass(frozen=True)
class Piece:
    """A stretch of text as staff check it: `hidden` from blind jurors, or shown; a shown word
    that `resembles` a name part is flagged for a person to judge."""

    text: str
    hidden: bool = False
    resembles: str | None = None


def checked(text: str | None, identifiers: Iterable[str]) -> list[Piece]:
    """`text` as a blind juror will read it, cut into pieces for staff: what the redactor
    hides, and the words it left that closely resemble a name (`blind_tokens.near_miss`)."""
    forms, phones = _forms_and_phones(identifiers)
    pattern = blind_tokens.identity_pattern(forms, phones)
    known = forms.distinctive_words
    result = []
    for piece, is_hidden in pieces(text, pattern):
        result += [Piece(piece, hidden=True)] if is_hidden else _near_misses(piece, known)
    return result


def _near_misses(text: str, known: list[str]) -> list[Piece]:
    result, at = [], 0
    for word in WORD.finditer(text):
        resembles = blind_tokens.near_miss(blind_tokens.folded(word.group()), known)
        if resembles is not None:
            if word.start() > at:
                result.append(Piece(text[at : word.start()]))
            result.append(Piece(word.group(), resembles=resembles))
            at = word.end()
    if at < len(text):
        result.append(Piece(text[at:]))
    return result


def span_redactor(pattern: re.Pattern[str]) -> Callable[[str], str]:
    def hide(text: str) -> str:
        return "".join(
            piece if not is_hidden else HIDDEN for piece, is_hidden in pieces(text, pattern)
        )

    return hide


def pieces(text: str | None, pattern: re.Pattern[str]) -> list[tuple[str, bool]]:
    """`text` cut into its shown and hidden pieces, in order: what `pattern` matches in the
    folded text, mapped back onto the text as written; hidden pieces separated only by spaces
    are one."""
    text = text or ""
    folded, origin = folded_with_origin(text)
    spans: list[list[int]] = []
    for match in pattern.finditer(folded):
        if match.end() == match.start():
            continue
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if spans and (start <= spans[-1][1] or not text[spans[-1][1] : start].strip()):
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    cut, at = [], 0
    for start, end in spans:
        if start > at:
            cut.append((text[at:start], False))
        cut.append((text[start:end], True))
        at = end
    if at < len(text):
        cut.append((text[at:], False))
    return cut


def folded_with_origin(text: str) -> tuple[str, Sequence[int]]:
    """`blind_tokens.folded(text)`, and for each of its characters the index of the character
    of `text` it comes from (folding may turn one character into several: "ß" → "ss")."""
    if text.isascii():
        return text.lower(), range(len(text))
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()  # one character to one, unless it grows ("ß" → "ss")
        if len(folded) == len(text):
            return folded, range(len(text))
    pieces = list(map(_folded_character, text))
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), origin


@functools.lru_cache(maxsize=8192)
def _folded_character(character: str) -> str:
    return blind_tokens.folded(character)


def film_redactor(film: Film) -> Callable[[str], str]:
    return redactor(identifiers_of(film))


def shown_title(film: Film, *, show_identities: bool, copy=None) -> str:
    """The film's title as a reviewer reads it: in a blind round, the staff's `copy` of it if
    they wrote one (a `JurorCopy`), with the names hidden."""
    if show_identities:
        return film.title
    return film_redactor(film)((copy.title if copy is not None else "") or film.title)
