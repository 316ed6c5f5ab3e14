"""Film entry write rules: creating and changing a film, its credits, poster and stills.

Services check what the database and the festival require, flush, record the audit event on
the film and leave the commit to the caller. Image files follow that commit: new files vanish
if it rolls back, replaced ones are deleted only once it is done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from festival.audit.services import record, record_many
from festival.extensions import db
from festival.films import images, rules
from festival.films.enums import CreditRole, ImageKind
from festival.films.models import Credit, Film, FilmImage
from festival.refusals import Refusal

FILM_FIELDS = (
    "title",
    "original_title",
    "romanised_title",
    "logline",
    "synopsis",
    "runtime_s",
    "frame_rate",
    "year",
    "countries",
    "languages",
    "genres",
    "contact_name",
    "contact_email",
    "contact_phone",
    "trailer_url",
    "website_url",
)
REQUIRED_FILM_FIELDS = frozenset({"title", "runtime_s", "year"})
OPTIONAL_TEXT_FIELDS = frozenset(
    {"original_title", "romanised_title", "frame_rate", "trailer_url", "website_url"}
)
MIN_YEAR, MAX_YEAR = 1888, 2100


class FilmError(Refusal):
    """A refusal the user can act on; `field` names the form field it belongs next to."""


@dataclass(frozen=True)
class CreditEntry:
    """One credit as typed: the order of the list is the order of the credits."""

    role: CreditRole
    name: str
    email: str | None = None
    note: str = ""

    def to_dict(self) -> dict:
        """Its fields by name: `dataclasses.asdict` without the deep copy it has no need of
        (an import lists tens of thousands)."""
        return dict(vars(self))


def is_web_url(url: str) -> bool:
    """An absolute http(s) address: no `javascript:`, no relative path, no spaces."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not any(character.isspace() for character in url)
    )


@dataclass(frozen=True)
class FilmValues:
    """A new film checked by `film_values`: its `FILM_FIELDS` normalised and its credits
    cleaned, ready for `create_films`. Nothing is written yet."""

    fields: dict
    credits: tuple[CreditEntry, ...]


def film_values(*, credits: Sequence[CreditEntry] = (), **fields) -> FilmValues:
    """Check a new film's `FILM_FIELDS` and credits; FilmError says why not."""
    _reject_unknown(fields)
    missing = REQUIRED_FILM_FIELDS - fields.keys()
    if missing:
        raise TypeError(f"create_film needs {sorted(missing)}")
    proposed = _normalised({name: fields.get(name) for name in FILM_FIELDS})
    _check_film(proposed)
    return FilmValues(fields=proposed, credits=tuple(_cleaned(credits)))


def create_film(*, actor, owner=None, credits: Sequence[CreditEntry] = (), **fields) -> Film:
    """A new film owned by `owner` (the actor by default); `fields` are `FILM_FIELDS`."""
    values = film_values(credits=credits, **fields)
    return create_films([(owner or actor, values)], actor=actor)[0]


def create_films(owned: Sequence[tuple[object, FilmValues]], *, actor) -> list[Film]:
    """Many new films at once (an import): each (owner, `film_values(...)`) becomes a film with
    its credits and its "created" audit event, in one flush and one insert of the credits."""
    made = [Film(owner=owner, **values.fields) for owner, values in owned]
    db.session.add_all(made)
    db.session.flush()
    credit_lists = [[credit.to_dict() for credit in values.credits] for _owner, values in owned]
    rows = [
        {"film_id": film.id, "position": position, **credit}
        for film, credits in zip(made, credit_lists, strict=True)
        for position, credit in enumerate(credits)
    ]
    if rows:
        db.session.execute(db.insert(Credit), rows)
    record_many(
        "created",
        (
            (film, None, {**values.fields, "credits": credits})
            for film, (_owner, values), credits in zip(made, owned, credit_lists, strict=True)
        ),
        actor=actor,
    )
    return made


def update_film(film: Film, *, actor, credits: Sequence[CreditEntry] | None = None, **changes):
    """Change the given fields and, when `credits` is given, replace the credits with it."""
    _reject_unknown(changes)
    current = {name: getattr(film, name) for name in FILM_FIELDS}
    proposed = _normalised({**current, **changes})
    _check_film(proposed)
    changed = [name for name in FILM_FIELDS if proposed[name] != current[name]]
    before = {name: current[name] for name in changed}
    after = {name: proposed[name] for name in changed}
    old_credits = _credit_list(film.credits)
    if credits is not None and [c.to_dict() for c in _cleaned(credits)] != old_credits:
        film.credits = _credit_rows(credits)
        before["credits"], after["credits"] = old_credits, _credit_list(film.credits)
    if not after:
        return
    for name in changed:
        setattr(film, name, proposed[name])
    record("updated", film, actor=actor, before=before, after=after)


