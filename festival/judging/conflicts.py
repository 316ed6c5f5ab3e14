"""Conflicts of interest between jurors and films.

A juror declares their own and may lift them again, unless a programmer pinned them. A
programmer records conflicts (pinned or not) and may clear one the site found by mistake. The
site finds the ones it can see: the juror owns the film, or their email or name (or a person or
organisation in their profile) is among the film's credits or contacts. A conflicted juror is
never assigned the film and cannot open it; an assignment made before the conflict came to
light ends (its review no longer counts) and the film is given to someone else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from festival.accounts.models import User
from festival.audit.services import record
from festival.database import utcnow
from festival.extensions import db
from festival.films.models import Film
from festival.judging import queries
from festival.judging.enums import AssignmentState, ConflictKind, ConflictSource
from festival.judging.models import Assignment, Conflict, JurorProfile
from festival.refusals import Refusal
from festival.submissions.models import Submission

MAX_NOTE = 500


def _folded(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def profile_of(user: User) -> JurorProfile | None:
    return db.session.scalar(db.select(JurorProfile).where(JurorProfile.user_id == user.id))


def save_profile(user: User, affiliations: str) -> JurorProfile:
    profile = profile_of(user) or JurorProfile(user_id=user.id)
    profile.affiliations = affiliations.strip()
    db.session.add(profile)
    db.session.flush()
    return profile


@dataclass(frozen=True)
class FilmPeople:
    """Who is named in a film (owner, contacts, credits), folded for comparison: what the site
    matches jurors against."""

    owner_id: int
    emails: frozenset[str]
    names: frozenset[str]
    notes: str

    @classmethod
    def of(cls, film: Film) -> FilmPeople:
        emails = {_folded(film.contact_email)} | {_folded(c.email) for c in film.credits}
        names = {_folded(film.contact_name), _folded(film.owner.name)}
        names |= {_folded(c.name) for c in film.credits}
        return cls(
            owner_id=film.owner_id,
            emails=frozenset(emails - {""}),
            names=frozenset(names - {""}),
            notes=" ".join(_folded(c.note) for c in film.credits),
        )


def detected_reason(
    juror: User, film: Film | FilmPeople, affiliations: Sequence[str] = ()
) -> str | None:
    """Why the site sees a conflict between `juror` and `film`, or None."""
    people = film if isinstance(film, FilmPeople) else FilmPeople.of(film)
    if people.owner_id == juror.id:
        return "owner"
    if _folded(juror.email) in people.emails:
        return "email"
    if _folded(juror.name) in people.names:
        return "name"
    for line in map(_folded, affiliations):
        if line and (
            line in people.names
            or line in people.emails
            or (len(line) >= 3 and line in people.notes)
        ):
            return "affiliation"
    return None


DETECTED_NOTES = {
    "owner": _l("The juror entered this film."),
    "email": _l("The juror's email is in the film's credits or contacts."),
    "name": _l("The juror's name is in the film's credits or contacts."),
    "affiliation": _l("Someone in the juror's conflict list is in the film's credits."),
}


@dataclass(frozen=True)
class Found:
    """A conflict the site sees and nobody has stored yet."""

    juror_id: int
    film_id: int
    reason: str


def found(jurors: Iterable[User], films: Iterable[Film]) -> list[Found]:
    """The conflicts the site can see between `jurors` and `films` (loaded with their owners
    and credits) that are not stored yet; reads only. A pair already known (of any source,
    cleared ones included) is left to what was decided about it."""
    people = {film.id: FilmPeople.of(film) for film in films}
    jurors = list(jurors)
    known = {
        (juror_id, film_id)
        for juror_id, film_id in db.session.execute(
            db.select(Conflict.juror_id, Conflict.film_id).where(Conflict.film_id.in_(list(people)))
        )
    }
    profiles = {
        profile.user_id: profile.affiliation_lines
        for profile in db.session.scalars(
            db.select(JurorProfile).where(JurorProfile.user_id.in_([j.id for j in jurors]))
        )
    }
    seen = []
    for juror in jurors:
        affiliations = profiles.get(juror.id, [])
        for film_id, named in people.items():
            if (juror.id, film_id) in known:
                continue
            reason = detected_reason(juror, named, affiliations)
            if reason is not None:
                seen.append(Found(juror.id, film_id, reason))
    return seen


def detect(jurors: Iterable[User], films: Iterable[Film]) -> int:
    """Store the conflicts the site `found`; returns how many. As with any conflict, the
    juror's live assignments of the film end."""
    added = [
        Conflict(
            juror_id=seen.juror_id,
            film_id=seen.film_id,
            kind=ConflictKind.INVOLVED,
            source=ConflictSource.DETECTED,
            is_pinned=True,
            note=str(DETECTED_NOTES[seen.reason]),
        )
        for seen in found(jurors, films)
    ]
    db.session.add_all(added)
    db.session.flush()
    for conflict in added:
        end_conflicted_assignments(conflict, actor=None)
    return len(added)


