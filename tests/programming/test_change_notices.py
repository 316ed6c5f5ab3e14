"""Filmmakers are told of changes to their screenings after publishing: one email per
filmmaker concerned, in their language, never twice."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.extensions import db
from festival.notifications.models import OutboxEmail
from festival.programming import change_notices, publishing
from festival.programming.models.programme import ScreeningChange
from tests import factories
from tests.programming import programme_rows as rows


@pytest.fixture
def festival(app_ctx):
    edition = factories.make_edition(slug="seoul-ai-2027", name="Seoul AI")
    hall = rows.venue(edition, "Hall 1", name_ko="1관")
    annex = rows.venue(edition, "Hall 2", name_ko="2관")
    korean = factories.make_user(Role.FILMMAKER, locale="ko")
    english = factories.make_user(Role.FILMMAKER, locale="en")
    films = [
        rows.entry(edition, "The Quiet Sea", owner=korean),
        rows.entry(edition, "Tide Pool", owner=korean),
        rows.entry(edition, "Neon Rain", owner=english),
    ]
    shorts = rows.block(edition, films, "Shorts One", title_ko="단편 1")
    show = rows.screening(edition, hall, rows.local(edition, 2027, 10, 3, 19, 0), of_block=shorts)
    publishing.publish(edition, actor=factories.make_user(Role.PROGRAMMER))
    db.session.commit()
    return edition, (hall, annex), (korean, english), show


def test_each_filmmaker_is_told_once_in_their_language(festival):
    edition, (_hall, annex), (korean, english), show = festival
    change = rows.moved(show, to=rows.local(edition, 2027, 10, 3, 21, 0), to_venue=annex)
    db.session.commit()
    assert change_notices.notify_pending_changes() == [change.id]
    emails = {email.to: email for email in OutboxEmail.query.all()}
    assert set(emails) == {korean.email, english.email}  # one each, two films or one
    assert "1관 오후 7:00에서 옮겨짐" in emails[korean.email].body
    assert "The Quiet Sea, Tide Pool" in emails[korean.email].body
    assert "Moved from 7:00" in emails[english.email].body
    assert "Hall 2" in emails[english.email].body
    assert db.session.get(ScreeningChange, change.id).notified_at is not None

    assert change_notices.notify_pending_changes() == []
    assert change_notices.notify_change(change.id) == 0
    assert OutboxEmail.query.count() == 2


def test_a_cancellation_is_told_as_such(festival):
    _edition, _halls, (_korean, english), show = festival
    rows.cancelled(show)
    db.session.commit()
    change_notices.notify_pending_changes()
    email = OutboxEmail.query.filter_by(to=english.email).one()
    assert "is cancelled" in email.body and "Cancelled" in email.body


def test_nothing_is_told_while_the_programme_is_unpublished(festival):
    edition, (_hall, annex), _people, show = festival
    publishing.unpublish(edition, actor=factories.make_user(Role.PROGRAMMER))
    rows.moved(show, to=rows.local(edition, 2027, 10, 3, 21, 0), to_venue=annex)
    db.session.commit()
    assert change_notices.notify_pending_changes() == []
    assert OutboxEmail.query.count() == 0


def test_the_worker_runs_the_notices_every_minute(festival):
    from festival.jobs.queue import huey
    from festival.programming import tasks

    edition, (_hall, annex), _people, show = festival
    assert "notify_screening_changes" in {task.__name__ for task in huey._registry._periodic_tasks}
    rows.moved(show, to=rows.local(edition, 2027, 10, 3, 21, 0), to_venue=annex)
    db.session.commit()
    tasks.notify_screening_changes_every_minute.call_local()
    assert OutboxEmail.query.count() == 2