def _check_film(proposed: dict) -> None:
    if not proposed["title"]:
        raise FilmError(_l("Enter the film's title."), "title")
    if not proposed["runtime_s"] or proposed["runtime_s"] <= 0:
        raise FilmError(_l("A film runs for at least one second."), "runtime")
    if proposed["year"] is None or not MIN_YEAR <= proposed["year"] <= MAX_YEAR:
        raise FilmError(
            _l("Enter a year from %(min)s to %(max)s.", min=MIN_YEAR, max=MAX_YEAR), "year"
        )
    for name in ("trailer_url", "website_url"):
        if proposed[name] and not is_web_url(proposed[name]):
            raise FilmError(_l("Enter a web address starting with https:// or http://."), name)


def _normalised(values: dict) -> dict:
    """Text stripped, empty optional text as None, lists as lists without repeats."""
    result = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if name in OPTIONAL_TEXT_FIELDS:
            value = value or None
        elif name in ("countries", "languages", "genres"):
            value = list(dict.fromkeys(str(item) for item in value or ()))
        elif value is None and name not in ("runtime_s", "year"):
            value = ""
        result[name] = value
    return result


def _cleaned(credits: Sequence[CreditEntry]) -> list[CreditEntry]:
    cleaned = []
    for credit in credits:
        name = credit.name.strip()
        if not name:
            raise FilmError(_l("Every credit needs a name."), "credits")
        cleaned.append(
            CreditEntry(
                role=CreditRole(credit.role),
                name=name,
                email=(credit.email or "").strip() or None,
                note=(credit.note or "").strip(),
            )
        )
    return cleaned


def _credit_rows(credits: Sequence[CreditEntry]) -> list[Credit]:
    return [
        Credit(role=c.role, name=c.name, email=c.email, note=c.note, position=position)
        for position, c in enumerate(_cleaned(credits))
    ]


def _credit_list(credits: Sequence[Credit]) -> list[dict]:
    return [
        CreditEntry(
            role=CreditRole(c.role), name=c.name, email=c.email, note=c.note or ""
        ).to_dict()
        for c in credits
    ]


def _reject_unknown(given: dict) -> None:
    unknown = given.keys() - set(FILM_FIELDS)
    if unknown:
        raise TypeError(f"unknown film fields {sorted(unknown)}")


def media_root() -> str:
    return current_app.config["MEDIA_ROOT"]


def add_image(
    film: Film,
    kind: ImageKind,
    upload: BinaryIO,
    *,
    actor,
    max_bytes: int = images.MAX_UPLOAD_BYTES,
) -> FilmImage:
    """Check, resize and store an upload as the film's poster (replacing the previous one)
    or as one more still; ImageError or FilmError say why not."""
    kind = ImageKind(kind)
    if kind == ImageKind.STILL and not rules.can_add_still(film):
        raise FilmError(
            _l("A film has at most %(count)d stills. Remove one first.", count=rules.MAX_STILLS),
            "file",
        )
    prepared = images.prepare_image(upload, max_bytes=max_bytes)
    stored = images.store_image(prepared, media_root=media_root(), film_id=film.id)
    images.delete_after_rollback(db.session, media_root(), stored.path, stored.thumbnail_path)
    replaced = film.poster if kind == ImageKind.POSTER else None
    if replaced is not None:
        _drop(film, replaced)
    image = FilmImage(
        kind=kind,
        path=stored.path,
        thumbnail_path=stored.thumbnail_path,
        width=stored.width,
        height=stored.height,
        bytes=stored.bytes,
        position=max((other.position for other in film.images), default=-1) + 1,
    )
    film.images.append(image)
    db.session.flush()
    record(
        "image_added",
        film,
        actor=actor,
        before={"replaced_image_id": replaced.id} if replaced else None,
        after=_image_facts(image),
    )
    return image


def remove_image(image: FilmImage, *, actor) -> None:
    film = image.film
    facts = _image_facts(image)
    _drop(film, image)
    record("image_removed", film, actor=actor, before=facts)


def _drop(film: Film, image: FilmImage) -> None:
    film.images.remove(image)
    images.delete_after_commit(db.session, media_root(), image.path, image.thumbnail_path)


def _image_facts(image: FilmImage) -> dict:
    return {
        "image_id": image.id,
        "kind": str(image.kind),
        "width": image.width,
        "height": image.height,
        "bytes": image.bytes,
    }