def of(jurors: Sequence[User], films: Sequence[Film]) -> list[Conflict]:
    """Every stored conflict between `jurors` and `films` (`detect` stores the ones the site
    sees)."""
    return db.session.scalars(
        db.select(Conflict)
        .where(
            Conflict.film_id.in_([film.id for film in films]),
            Conflict.juror_id.in_([juror.id for juror in jurors]),
        )
        .options(joinedload(Conflict.juror), joinedload(Conflict.film))
        .order_by(Conflict.film_id, Conflict.juror_id)
    ).all()


def standing_film_ids(juror_id: int):
    """A query of the films the juror has a conflict with that counts."""
    return db.select(Conflict.film_id).where(
        Conflict.juror_id == juror_id, Conflict.is_cleared.is_(False)
    )


def conflicted_pairs(film_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(juror_id, film_id) of every conflict that counts, for these films."""
    return {
        (juror_id, film_id)
        for juror_id, film_id in db.session.execute(
            db.select(Conflict.juror_id, Conflict.film_id).where(
                Conflict.film_id.in_(list(film_ids)), Conflict.is_cleared.is_(False)
            )
        )
    }


def is_conflicted(juror_id: int, film_id: int) -> bool:
    return (juror_id, film_id) in conflicted_pairs([film_id])


def conflict_of(juror_id: int, film_id: int) -> Conflict | None:
    return db.session.scalar(
        db.select(Conflict).where(Conflict.juror_id == juror_id, Conflict.film_id == film_id)
    )


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Refusal(_l("Keep the note under %(count)d characters.", count=MAX_NOTE), "note")
    return note


def declare(juror: User, film: Film, kind: ConflictKind, note: str = "") -> list[Assignment]:
    """The juror's own declaration. Returns the assignments it ended (to be reassigned)."""
    note = _check_note(note)
    conflict = conflict_of(juror.id, film.id)
    if conflict is not None and conflict.is_effective:
        raise Refusal(_l("You have already declared a conflict with this film."), "film_id")
    if conflict is None:
        conflict = Conflict(juror_id=juror.id, film_id=film.id)
        db.session.add(conflict)
    conflict.kind, conflict.source, conflict.note = (
        ConflictKind(kind),
        ConflictSource.DECLARED,
        note,
    )
    conflict.is_cleared, conflict.is_pinned, conflict.created_by_id = False, False, juror.id
    db.session.flush()
    record("conflict_declared", conflict, actor=juror, after={"kind": conflict.kind.value})
    return end_conflicted_assignments(conflict, actor=juror)


def lift(conflict: Conflict, *, actor: User) -> None:
    """A juror lifts a conflict they declared, unless a programmer pinned it."""
    if conflict.juror_id != actor.id or conflict.source is not ConflictSource.DECLARED:
        raise Refusal(_l("Only the festival can lift this conflict."))
    if conflict.is_pinned:
        raise Refusal(_l("A programmer has confirmed this conflict; it cannot be lifted."))
    record("conflict_lifted", conflict, actor=actor, before={"kind": conflict.kind.value})
    db.session.delete(conflict)
    db.session.flush()


def record_conflict(
    juror: User, film: Film, kind: ConflictKind, *, actor: User, note: str = "", pinned=True
) -> list[Assignment]:
    """A programmer records a conflict (or takes over a juror's declaration, pinning it)."""
    note = _check_note(note)
    conflict = conflict_of(juror.id, film.id)
    if conflict is None:
        conflict = Conflict(juror_id=juror.id, film_id=film.id, source=ConflictSource.RECORDED)
        db.session.add(conflict)
    conflict.kind, conflict.note = ConflictKind(kind), note or conflict.note
    conflict.is_pinned, conflict.is_cleared = bool(pinned), False
    conflict.created_by_id = conflict.created_by_id or actor.id
    db.session.flush()
    record(
        "conflict_recorded",
        conflict,
        actor=actor,
        after={"kind": conflict.kind.value, "pinned": conflict.is_pinned},
    )
    return end_conflicted_assignments(conflict, actor=actor)


def set_pinned(conflict: Conflict, pinned: bool, *, actor: User) -> None:
    conflict.is_pinned = pinned
    db.session.flush()
    record("conflict_pinned" if pinned else "conflict_unpinned", conflict, actor=actor)


def set_cleared(conflict: Conflict, cleared: bool, *, actor: User) -> list[Assignment]:
    """A programmer finds a conflict to be a false match (or restores it)."""
    conflict.is_cleared = cleared
    db.session.flush()
    record("conflict_cleared" if cleared else "conflict_restored", conflict, actor=actor)
    return [] if cleared else end_conflicted_assignments(conflict, actor=actor)


def end_conflicted_assignments(conflict: Conflict, *, actor) -> list[Assignment]:
    """End the juror's live assignments of the film in every round: their reviews stop
    counting. Returns them, for the caller to find replacements."""
    assignments = db.session.scalars(
        queries.assignments_with_round_and_film(Assignment).where(
            Assignment.reviewer_id == conflict.juror_id,
            Submission.film_id == conflict.film_id,
            Assignment.state == AssignmentState.ACTIVE,
        )
    ).all()
    now = utcnow()
    for assignment in assignments:
        assignment.state, assignment.ended_at = AssignmentState.CONFLICTED, now
        record("assignment_conflicted", assignment, actor=actor)
    db.session.flush()
    return assignments
