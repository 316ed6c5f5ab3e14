"""Who may see an edition, and what may still be removed from it."""

from __future__ import annotations

from sqlalchemy import exists, select

from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.extensions import db


def is_public(edition: Edition) -> bool:
    return edition.is_published and not edition.is_archived


def can_view(user, edition: Edition) -> bool:
    """Anyone sees a published, live edition; staff also see drafts and archived ones."""
    return is_public(edition) or (user.is_authenticated and user.is_staff)


def can_change_currency(edition: Edition) -> bool:
    """Fees are stored in the currency's minor units, so they would change meaning."""
    return not edition.deadlines


def can_remove_category(category: Category) -> bool:
    return not is_referenced(category)


def can_remove_deadline(deadline: Deadline) -> bool:
    return not is_referenced(deadline)


def can_remove_waiver_code(waiver_code: WaiverCode) -> bool:
    return not is_referenced(waiver_code)


def is_referenced(row) -> bool:
    """Whether a row of any table holds a foreign key to `row`.

    Found from the mapped foreign keys, so a table that later points here (a submission's
    `category_id`, `deadline_id`, `waiver_code_id`) protects the row just by declaring its key."""
    table = type(row).__table__
    for other in db.metadata.sorted_tables:
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            target = getattr(row, foreign_key.column.key)
            if db.session.scalar(select(exists().where(foreign_key.parent == target))):
                return True
    return False
