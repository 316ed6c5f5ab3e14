"""Waiver codes: case-insensitive, unique per edition, never spent below zero."""

from __future__ import annotations

import threading

import pytest
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from festival.audit.services import events_for
from festival.editions.models import Edition, WaiverCode
from festival.editions.services import EditionError
from festival.editions.waivers import (
    WaiverCodeError,
    add_waiver_code,
    redeem_waiver_code,
    remove_waiver_code,
    set_uses_left,
)
from festival.extensions import db
from tests import factories


def test_codes_are_stored_upper_case_and_redeemed_in_any_case(make_edition):
    edition = make_edition()
    waiver = add_waiver_code(edition, actor=None, code=" student-2027 ", uses_left=3)
    assert waiver.code == "STUDENT-2027"
    assert redeem_waiver_code(edition, "Student-2027") is waiver
    assert waiver.uses_left == 2


def test_a_code_is_unique_per_edition_whatever_its_case(make_edition):
    edition, other = make_edition(), make_edition()
    add_waiver_code(edition, actor=None, code="PRESS", uses_left=1)
    with pytest.raises(EditionError) as refused:
        add_waiver_code(edition, actor=None, code="press", uses_left=1)
    assert refused.value.field == "code"
    assert add_waiver_code(other, actor=None, code="press", uses_left=1).code == "PRESS"


def test_a_code_of_another_edition_is_not_valid(make_edition):
    edition, other = make_edition(), make_edition()
    add_waiver_code(other, actor=None, code="ELSEWHERE", uses_left=5)
    with force_locale("en"), pytest.raises(WaiverCodeError, match="not valid"):
        redeem_waiver_code(edition, "elsewhere")


def test_an_exhausted_code_is_refused_and_stays_at_zero(make_edition):
    edition = make_edition()
    waiver = add_waiver_code(edition, actor=None, code="ONCE", uses_left=1)
    redeem_waiver_code(edition, "once")
    with force_locale("en"), pytest.raises(WaiverCodeError, match="used up"):
        redeem_waiver_code(edition, "once")
    assert waiver.uses_left == 0
    assert db.session.scalar(db.select(WaiverCode.uses_left).where(WaiverCode.id == waiver.id)) == 0


def test_the_database_refuses_negative_uses(make_edition):
    waiver = add_waiver_code(make_edition(), actor=None, code="CHECKED", uses_left=0)
    waiver.uses_left = -1
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()


def test_staff_changes_to_codes_are_audited(make_edition, make_user):
    edition, admin = make_edition(waiver_codes=[]), make_user("admin")
    waiver = add_waiver_code(edition, actor=admin, code="JURY", uses_left=2)
    set_uses_left(waiver, 10, actor=admin)
    remove_waiver_code(waiver, actor=admin)
    events = [(e.verb, e.actor_id) for e in events_for(edition)]
    assert events == [
        ("waiver_code_added", admin.id),
        ("waiver_code_changed", admin.id),
        ("waiver_code_removed", admin.id),
    ]
    assert edition.waiver_codes == []


def race_for_code(app, *, uses_left: int, racers: int) -> list[bool]:
    """`racers` threads redeem one code with `uses_left` uses at the same moment, each in its
    own session; whether each one redeemed, and the code's uses are left at zero."""
    with app.app_context():
        edition = factories.make_edition(waiver_codes=[])
        add_waiver_code(edition, actor=None, code="RACE", uses_left=uses_left)
        db.session.commit()
        edition_id = edition.id

    start = threading.Barrier(racers)
    outcomes: list[bool] = []

    def submit():
        with app.app_context():
            edition = db.session.get(Edition, edition_id)
            start.wait()
            try:
                redeem_waiver_code(edition, "race")
                db.session.commit()
                outcomes.append(True)
            except WaiverCodeError:
                db.session.rollback()
                outcomes.append(False)

    threads = [threading.Thread(target=submit) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with app.app_context():
        assert db.session.scalar(db.select(WaiverCode.uses_left)) == 0
    return outcomes


@pytest.mark.committing
def test_two_submissions_racing_for_the_last_use_one_wins(app):
    assert sorted(race_for_code(app, uses_left=1, racers=2)) == [False, True]


@pytest.mark.committing
def test_many_concurrent_redemptions_spend_exactly_the_uses_there_are(app):
    outcomes = race_for_code(app, uses_left=3, racers=8)
    assert outcomes.count(True) == 3
    assert outcomes.count(False) == 5
