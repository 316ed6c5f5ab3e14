"""The FilmFreeway import: staging, mapping, preview, idempotent apply, nothing half-imported,
and its pages."""

from __future__ import annotations

import io

import pytest

from festival.accounts.enums import Role
from festival.audit.models import AuditEvent
from festival.extensions import db
from festival.films.models import Film
from festival.notifications.models import OutboxEmail
from festival.programming import importing
from festival.programming.filmfreeway import FileRefusal, RowIssue
from festival.programming.importing import ImportRefusal, Mapping, RowOutcome
from festival.programming.models import ImportedEntry, ImportRun
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission
from tests.conftest import sign_in
from tests.programming.filmfreeway_export import export_file, export_of, export_row


@pytest.fixture
def edition(make_edition):
    return make_edition()


@pytest.fixture
def staff(make_user):
    return make_user(Role.PROGRAMMER)


def staged(edition, staff, data: bytes) -> ImportRun:
    return importing.stage_file(edition, data, file_name="filmfreeway.csv", actor=staff)


def imported(edition, staff, data: bytes, **options) -> ImportRun:
    """Apply a file, then run what its invitation job runs."""
    run = importing.apply_run(staged(edition, staff, data), actor=staff, **options)
    importing.invite_imported(run)
    return run


def submissions_of(edition) -> list[Submission]:
    return db.session.scalars(
        db.select(Submission).where(Submission.edition_id == edition.id).order_by(Submission.id)
    ).all()


