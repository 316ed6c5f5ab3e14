"""Conflicts of interest: what the site detects, what jurors declare and lift, what
programmers record and clear, and what a conflict takes away from the juror."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.extensions import db
from festival.films.enums import CreditRole
from festival.films.models import Credit
from festival.judging import conflicts, planning, results
from festival.judging.enums import (
    AssignmentOrigin,
    AssignmentState,
    ConflictKind,
    ConflictSource,
)
from festival.judging.models import Assignment, Conflict
from festival.media.enums import AssetKind
from festival.refusals import Refusal
from tests import factories
from tests.conftest import sign_in


def assignments_of(entry) -> list[Assignment]:
    return db.session.scalars(
        db.select(Assignment).where(Assignment.entry_id == entry.id).order_by(Assignment.id)
    ).all()


def media_urls(entry) -> dict[str, str]:
    screener = entry.screener
    return {
        "preview": f"/media/{screener.asset(AssetKind.PREVIEW_720).id}",
        "poster": f"/media/{screener.asset(AssetKind.POSTER).id}",
        "chapters": f"/screeners/{screener.id}/ai-segments.vtt",
    }


# --- detection ------------------------------------------------------------------------------


def test_a_juror_who_entered_the_film_is_conflicted(app_ctx):
    juror = factories.make_user(roles={Role.JUROR, Role.FILMMAKER})
    film = factories.make_film(owner=juror)

    assert conflicts.detected_reason(juror, film) == "owner"
    assert conflicts.detect([juror], [film]) == 1
    conflict = conflicts.conflict_of(juror.id, film.id)
    assert (conflict.source, conflict.kind) == (ConflictSource.DETECTED, ConflictKind.INVOLVED)
    assert conflict.is_pinned and conflicts.is_conflicted(juror.id, film.id)


def test_a_jurors_email_in_the_credits_is_a_conflict(app_ctx):
    juror = factories.make_user(Role.JUROR, email="hana.lee@example.org")
    film = factories.make_film(
        credits=[
            Credit(role=CreditRole.DIRECTOR, name="Someone", position=0),
            Credit(
                role=CreditRole.EDITOR, name="H. L.", email=" Hana.Lee@Example.org ", position=1
            ),
        ]
    )

    assert conflicts.detected_reason(juror, film) == "email"


def test_a_jurors_email_as_the_films_contact_is_a_conflict(app_ctx):
    juror = factories.make_user(Role.JUROR)
    film = factories.make_film(contact_email=juror.email.upper())

    assert conflicts.detected_reason(juror, film) == "email"


def test_a_jurors_name_in_the_credits_is_a_conflict(app_ctx):
    juror = factories.make_user(Role.JUROR, name="이 준 호")
    film = factories.make_film(
        credits=[Credit(role=CreditRole.WRITER, name="이  준  호", position=0)]
    )

    assert conflicts.detected_reason(juror, film) == "name"


def test_a_jurors_name_as_the_films_contact_is_a_conflict(app_ctx):
    juror = factories.make_user(Role.JUROR, name="Min Park")
    film = factories.make_film(contact_name="min park")

    assert conflicts.detected_reason(juror, film) == "name"


def test_an_affiliation_in_the_jurors_profile_matching_a_credit_is_a_conflict(app_ctx):
    juror = factories.make_user(Role.JUROR)
    conflicts.save_profile(juror, "My old school\n  Studio9 Pictures  \n")
    film = factories.make_film(
        credits=[Credit(role=CreditRole.PRODUCER, name="studio9 pictures", position=0)]
    )

    assert conflicts.detect([juror], [film]) == 1
    assert conflicts.is_conflicted(juror.id, film.id)


def test_an_affiliation_named_in_a_credits_note_is_a_conflict(app_ctx):
    juror = factories.make_user(Role.JUROR)
    film = factories.make_film(
        credits=[
            Credit(role=CreditRole.CAST, name="Ana", note="courtesy of Hanbit Agency", position=0)
        ]
    )

    assert conflicts.detected_reason(juror, film, ["Hanbit Agency"]) == "affiliation"


def test_a_juror_unrelated_to_the_film_is_not_conflicted(jury):
    juror = jury.jurors[0]
    conflicts.save_profile(juror, "Another Studio\nKim")

    assert conflicts.detected_reason(juror, jury.films[0], ["Another Studio", "Kim"]) is None
    assert conflicts.detect([juror], jury.films) == 0


def test_detection_leaves_a_cleared_conflict_cleared(app_ctx):
    juror = factories.make_user(Role.JUROR)
    film = factories.make_film(contact_email=juror.email)
    conflicts.detect([juror], [film])
    conflicts.set_cleared(conflicts.conflict_of(juror.id, film.id), True, actor=None)

    assert conflicts.detect([juror], [film]) == 0
    assert not conflicts.is_conflicted(juror.id, film.id)


def test_the_staff_pages_store_the_conflicts_the_site_sees_only_when_asked(app, jury, jury_round):
    juror = jury.jurors[0]
    conflicts.save_profile(juror, "Studio0 Pictures")
    film = jury.films[0]
    staff = sign_in(app.test_client(), jury.programmer)
    round_url = f"/manage/rounds/{jury_round.id}"

    for url in (f"{round_url}/assignments/plan", f"{round_url}/conflicts"):
        assert staff.get(url).status_code == 200, url
    db.session.expire_all()
    assert conflicts.conflict_of(juror.id, film.id) is None

    response = staff.post(f"{round_url}/conflicts/detect", data={"back": "plan"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{round_url}/assignments/plan")
    assert conflicts.conflict_of(juror.id, film.id).source is ConflictSource.DETECTED
    page = staff.get(f"{round_url}/conflicts").get_data(as_text=True)
    assert "Someone in the juror&#39;s conflict list is in the film&#39;s credits." in page


def test_applying_a_plan_stores_the_conflicts_it_kept_out_first(jury, jury_round):
    juror = jury.jurors[0]
    entry = jury_round.entries[0]
    assignment = factories.make_assignment(jury_round, entry, juror)
    conflicts.save_profile(juror, "Studio0 Pictures")
    preview = planning.preview(jury_round)

    planning.apply(jury_round, preview.fingerprint, actor=jury.programmer)

    assert conflicts.is_conflicted(juror.id, entry.film.id)
    assert assignment.state is AssignmentState.CONFLICTED
    live = sorted(a.reviewer_id for a in assignments_of(entry) if a.is_active)
    assert live == sorted(j.id for j in jury.jurors[1:])


# --- conflicts and assignments --------------------------------------------------------------


def test_a_conflicted_juror_is_never_planned_the_film(jury, jury_round):
    juror = jury.jurors[0]
    conflicts.save_profile(juror, "Studio0 Pictures")
    jury_round.reviews_per_film = 3

    plan = planning.preview(jury_round).plan

    film0_entry = jury_round.entries[0]
    assert (film0_entry.id, juror.id) not in plan.pairs
    assert sorted(plan.by_film()[film0_entry.id]) == sorted(j.id for j in jury.jurors[1:])
    assert [s.entry_id for s in plan.shortfalls] == [film0_entry.id]
    assert all((e.id, juror.id) in plan.pairs for e in jury_round.entries[1:])


def test_declaring_a_conflict_ends_the_assignment_and_assigns_another_juror(app, jury, jury_round):
    first, second, spare = jury.jurors
    entry = jury_round.entries[0]
    mine = factories.make_assignment(jury_round, entry, first)
    factories.make_assignment(jury_round, entry, second)
    client = sign_in(app.test_client(), first)

    response = client.post(
        "/judging/conflicts",
        data={
            "declare-film_id": entry.film.id,
            "declare-kind": "collaborator",
            "declare-note": "I edited their last film.",
        },
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert mine.state is AssignmentState.CONFLICTED and mine.ended_at is not None
    live = [a for a in assignments_of(entry) if a.is_active]
    assert sorted(a.reviewer_id for a in live) == sorted([second.id, spare.id])
    replacement = next(a for a in live if a.reviewer_id == spare.id)
    assert replacement.origin is AssignmentOrigin.REPLACEMENT
    conflict = conflicts.conflict_of(first.id, entry.film.id)
    assert (conflict.source, conflict.note) == (
        ConflictSource.DECLARED,
        "I edited their last film.",
    )


def test_a_conflict_recorded_by_a_programmer_takes_the_jurors_review_out(jury, jury_round):
    juror, other, _spare = jury.jurors
    entry = jury_round.entries[0]
    for person in (juror, other):
        factories.make_review(factories.make_assignment(jury_round, entry, person))

    ended = conflicts.record_conflict(juror, entry.film, ConflictKind.FAMILY, actor=jury.programmer)

    assert [a.reviewer_id for a in ended] == [juror.id]
    outcome = results.results_of(jury_round)
    counts = {row.entry.id: row.result.count for rows in outcome.rows.values() for row in rows}
    assert counts[entry.id] == 1 and outcome.review_count == 1


def test_a_conflict_the_site_finds_after_assignment_ends_the_assignment(app, jury, jury_round):
    juror = jury.jurors[0]
    entry = jury_round.entries[0]
    assignment = factories.make_assignment(jury_round, entry, juror)
    factories.make_review(assignment)
    conflicts.save_profile(juror, "Studio0 Pictures")

    plan = planning.preview(jury_round).plan
    assert (entry.id, juror.id) not in plan.pairs
    assert len(plan.by_film()[entry.id]) == 2
    assert assignment.state is AssignmentState.ACTIVE  # a preview writes nothing
    staff = sign_in(app.test_client(), jury.programmer)
    response = staff.post(f"/manage/rounds/{jury_round.id}/conflicts/detect")

    assert response.status_code == 302
    db.session.expire_all()
    assert assignment.state is AssignmentState.CONFLICTED
    assert results.results_of(jury_round).review_count == 0


def test_a_juror_may_lift_a_conflict_they_declared(app, jury, jury_round):
    juror = jury.jurors[0]
    film = jury.films[0]
    conflicts.declare(juror, film, ConflictKind.OTHER)
    conflict = conflicts.conflict_of(juror.id, film.id)

    response = sign_in(app.test_client(), juror).post(f"/judging/conflicts/{conflict.id}/lift")

    assert response.status_code == 302
    db.session.expire_all()
    assert conflicts.conflict_of(juror.id, film.id) is None
    assert (jury_round.entries[0].id, juror.id) in planning.preview(jury_round).plan.pairs


def test_a_juror_cannot_lift_a_declared_conflict_a_programmer_pinned(app, jury):
    juror = jury.jurors[0]
    conflicts.declare(juror, jury.films[0], ConflictKind.OTHER)
    conflict = conflicts.conflict_of(juror.id, jury.films[0].id)
    conflicts.set_pinned(conflict, True, actor=jury.programmer)
    client = sign_in(app.test_client(), juror)

    response = client.post(f"/judging/conflicts/{conflict.id}/lift", follow_redirects=True)

    assert "A programmer has confirmed this conflict" in response.get_data(as_text=True)
    db.session.expire_all()
    assert conflicts.is_conflicted(juror.id, jury.films[0].id)


def test_a_juror_cannot_lift_a_conflict_a_programmer_recorded(app, jury):
    juror = jury.jurors[0]
    conflicts.record_conflict(
        juror, jury.films[0], ConflictKind.FINANCIAL, actor=jury.programmer, pinned=False
    )
    conflict = conflicts.conflict_of(juror.id, jury.films[0].id)

    with pytest.raises(Refusal, match="Only the festival"):
        conflicts.lift(conflict, actor=juror)
    response = sign_in(app.test_client(), juror).post(
        f"/judging/conflicts/{conflict.id}/lift", follow_redirects=True
    )

    assert "Only the festival can lift this conflict." in response.get_data(as_text=True)
    db.session.expire_all()
    assert conflicts.is_conflicted(juror.id, jury.films[0].id)


def test_a_juror_cannot_lift_a_conflict_the_site_found(jury):
    juror = factories.make_user(Role.JUROR)
    film = factories.make_film(contact_email=juror.email)
    conflicts.detect([juror], [film])

    with pytest.raises(Refusal):
        conflicts.lift(conflicts.conflict_of(juror.id, film.id), actor=juror)


def test_a_juror_cannot_lift_another_jurors_conflict(app, jury):
    owner, other = jury.jurors[:2]
    conflicts.declare(owner, jury.films[0], ConflictKind.OTHER)
    conflict = conflicts.conflict_of(owner.id, jury.films[0].id)

    response = sign_in(app.test_client(), other).post(f"/judging/conflicts/{conflict.id}/lift")

    assert response.status_code == 404
    db.session.expire_all()
    assert conflicts.is_conflicted(owner.id, jury.films[0].id)


def test_a_programmer_clears_a_detected_conflict_and_the_juror_becomes_assignable(
    app, jury, jury_round
):
    juror = jury.jurors[0]
    conflicts.save_profile(juror, "Studio0 Pictures")
    entry = jury_round.entries[0]
    assert (entry.id, juror.id) not in planning.preview(jury_round).plan.pairs
    staff = sign_in(app.test_client(), jury.programmer)
    staff.post(f"/manage/rounds/{jury_round.id}/conflicts/detect")
    conflict = conflicts.conflict_of(juror.id, entry.film.id)

    response = staff.post(
        f"/manage/rounds/{jury_round.id}/conflicts/{conflict.id}", data={"action": "clear"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert conflict.is_cleared
    jury_round.reviews_per_film = 3
    assert (entry.id, juror.id) in planning.preview(jury_round).plan.pairs
    assert staff.get(f"/manage/rounds/{jury_round.id}/conflicts").status_code == 200
    db.session.expire_all()
    assert conflict.is_cleared


def test_a_programmer_records_a_conflict_from_the_round_page(app, jury, jury_round):
    juror = jury.jurors[1]
    entry = jury_round.entries[2]
    assignment = factories.make_assignment(jury_round, entry, juror)
    staff = sign_in(app.test_client(), jury.programmer)

    response = staff.post(
        f"/manage/rounds/{jury_round.id}/conflicts",
        data={"juror_id": juror.id, "entry_id": entry.id, "kind": "mentor", "is_pinned": "y"},
    )

    assert response.status_code == 302
    db.session.expire_all()
    conflict = conflicts.conflict_of(juror.id, entry.film.id)
    assert (conflict.source, conflict.is_pinned) == (ConflictSource.RECORDED, True)
    assert assignment.state is AssignmentState.CONFLICTED
    live = [a.reviewer_id for a in assignments_of(entry) if a.is_active]
    assert len(live) == 2 and juror.id not in live


# --- what a conflict takes away -------------------------------------------------------------


def test_a_juror_who_declared_a_conflict_cannot_open_the_film(app, jury, jury_round):
    juror = jury.jurors[0]
    entry = jury_round.entries[0]
    assignment = factories.make_assignment(jury_round, entry, juror)
    client = sign_in(app.test_client(), juror)
    urls = media_urls(entry)
    assert client.get(f"/judging/assignments/{assignment.id}").status_code == 200
    assert all(client.get(url).status_code == 200 for url in urls.values())

    conflicts.declare(juror, entry.film, ConflictKind.COLLABORATOR)

    assert client.get(f"/judging/assignments/{assignment.id}").status_code == 404
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name


def test_a_standing_conflict_closes_the_film_even_to_a_live_assignment(app, jury, jury_round):
    juror = jury.jurors[0]
    entry = jury_round.entries[0]
    assignment = factories.make_assignment(jury_round, entry, juror)
    db.session.add(
        Conflict(
            juror_id=juror.id,
            film_id=entry.film.id,
            kind=ConflictKind.OTHER,
            source=ConflictSource.RECORDED,
        )
    )
    db.session.flush()
    client = sign_in(app.test_client(), juror)

    assert assignment.state is AssignmentState.ACTIVE
    assert client.get(f"/judging/assignments/{assignment.id}").status_code == 404
    draft = client.post(
        f"/judging/assignments/{assignment.id}/draft", json={"scores": {}, "revision": 0}
    )
    assert draft.status_code == 409
    assert draft.get_json()["error"] == "You no longer review this film."
    assert assignment.review is None
    for name, url in media_urls(entry).items():
        assert client.get(url).status_code == 404, name
    viewing = client.post(
        f"/screeners/{entry.screener.id}/viewing", json={"intervals": [[0, 1000]]}
    )
    assert viewing.status_code == 404


def test_a_declared_conflict_is_listed_on_the_jurors_conflicts_page(app, jury, jury_round):
    juror = jury.jurors[0]
    conflicts.declare(juror, jury.films[1], ConflictKind.FAMILY, "My cousin.")

    page = sign_in(app.test_client(), juror).get("/judging/conflicts").get_data(as_text=True)

    assert "Film 1" in page and "My cousin." in page and "Lift" in page
