"""The copy of an entry's words that blind jurors read: staff check, before a film enters a
blind round, what the redactor leaves (hidden spans marked, near misses flagged), and may
rewrite the title, logline, synopsis and statement for the round's jurors without touching the
filmmaker's record. The copy itself still passes through the redactor."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from festival.audit.services import record
from festival.disclosure import services as disclosures
from festival.extensions import db
from festival.films.models import Film
from festival.judging import blind
from festival.judging.models import JurorCopy, Round, RoundEntry
from festival.refusals import Refusal
from festival.submissions.models import Submission

EDITABLE = {
    "title": (_l("Title"), 300),
    "logline": (_l("Logline"), 500),
    "synopsis": (_l("Synopsis"), 20_000),
    "human_statement": (_l("What people did"), 20_000),
}
"""The texts staff may rewrite for blind jurors, with their label and longest length."""


@dataclass
class CheckedText:
    label: str
    pieces: list[blind.Piece]
    is_rewritten: bool = False

    @property
    def flagged(self) -> int:
        return sum(piece.resembles is not None for piece in self.pieces)


def copy_for(round_: Round, film: Film) -> JurorCopy | None:
    """The copy staff wrote for `film`'s entry in `round_`, if any."""
    return db.session.scalar(
        db.select(JurorCopy)
        .join(RoundEntry, RoundEntry.id == JurorCopy.entry_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .where(RoundEntry.round_id == round_.id, Submission.film_id == film.id)
    )


def own_texts(entry: RoundEntry) -> dict[str, str]:
    """The filmmaker's own words for each editable text, from the film and the disclosure
    the entry is judged on."""
    film = entry.film
    disclosure = entry.submission.disclosure or disclosures.latest_disclosure(film)
    return {
        "title": film.title,
        "logline": film.logline or "",
        "synopsis": film.synopsis or "",
        "human_statement": disclosure.human_statement if disclosure is not None else "",
    }


def juror_text(copy: JurorCopy | None, name: str, own: str) -> str:
    """What a blind juror reads for one text, before redaction: the copy, else the film's own."""
    return (getattr(copy, name) if copy is not None else "") or own or ""


def save_copy(entry: RoundEntry, texts: dict[str, str], *, actor) -> JurorCopy:
    """Keep staff's copy of `entry`'s texts; a text left empty or equal to the film's own
    shows the film's own. Audited with what it was and what it became."""
    own = own_texts(entry)
    kept = {}
    for name, (label, longest) in EDITABLE.items():
        text = (texts.get(name) or "").strip()
        if len(text) > longest:
            raise Refusal(
                _l("Keep the %(text)s under %(count)d characters.", text=label, count=longest),
                name,
            )
        kept[name] = "" if text == own[name].strip() else text
    copy = entry.juror_copy or JurorCopy(entry=entry)
    before = {name: getattr(copy, name) or "" for name in EDITABLE}
    for name, text in kept.items():
        setattr(copy, name, text)
    copy.updated_by_id = getattr(actor, "id", None)
    db.session.add(copy)
    db.session.flush()
    record("juror_copy_saved", copy, actor=actor, before=before, after=kept)
    return copy


def check(entry: RoundEntry) -> list[CheckedText]:
    """Every text a blind juror of the round reads of the entry, as they will read it, with
    what the redactor hides and the words that look like a name it missed."""
    film, copy = entry.film, entry.juror_copy
    identifiers = blind.identifiers_of(film)
    own = own_texts(entry)
    texts = [
        (label, juror_text(copy, name, own[name]), bool(copy and getattr(copy, name)))
        for name, (label, _longest) in EDITABLE.items()
    ]
    texts.append((_l("Original title"), film.original_title or "", False))
    disclosure = entry.submission.disclosure or disclosures.latest_disclosure(film)
    if disclosure is not None:
        for row in disclosure.elements:
            tools = ", ".join(tool.get("name", "") for tool in row.tools if tool.get("name"))
            for text in (tools, row.human_contribution):
                texts.append((row.element.label, text or "", False))
        for segment in disclosure.segments:
            texts.append((_l("AI segment"), f"{segment.tool or ''} {segment.note or ''}", False))
    return [
        CheckedText(str(label), blind.checked(text, identifiers), rewritten)
        for label, text, rewritten in texts
        if text.strip()
    ]