def test_a_realistic_file_imports_accounts_films_and_submissions(edition, staff):
    run = imported(edition, staff, export_of(12, categories=("AI Short", "AI Feature")))
    assert (run.rows_taken, run.rows_updated, run.rows_unchanged, run.rows_refused) == (12, 0, 0, 0)
    assert run.is_applied and run.file_bytes is None
    submissions = submissions_of(edition)
    assert len(submissions) == 24
    korean = next(s.film for s in submissions if s.film.original_title == "마지막 빛 3")
    assert (korean.title, korean.runtime_s, korean.countries, korean.languages) == (
        "Glass Orchard 3",
        303,
        ["KR"],
        ["ko"],
    )
    assert [c.name for c in korean.credits][:1] == ["도윤 최"]
    owner = korean.owner
    assert (owner.email, owner.name, owner.has_password, owner.locale) == (
        "filmmaker3@example.org",
        "도윤 최",
        False,
        "ko",
    )
    assert Role.FILMMAKER in owner.roles
    seventh = next(s for s in submissions if s.film.title.endswith(" 7"))
    assert seventh.status is SubmissionStatus.SELECTED  # In Consideration / Selected
    assert all(s.disclosure_id is None for s in submissions)
    assert "FilmFreeway" in submissions[0].events[0].reason
    emails = db.session.scalars(db.select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert len(emails) == 12
    assert importing.invite_imported(run) == 0  # once per run
    korean_email = next(e for e in emails if e.to == "filmmaker3@example.org")
    assert "http://festival.test/invitation/" in korean_email.body
    assert "AI 사용 고지" in korean_email.body  # in the filmmaker's language
    assert "Glass Orchard 3" in korean_email.body
    assert db.session.scalar(db.select(db.func.count()).where(AuditEvent.verb == "imported")) == 24


def test_applying_queues_the_invitations_as_one_job(edition, staff):
    from festival.jobs.models import Job

    run = importing.apply_run(staged(edition, staff, export_of(3)), actor=staff)
    job = db.session.scalars(db.select(Job).where(Job.kind == importing.INVITE_IMPORTED)).one()
    assert (job.subject_id, run.invited_at) == (run.id, None)
    assert db.session.scalar(db.select(db.func.count(OutboxEmail.id))) == 0


def test_statuses_follow_the_mapping_and_refused_ones_leave_nothing(edition, staff):
    rows = [
        export_row(1),
        export_row(2, **{"Judging Status": "Selected"}),
        export_row(3, **{"Submission Status": "Withdrawn"}),
    ]
    run = staged(edition, staff, export_file(rows))
    mapping = Mapping.from_json(run.mapping)
    assert mapping.statuses == {
        "In Consideration / Undecided": SubmissionStatus.SUBMITTED,
        "In Consideration / Selected": SubmissionStatus.SELECTED,
        "Withdrawn / Undecided": SubmissionStatus.WITHDRAWN,
    }
    importing.set_mapping(
        run,
        Mapping(
            categories=mapping.categories,
            statuses={**mapping.statuses, "Withdrawn / Undecided": None},
        ),
        actor=staff,
    )
    importing.apply_run(run, actor=staff)
    assert [line["outcome"] for line in run.report] == ["taken", "taken", "refused"]
    assert run.report[2]["issue"] == RowIssue.REFUSED_STATUS.value
    assert [s.status for s in submissions_of(edition)] == [
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.SELECTED,
    ]
    assert db.session.scalar(db.select(Film.id).where(Film.title == "Synthetic Tide 3")) is None


def test_the_same_file_twice_changes_nothing_and_a_newer_file_updates(edition, staff):
    data = export_of(6)
    first = imported(edition, staff, data)
    before = [(s.id, s.status, s.film.title, s.updated_at) for s in submissions_of(edition)]
    emails = db.session.scalar(db.select(db.func.count(OutboxEmail.id)))
    second = imported(edition, staff, data)
    assert (second.rows_taken, second.rows_updated, second.rows_unchanged) == (0, 0, 6)
    assert {line["outcome"] for line in second.report} == {"unchanged"}
    assert [(s.id, s.status, s.film.title, s.updated_at) for s in submissions_of(edition)] == before
    assert db.session.scalar(db.select(db.func.count(OutboxEmail.id))) == emails
    assert first.id != second.id

    newer = [export_row(n) for n in range(1, 7)]
    newer[0]["Project Title"] = "The Last Light, recut"
    newer[1]["Judging Status"] = "Selected"
    newer.append(
        export_row(7, **{"Submission Status": "In Consideration", "Judging Status": "Finalist"})
    )
    third = imported(edition, staff, export_file(newer))
    assert (third.rows_taken, third.rows_updated, third.rows_unchanged) == (1, 2, 4)
    by_title = {s.film.title: s for s in submissions_of(edition)}
    assert "The Last Light, recut" in by_title
    moved = next(s for s in submissions_of(edition) if s.film.title.startswith("Synthetic Tide 2"))
    assert moved.status is SubmissionStatus.SELECTED
    assert [e.to_status for e in moved.events] == [
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.IN_CONSIDERATION,
        SubmissionStatus.SHORTLISTED,
        SubmissionStatus.SELECTED,
    ]
    assert by_title["Synthetic Tide 7"].status is SubmissionStatus.SHORTLISTED


def test_a_row_the_workflow_cannot_follow_is_refused_and_left_as_it_was(edition, staff):
    imported(edition, staff, export_of(1, **{}))
    submission = submissions_of(edition)[0]
    submission.status = SubmissionStatus.NOT_SELECTED
    db.session.flush()
    changed = export_file([export_row(1, **{"Judging Status": "Selected", "Synopsis": "New."})])
    run = imported(edition, staff, changed)
    assert run.report[0]["outcome"] == "refused"
    assert run.report[0]["issue"] == RowIssue.STATUS_UNREACHABLE.value
    assert submission.status is SubmissionStatus.NOT_SELECTED
    assert submission.film.synopsis != "New."


def test_a_tracking_number_that_changed_is_refused(edition, staff):
    imported(edition, staff, export_of(1))
    run = imported(edition, staff, export_file([export_row(1, **{"Tracking Number": "FF-999"})]))
    assert run.report[0]["issue"] == RowIssue.TRACKING_MISMATCH.value


def test_unknown_and_refused_categories_are_reported_per_row(edition, staff):
    rows = [
        export_row(1),
        export_row(2, **{"Submission Categories": "Music Video"}),
        export_row(3, **{"Submission Categories": "AI Short, Shorts Block"}),
    ]
    run = staged(edition, staff, export_file(rows))
    preview = importing.plan(edition, importing.parsed_file(run), Mapping.from_json(run.mapping))
    assert [(line.outcome, line.issue, line.detail) for line in preview.lines] == [
        (RowOutcome.TAKEN, None, ""),
        (RowOutcome.REFUSED, RowIssue.UNKNOWN_CATEGORY, "Music Video"),
        (RowOutcome.REFUSED, RowIssue.UNKNOWN_CATEGORY, "Shorts Block"),
    ]
    mapping = Mapping.from_json(run.mapping)
    importing.set_mapping(
        run,
        Mapping(
            categories={
                **mapping.categories,
                "Music Video": None,
                "Shorts Block": edition.categories[1].id,
            },
            statuses=mapping.statuses,
        ),
        actor=staff,
    )
    importing.apply_run(run, actor=staff)
    assert [line["outcome"] for line in run.report] == ["taken", "refused", "taken"]
    assert run.report[1]["issue"] == RowIssue.REFUSED_CATEGORY.value
    assert len(submissions_of(edition)) == 3


def test_only_if_every_row_is_valid_imports_nothing_when_one_is_not(edition, staff):
    rows = [export_row(1), export_row(2, Duration="1h30")]
    run = staged(edition, staff, export_file(rows))
    with pytest.raises(ImportRefusal, match="1 rows are refused"):
        importing.apply_run(run, actor=staff, all_or_nothing=True)


def test_a_row_whose_film_is_refused_leaves_no_account_behind(edition, staff):
    from festival.accounts.models import User

    rows = [export_row(1), export_row(2, **{"Completion Date": "1885-05-01"})]
    with pytest.raises(ImportRefusal, match="1 rows are refused"):
        importing.apply_run(
            staged(edition, staff, export_file(rows)), actor=staff, all_or_nothing=True
        )
    run = importing.apply_run(staged(edition, staff, export_file(rows)), actor=staff)
    assert [line["outcome"] for line in run.report] == ["taken", "refused"]
    assert run.report[1]["issue"] == RowIssue.INVALID.value
    assert len(submissions_of(edition)) == 1
    assert db.session.scalar(db.select(User).where(User.email == "filmmaker2@example.org")) is None


def test_a_mapping_to_another_editions_category_is_refused(edition, staff, make_edition):
    other = make_edition()
    run = staged(edition, staff, export_of(1))
    with pytest.raises(ImportRefusal):
        importing.set_mapping(
            run, Mapping(categories={"AI Short": other.categories[0].id}), actor=staff
        )


def test_an_existing_account_is_reused_and_gets_the_filmmaker_role(edition, staff, make_user):
    juror = make_user(Role.JUROR, email="filmmaker1@example.org")
    imported(edition, staff, export_of(1))
    film = submissions_of(edition)[0].film
    assert film.owner_id == juror.id and Role.FILMMAKER in juror.roles
    assert "/login" in db.session.scalars(db.select(OutboxEmail)).one().body


def test_the_film_page_asks_for_the_disclosure_until_it_is_done(client, edition, staff):
    imported(edition, staff, export_of(1))
    film = submissions_of(edition)[0].film
    notice = importing.import_notice(film)
    assert notice["needs_disclosure"] and notice["needs_screener"]
    sign_in(client, film.owner)
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    assert "Imported: disclosure pending" in page


# --- pages ----------------------------------------------------------------------------------


def upload(client, edition, data: bytes, name="filmfreeway.csv"):
    return client.post(
        f"/manage/editions/{edition.id}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_staff_upload_map_preview_apply_and_read_the_report(client, edition, staff):
    sign_in(client, staff)
    assert client.get(f"/manage/editions/{edition.id}/import").status_code == 200
    response = upload(client, edition, export_of(3, categories=("Shorts",)))
    assert response.status_code == 302
    run = db.session.scalars(db.select(ImportRun)).one()
    page = client.get(response.location).get_data(as_text=True)
    assert "Refused: 3" in page and "Shorts" in page
    short = edition.categories[0]
    response = client.post(
        f"/manage/imports/{run.id}",
        data={"category_0": str(short.id), "status_0": "submitted", "status_1": "shortlisted"},
    )
    assert response.status_code == 302
    assert "Taken: 3" in client.get(f"/manage/imports/{run.id}").get_data(as_text=True)
    response = client.post(f"/manage/imports/{run.id}/apply", data={})
    assert response.status_code == 302
    report = client.get(f"/manage/imports/{run.id}").get_data(as_text=True)
    assert "Import report" in report and "Taken: 3" in report
    csv_body = client.get(f"/manage/imports/{run.id}/report.csv").get_data()
    assert csv_body.startswith(b"\xef\xbb\xbf") and csv_body.count(b"\r\n") == 4
    again = client.post(f"/manage/imports/{run.id}/apply", data={})
    assert again.status_code == 302  # applied already: flashed, nothing done
    assert len(submissions_of(edition)) == 3


def test_a_file_that_cannot_be_read_is_shown_on_the_upload_form(client, edition, staff):
    sign_in(client, staff)
    response = upload(client, edition, b"name,age\nAna,3\n")
    assert response.status_code == 200
    assert "not FilmFreeway" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ImportRun.id))) == 0


def test_filmmakers_cannot_import(client, edition, make_user):
    sign_in(client, make_user(Role.FILMMAKER))
    assert upload(client, edition, export_of(1)).status_code == 403


def test_file_refusal_is_a_refusal_the_form_can_show():
    assert issubclass(FileRefusal, importing.Refusal)
    assert ImportedEntry.__tablename__ == "programming_imported_entries"
