from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import Column, ForeignKey, Integer, Table, insert

from festival.editions import rules, services
from festival.editions.services import EditionError
from festival.extensions import db


def test_anyone_sees_a_published_edition_and_only_staff_see_drafts_and_archived(
    make_edition, make_user
):
    anonymous = AnonymousUserMixin()
    filmmaker, programmer = make_user("filmmaker"), make_user("programmer")
    live = make_edition()
    draft = make_edition(is_published=False)
    archived = make_edition(is_archived=True)
    assert all(rules.can_view(user, live) for user in (anonymous, filmmaker, programmer))
    for hidden in (draft, archived):
        assert not rules.can_view(anonymous, hidden)
        assert not rules.can_view(filmmaker, hidden)
        assert rules.can_view(programmer, hidden)


def test_rows_nothing_refers_to_can_be_removed(make_edition):
    edition = make_edition()
    assert rules.can_remove_category(edition.categories[0])
    assert rules.can_remove_deadline(edition.deadlines[0])


def test_a_row_another_table_refers_to_cannot_be_removed(make_edition):
    """Stands in for the submissions table a later issue adds: declaring the key is enough."""
    edition = make_edition()
    referenced, free = edition.categories
    entries = Table(
        "test_entries",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column("category_id", ForeignKey("editions_categories.id")),
    )
    try:
        entries.create(db.session.connection())
        db.session.execute(insert(entries).values(category_id=referenced.id))
        assert not rules.can_remove_category(referenced)
        assert rules.can_remove_category(free)
        with pytest.raises(EditionError):
            services.remove_category(referenced, actor=None)
        assert referenced in edition.categories
    finally:
        db.metadata.remove(entries)


def test_the_currency_may_change_only_while_there_are_no_fees(make_edition):
    assert not rules.can_change_currency(make_edition())
    assert rules.can_change_currency(make_edition(deadlines=[], is_published=False))
