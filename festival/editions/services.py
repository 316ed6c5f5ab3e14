"""Edition write rules: creating and changing a call for entries, its categories and deadlines.

Services validate before they change anything, flush, record the audit event (list changes on
the edition, so its history reads in one place) and leave the commit to the caller."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from festival.audit.services import record
from festival.database import utcnow
from festival.editions import rules
from festival.editions.enums import Container, FrameRate
from festival.editions.models import DEFAULT_SCREENER, Category, Deadline, Edition
from festival.editions.money import is_currency_code
from festival.editions.queries import slug_is_taken
from festival.extensions import db
from festival.refusals import Refusal
from festival.time_zones import is_time_zone


class EditionError(Refusal):
    """A refusal the user can act on; `field` names the form field it belongs next to."""


EDITION_FIELDS = (
    "name",
    "year",
    "slug",
    "timezone",
    "currency",
    "opens_on",
    "is_published",
    "is_blind_judging",
    "rules",
    "disclosure_policy",
    "screener_max_file_gib",
    "screener_min_width",
    "screener_min_height",
    "screener_max_width",
    "screener_max_height",
    "screener_containers",
    "screener_frame_rates",
    "screener_loudness_lufs",
    "screener_loudness_tolerance_lu",
)
REQUIRED_EDITION_FIELDS = frozenset({"name", "year", "slug", "timezone", "currency", "opens_on"})
CATEGORY_FIELDS = (
    "name",
    "name_ko",
    "description",
    "max_runtime_minutes",
    "min_runtime_minutes",
    "min_ai_share_percent",
)
DEADLINE_FIELDS = ("name", "last_day_on", "fee_cents")


def new_edition_defaults() -> dict:
    screener = DEFAULT_SCREENER
    return {
        "is_published": False,
        "is_blind_judging": True,
        "rules": "",
        "disclosure_policy": "",
        "screener_max_file_gib": screener.max_file_gib,
        "screener_min_width": screener.min_width,
        "screener_min_height": screener.min_height,
        "screener_max_width": screener.max_width,
        "screener_max_height": screener.max_height,
        "screener_containers": [c.value for c in screener.containers],
        "screener_frame_rates": [r.value for r in screener.frame_rates],
        "screener_loudness_lufs": screener.loudness_lufs,
        "screener_loudness_tolerance_lu": screener.loudness_tolerance_lu,
    }


def create_edition(*, actor, **settings) -> Edition:
    """A new, unpublished-by-default edition; `settings` are `EDITION_FIELDS`."""
    _reject_unknown(settings, EDITION_FIELDS)
    missing = REQUIRED_EDITION_FIELDS - settings.keys()
    if missing:
        raise TypeError(f"create_edition needs {sorted(missing)}")
    proposed = _normalised({**new_edition_defaults(), **settings})
    _check_edition(proposed, edition=None)
    edition = Edition(**proposed)
    db.session.add(edition)
    db.session.flush()
    record("created", edition, actor=actor, after=_jsonable(proposed))
    return edition


def update_edition(edition: Edition, *, actor, **changes) -> None:
    _reject_unknown(changes, EDITION_FIELDS)
    current = {name: getattr(edition, name) for name in EDITION_FIELDS}
    proposed = _normalised({**current, **changes})
    _check_edition(proposed, edition=edition)
    changed = [name for name in EDITION_FIELDS if proposed[name] != current[name]]
    if not changed:
        return
    for name in changed:
        setattr(edition, name, proposed[name])
    record(
        "updated",
        edition,
        actor=actor,
        before=_jsonable({name: current[name] for name in changed}),
        after=_jsonable({name: proposed[name] for name in changed}),
    )


def set_archived(edition: Edition, is_archived: bool, *, actor) -> None:
    """Archive (hide from the public, keep everything) or bring back an edition."""
    if edition.is_archived == is_archived:
        return
    edition.archived_at = utcnow() if is_archived else None
    record("archived" if is_archived else "unarchived", edition, actor=actor)


def _check_edition(proposed: dict, *, edition: Edition | None) -> None:
    if slug_is_taken(proposed["slug"], other_than=edition):
        raise EditionError(_l("Another edition already uses this address."), "slug")
    if not is_time_zone(proposed["timezone"]):
        raise EditionError(_l("Choose a time zone from the list, e.g. Asia/Seoul."), "timezone")
    if not is_currency_code(proposed["currency"]):
        raise EditionError(_l("Enter a three-letter currency code, e.g. KRW or USD."), "currency")
    categories = edition.categories if edition else []
    deadlines = edition.deadlines if edition else []
    if (
        edition
        and proposed["currency"] != edition.currency
        and not rules.can_change_currency(edition)
    ):
        raise EditionError(
            _l(
                "Remove the deadlines before changing the currency: their fees are in %(code)s.",
                code=edition.currency,
            ),
            "currency",
        )
    if deadlines and proposed["opens_on"] > deadlines[0].last_day_on:
        raise EditionError(
            _l(
                "The call must open on or before its first deadline (%(name)s).",
                name=deadlines[0].name,
            ),
            "opens_on",
        )
    if proposed["is_published"] and not (categories and deadlines):
        raise EditionError(
            _l("Add at least one category and one deadline before publishing."), "is_published"
        )
    if proposed["screener_min_width"] > proposed["screener_max_width"]:
        raise EditionError(_l("The maximum width is below the minimum."), "screener_max_width")
    if proposed["screener_min_height"] > proposed["screener_max_height"]:
        raise EditionError(_l("The maximum height is below the minimum."), "screener_max_height")
    if not proposed["screener_containers"]:
        raise EditionError(_l("Accept at least one container."), "screener_containers")
    if not proposed["screener_frame_rates"]:
        raise EditionError(_l("Accept at least one frame rate."), "screener_frame_rates")


def _normalised(settings: dict) -> dict:
    """Lists of formats in their canonical order, so the same choice compares equal."""
    containers = set(settings["screener_containers"])
    rates = set(settings["screener_frame_rates"])
    return {
        **settings,
        "screener_containers": [c.value for c in Container if c.value in containers],
        "screener_frame_rates": [r.value for r in FrameRate if r.value in rates],
    }


def add_category(
    edition: Edition,
    *,
    actor,
    name: str,
    max_runtime_minutes: int,
    description: str = "",
    min_ai_share_percent: int | None = None,
    min_runtime_minutes: int | None = None,
    name_ko: str = "",
) -> Category:
    _check_category_name(edition, name, category=None)
    _check_runtime_bounds(min_runtime_minutes, max_runtime_minutes)
    category = Category(
        name=name,
        name_ko=name_ko or "",
        description=description,
        max_runtime_minutes=max_runtime_minutes,
        min_runtime_minutes=min_runtime_minutes,
        min_ai_share_percent=min_ai_share_percent,
    )
    edition.categories.append(category)
    db.session.flush()
    record("category_added", edition, actor=actor, after=_row(category, CATEGORY_FIELDS))
    return category


def update_category(category: Category, *, actor, **changes) -> None:
    _reject_unknown(changes, CATEGORY_FIELDS)
    if "name" in changes:
        _check_category_name(category.edition, changes["name"], category=category)
    _check_runtime_bounds(
        changes.get("min_runtime_minutes", category.min_runtime_minutes),
        changes.get("max_runtime_minutes", category.max_runtime_minutes),
    )
    _apply(category, changes, CATEGORY_FIELDS, verb="category_changed", actor=actor)


def _check_runtime_bounds(minimum: int | None, maximum: int) -> None:
    if minimum is not None and minimum > maximum:
        raise EditionError(_l("The minimum runtime is above the maximum."), "min_runtime_minutes")


def remove_category(category: Category, *, actor) -> None:
    if not rules.can_remove_category(category):
        raise EditionError(_l("Entries use this category, so it cannot be removed."))
    needed = _l("A published edition needs a category. Unpublish it first.")
    _remove(
        category, category.edition.categories, CATEGORY_FIELDS, "category_removed", needed, actor
    )


def _check_category_name(edition: Edition, name: str, *, category: Category | None) -> None:
    if any(
        other is not category and other.name.casefold() == name.casefold()
        for other in edition.categories
    ):
        raise EditionError(_l("This edition already has a category with this name."), "name")


def add_deadline(
    edition: Edition, *, actor, name: str, last_day_on: date, fee_cents: int
) -> Deadline:
    """A new fee tier, kept in increasing date order with fees that never go down."""
    _check_deadline(edition, None, name=name, last_day_on=last_day_on, fee_cents=fee_cents)
    deadline = Deadline(name=name, last_day_on=last_day_on, fee_cents=fee_cents)
    edition.deadlines.append(deadline)
    _sort_deadlines(edition)
    db.session.flush()
    record("deadline_added", edition, actor=actor, after=_row(deadline, DEADLINE_FIELDS))
    return deadline


def update_deadline(deadline: Deadline, *, actor, **changes) -> None:
    _reject_unknown(changes, DEADLINE_FIELDS)
    proposed = {name: changes.get(name, getattr(deadline, name)) for name in DEADLINE_FIELDS}
    _check_deadline(deadline.edition, deadline, **proposed)
    _apply(deadline, changes, DEADLINE_FIELDS, verb="deadline_changed", actor=actor)
    _sort_deadlines(deadline.edition)


def remove_deadline(deadline: Deadline, *, actor) -> None:
    if not rules.can_remove_deadline(deadline):
        raise EditionError(_l("Entries were made under this deadline, so it cannot be removed."))
    needed = _l("A published edition needs a deadline. Unpublish it first.")
    _remove(
        deadline, deadline.edition.deadlines, DEADLINE_FIELDS, "deadline_removed", needed, actor
    )


def _check_deadline(
    edition: Edition, deadline: Deadline | None, *, name: str, last_day_on: date, fee_cents: int
) -> None:
    others = [other for other in edition.deadlines if other is not deadline]
    if any(other.name.casefold() == name.casefold() for other in others):
        raise EditionError(_l("This edition already has a deadline with this name."), "name")
    same_day = next((other for other in others if other.last_day_on == last_day_on), None)
    if same_day is not None:
        raise EditionError(
            _l("%(name)s already ends on this day.", name=same_day.name), "last_day_on"
        )
    if last_day_on < edition.opens_on:
        raise EditionError(_l("A deadline cannot end before the call opens."), "last_day_on")
    earlier = [o for o in others if o.last_day_on < last_day_on]
    later = [o for o in others if o.last_day_on > last_day_on]
    latest_earlier = max(earlier, key=lambda o: o.last_day_on, default=None)
    if latest_earlier is not None and latest_earlier.fee_cents > fee_cents:
        raise EditionError(
            _l(
                "The fee cannot be lower than that of %(name)s, an earlier deadline.",
                name=latest_earlier.name,
            ),
            "fee",
        )
    first_later = min(later, key=lambda o: o.last_day_on, default=None)
    if first_later is not None and first_later.fee_cents < fee_cents:
        raise EditionError(
            _l(
                "The fee cannot be higher than that of %(name)s, a later deadline.",
                name=first_later.name,
            ),
            "fee",
        )


def _sort_deadlines(edition: Edition) -> None:
    """Keep the loaded collection in date order, as `order_by` would load it."""
    edition.deadlines.sort(key=lambda deadline: deadline.last_day_on)


def _apply(row, changes: dict, fields: tuple[str, ...], *, verb: str, actor) -> None:
    """Set the changed attributes of a list row and record them on its edition."""
    changed = [name for name in fields if name in changes and changes[name] != getattr(row, name)]
    if not changed:
        return
    before = _row(row, changed)
    for name in changed:
        setattr(row, name, changes[name])
    record(verb, row.edition, actor=actor, before=before, after=_row(row, changed))


def _remove(row, rows: list, fields: tuple[str, ...], verb: str, needed: str, actor) -> None:
    """Take a list row out of its edition's `rows` and record it; a published edition keeps
    its last one (`needed` says so)."""
    edition = row.edition
    if edition.is_published and len(rows) == 1:
        raise EditionError(needed)
    before = _row(row, fields)
    rows.remove(row)
    record(verb, edition, actor=actor, before=before)


def _row(row, fields) -> dict:
    return _jsonable({"id": row.id, **{name: getattr(row, name) for name in fields}})


def _jsonable(values: dict) -> dict:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


def _reject_unknown(given: dict, allowed: tuple[str, ...]) -> None:
    unknown = given.keys() - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
