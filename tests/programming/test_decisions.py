"""Decisions and their release: recorded decisions stay invisible to the filmmaker (page and
email), a release applies them and queues one message each in the filmmaker's language, and a
release is never sent twice (a second click, a re-run of the job, a worker dying mid-release)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.database import utcnow
from festival.extensions import db
from festival.notifications.models import OutboxEmail
from festival.notifications.sending import send_outbox_email
from festival.programming import decisions
from festival.programming.models.decisions import (
    Decision,
    Release,
    ReleaseMessage,
    ReleaseState,
)
from festival.refusals import Refusal
from festival.submissions import services as submission_services
from festival.submissions.enums import SubmissionStatus
from tests import factories
from tests.conftest import sign_in
from tests.programming.deciding import edition_with_outcomes, entries, outcome_named

S = SubmissionStatus


@pytest.fixture
def edition(app_ctx):
    return edition_with_outcomes(name="Bifan AI")


@pytest.fixture
def staff(app_ctx):
    return factories.make_user(Role.PROGRAMMER)


def reviewed(submission, note: str):
    """A jury review of `submission` with a note to the filmmaker."""
    juror = factories.make_user(Role.JUROR)
    round_ = factories.make_round(submission.edition, members=[juror], submissions=[submission])
    assignment = factories.make_assignment(round_, round_.entries[0], juror)
    factories.make_review(assignment, note_to_filmmaker=note)


def test_a_recorded_decision_stays_invisible_to_the_filmmaker(edition, staff, client):
    (entry,) = entries(edition, 1)
    decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    assert entry.status is S.IN_CONSIDERATION and entry.outcome_id is None
    assert OutboxEmail.query.count() == 0
    sign_in(client, entry.film.owner)
    page = client.get("/submissions").get_data(as_text=True)
    assert "In consideration" in page
    assert "Selected" not in page
    assert "Attendance and screening copy" not in page


def test_release_now_applies_each_decision_and_queues_one_message_each(edition, staff, client):
    chosen, declined = entries(edition, 1, title="Chosen")[0], entries(edition, 1)[0]
    korean = entries(edition, 1, locale="ko", title="바다")[0]
    reviewed(chosen, "The lighthouse scene is remarkable.")
    reviewed(declined, "Kept private: not shared.")
    decisions.record_decisions(
        [chosen], outcome_named(edition, "Selected"), actor=staff, feedback_shared=True
    )
    decisions.record_decisions(
        [declined, korean], outcome_named(edition, "Not selected"), actor=staff
    )

    release = decisions.release_now(edition, actor=staff)

    assert release.state is ReleaseState.RELEASED and release.message_count == 3
    assert chosen.status is S.SELECTED
    # The filmmaker's history shows one step to the outcome (the staff steps are audited):
    assert [(e.from_status, e.to_status) for e in chosen.events][-1] == (
        S.IN_CONSIDERATION,
        S.SELECTED,
    )
    assert S.SHORTLISTED not in [e.to_status for e in chosen.events]
    assert [
        event.after["status"] for event in events_for(chosen) if event.verb == "status_changed"
    ][-2:] == ["shortlisted", "selected"]
    assert declined.status is S.NOT_SELECTED and korean.status is S.NOT_SELECTED
    assert chosen.outcome.name == "Selected"
    emails = {e.to: e for e in OutboxEmail.query.all()}
    assert len(emails) == 3
    assert "The lighthouse scene is remarkable." in emails[chosen.film.owner.email].body
    assert "Kept private" not in emails[declined.film.owner.email].body
    korean_email = emails[korean.film.owner.email]
    assert korean_email.subject == "Bifan AI: 「바다」 심사 결과 안내"
    assert "선정되지 않았음을" in korean_email.body

    sign_in(client, chosen.film.owner)
    page = client.get("/submissions").get_data(as_text=True)
    assert "Selected" in page and "The lighthouse scene is remarkable." in page
    assert "Attendance and screening copy" in page


def test_the_filmmaker_reads_the_outcome_in_korean(edition, staff, client):
    (entry,) = entries(edition, 1, locale="ko")
    decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    decisions.release_now(edition, actor=staff)
    sign_in(client, entry.film.owner)
    page = client.get("/submissions", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "참석 여부와 상영본" in page
    # The outcome's name and meaning in Korean, as the festival gave them:
    assert "<strong>선정</strong>" in page and "작품이 영화제 프로그램에 들어갔습니다." in page
    english = client.get("/submissions", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<strong>Selected</strong>" not in english  # the user's own language (Korean) wins


def test_an_outcome_typed_by_the_festival_reads_in_each_language(edition, staff, client):
    outcome = outcome_named(edition, "Selected")
    submission_services.update_outcome(
        outcome,
        actor=staff,
        name="Official selection",
        public_description="In the programme.",
        name_ko="공식 초청",
        public_description_ko="프로그램에 들어갔습니다.",
    )
    korean, english = entries(edition, 1, locale="ko")[0], entries(edition, 1, locale="en")[0]
    decisions.record_decisions([korean, english], outcome, actor=staff)
    decisions.release_now(edition, actor=staff)
    emails = {e.to: e for e in OutboxEmail.query.all()}
    assert "공식 초청" in emails[korean.film.owner.email].body
    assert "Official selection" in emails[english.film.owner.email].body
    sign_in(client, korean.film.owner)
    page = client.get("/submissions").get_data(as_text=True)
    assert "<strong>공식 초청</strong>" in page and "프로그램에 들어갔습니다." in page
    sign_in(client, english.film.owner)
    page = client.get("/submissions").get_data(as_text=True)
    assert "<strong>Official selection</strong>" in page


def test_a_second_click_sends_nothing_more(edition, staff, client):
    entries_ = entries(edition, 2)
    decisions.record_decisions(entries_, outcome_named(edition, "Not selected"), actor=staff)
    sign_in(client, staff)
    url = f"/manage/editions/{edition.id}/decisions/release"
    assert client.post(url).status_code == 302
    second = client.post(url, follow_redirects=True)
    assert "Nothing to release" in second.get_data(as_text=True)
    assert OutboxEmail.query.count() == 2
    assert ReleaseMessage.query.count() == 2


@pytest.mark.committing
def test_a_scheduled_release_runs_once_at_its_time_on_the_edition_clock(edition, staff):
    entries_ = entries(edition, 2)
    decisions.record_decisions(entries_, outcome_named(edition, "Waitlisted"), actor=staff)
    local = (utcnow() + timedelta(days=2)).astimezone(decisions.ZoneInfo(edition.timezone))
    typed = local.replace(tzinfo=None, second=0, microsecond=0)
    release = decisions.schedule_release(edition, typed, actor=staff)
    assert release.scheduled_for == typed.replace(
        tzinfo=decisions.ZoneInfo("Asia/Seoul")
    ).astimezone(decisions.ZoneInfo("UTC"))

    assert decisions.run_due_releases(utcnow()) == []
    assert OutboxEmail.query.count() == 0
    later = release.scheduled_for + timedelta(minutes=1)
    assert decisions.run_due_releases(later) == [release.id]
    assert decisions.run_due_releases(later) == []  # the job runs again: nothing more
    assert decisions.run_release(release, now=later) == 0
    assert OutboxEmail.query.count() == 2
    assert {e.status for e in entries_} == {S.SHORTLISTED}


@pytest.mark.committing
def test_a_worker_dying_mid_release_leaves_nothing_half_sent(edition, staff, monkeypatch):
    entries_ = entries(edition, 3)
    decisions.record_decisions(entries_, outcome_named(edition, "Selected"), actor=staff)
    release = decisions.schedule_release(
        edition, datetime(2099, 1, 1, 10, 0), actor=staff, now=utcnow()
    )
    db.session.commit()  # as the view that scheduled it did
    queued = []
    real_queue_email = decisions.queue_email

    def dies_on_the_second(*args):
        if len(queued) == 1:
            raise RuntimeError("worker killed")
        queued.append(args)
        return real_queue_email(*args)

    monkeypatch.setattr(decisions, "queue_email", dies_on_the_second)
    when = release.scheduled_for + timedelta(seconds=1)
    assert decisions.run_due_releases(when) == []
    assert db.session.get(Release, release.id).state is ReleaseState.SCHEDULED
    assert OutboxEmail.query.count() == 0
    assert Decision.query.filter(Decision.release_id.is_not(None)).count() == 0

    monkeypatch.setattr(decisions, "queue_email", real_queue_email)
    assert decisions.run_due_releases(when) == [release.id]
    assert OutboxEmail.query.count() == 3
    assert ReleaseMessage.query.count() == 3


def test_a_message_sent_once_is_not_sent_again_and_delivery_is_counted(edition, staff):
    entries_ = entries(edition, 2)
    decisions.record_decisions(entries_, outcome_named(edition, "Selected"), actor=staff)
    release = decisions.release_now(edition, actor=staff)
    first = ReleaseMessage.query.first()
    send_outbox_email(first.email_id)
    sent_at = first.email.sent_at
    send_outbox_email(first.email_id)
    assert first.email.sent_at == sent_at and first.email.attempts == 1
    assert decisions.delivery_of(release) == decisions.Delivery(sent=1, waiting=1, failing=0)


def test_a_released_decision_cannot_be_changed(edition, staff):
    (entry,) = entries(edition, 1)
    decisions.record_decisions([entry], outcome_named(edition, "Waitlisted"), actor=staff)
    decisions.release_now(edition, actor=staff)
    result = decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    assert result.decided == [] and "already released" in result.refused[0][1]


def test_the_preview_shows_every_filled_message_paged(edition, staff, client):
    entries_ = entries(edition, 23)
    decisions.record_decisions(entries_, outcome_named(edition, "Not selected"), actor=staff)
    sign_in(client, staff)
    url = f"/manage/editions/{edition.id}/decisions/preview"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "?page=2").get_data(as_text=True)
    assert first.count("<article") == 20 and second.count("<article") == 3
    assert "Dear Maker 22," in second and "Page 2 of 2" in second
    assert OutboxEmail.query.count() == 0


def test_the_overview_shows_what_waits_and_schedules_on_the_edition_clock(edition, staff, client):
    decisions.record_decisions(entries(edition, 2), outcome_named(edition, "Selected"), actor=staff)
    sign_in(client, staff)
    page = client.get(f"/manage/editions/{edition.id}/decisions").get_data(as_text=True)
    assert "Decisions waiting to be released: 2." in page
    response = client.post(
        f"/manage/editions/{edition.id}/decisions/schedule",
        data={"release_at": "2099-03-01T09:00"},
    )
    assert response.status_code == 302
    release = decisions.scheduled_release(edition)
    assert release.scheduled_for == datetime(2099, 3, 1, 0, 0, tzinfo=decisions.ZoneInfo("UTC"))
    client.post(f"/manage/editions/{edition.id}/decisions/cancel")
    assert decisions.scheduled_release(edition) is None


def test_each_outcomes_status_field_is_named_for_its_outcome(edition, staff, client):
    sign_in(client, staff)
    page = client.get(f"/manage/editions/{edition.id}/decisions").get_data(as_text=True)
    for name in ("Selected", "Not selected"):
        outcome = outcome_named(edition, name)
        assert (
            f'<label class="visually-hidden" for="outcome-{outcome.id}-status">'
            f"Status at release {name}</label>"
        ) in page


def test_a_selected_filmmaker_confirms_attendance_and_the_screening_copy(edition, staff, client):
    (entry,) = entries(edition, 1)
    copy = factories.make_screener(entry.film, version=2, files=False)
    decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    decisions.release_now(edition, actor=staff)
    sign_in(client, entry.film.owner)
    url = f"/submissions/{entry.id}/attendance"
    assert "Send my answer" in client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={"attending": "yes", "guests": "2", "note": "휠체어석", "screening_copy_id": copy.id},
    )
    assert response.status_code == 302
    attendance = decisions.attendance_of(entry)
    assert (attendance.is_attending, attendance.guests, attendance.note) == (True, 2, "휠체어석")
    assert attendance.screening_copy_id == copy.id
    page = client.get("/submissions").get_data(as_text=True)
    assert "You will attend. Guests with you: 2." in page and "version 2" in page


def test_only_a_selected_film_confirms_attendance(edition, staff, client):
    (entry,) = entries(edition, 1)
    decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    with pytest.raises(Refusal):
        decisions.save_attendance(
            entry,
            actor=entry.film.owner,
            is_attending=True,
            guests=0,
            note="",
            screening_copy_id=None,
        )
    sign_in(client, entry.film.owner)
    page = client.get(f"/submissions/{entry.id}/attendance").get_data(as_text=True)
    assert "This page opens once your film is selected." in page


def test_the_message_names_the_first_confirmed_screening_on_the_edition_clock(edition, staff):
    from festival.programming.models.programme import (
        Block,
        BlockFilm,
        Screening,
        ScreeningState,
        Venue,
    )

    (entry,) = entries(edition, 1, locale="ko")
    decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    decision = decisions.decisions_by_submission([entry.id])[entry.id]
    values = decisions.placeholder_values(decision, "ko", [], first_screening(entry))
    assert values["screening_date"] == values["screening_venue"] == "추후 공지"

    edition.timezone = "Asia/Seoul"
    venue = Venue(edition_id=edition.id, name="Hall 2", name_ko="2관", capacity=80)
    block = Block(edition_id=edition.id, title="Shorts", films=[BlockFilm(submission=entry)])
    db.session.add_all([venue, block])
    db.session.flush()
    for hour, state in ((9, ScreeningState.PENCILLED), (11, ScreeningState.CONFIRMED)):
        starts = datetime(2027, 7, 10, hour, tzinfo=UTC)  # 18:00 and 20:00 in Seoul
        db.session.add(
            Screening(
                edition_id=edition.id,
                venue_id=venue.id,
                block_id=block.id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                state=state,
            )
        )
    db.session.flush()
    values = decisions.placeholder_values(decision, "ko", [], first_screening(entry))
    assert values["screening_venue"] == "2관" and "오후 8:00" in values["screening_date"]
    assert "2027" in values["screening_date"]
    english = decisions.placeholder_values(decision, "en", [], first_screening(entry))
    assert english["screening_venue"] == "Hall 2" and "8:00" in english["screening_date"]


def first_screening(entry):
    return decisions.first_screenings([entry.id]).get(entry.id)
