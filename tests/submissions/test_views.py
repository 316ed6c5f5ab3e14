"""The filmmaker's path and the staff pages, through the test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.extensions import db
from festival.submissions import services
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission
from tests import factories
from tests.conftest import sign_in
from tests.pages import reload
from tests.submissions.conftest import make_entrant_film, make_film


@pytest.fixture
def edition(make_edition):
    return make_edition(name="서울 AI 영화제", waiver_codes=[("LAST", 1)])


def entries_of(film):
    db.session.expire_all()
    return db.session.scalars(db.select(Submission).where(Submission.film_id == film.id)).all()


def test_the_submit_page_shows_the_current_fee_and_what_each_category_needs(
    client, filmmaker, edition
):
    film = make_film(filmmaker, runtime_s=45 * 60)
    page = client.get(f"/films/{film.id}/submit").get_data(as_text=True)
    assert "서울 AI 영화제" in page
    assert "₩30,000" in page
    assert "AI Short takes films up to 30 minutes; this film runs 45." in page
    assert "Fill in the AI disclosure of this film first." in page
    assert "Upload the film&#39;s screener." in page


def test_a_filmmaker_enters_a_film_and_sees_it_on_the_dashboard(client, filmmaker, edition):
    film = make_entrant_film(filmmaker, title="빛의 정원 <b>")
    response = client.post(
        f"/films/{film.id}/submit?edition={edition.id}",
        data={"categories": [str(edition.categories[0].id)]},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/submissions")
    (entry,) = entries_of(film)
    assert (entry.status, entry.fee_cents) == (SubmissionStatus.SUBMITTED, 30_000)
    page = client.get("/submissions").get_data(as_text=True)
    assert "빛의 정원 &lt;b&gt;" in page
    assert "AI Short" in page
    assert "₩30,000, not paid yet" in page
    assert "Submitted" in page
    # The filmmaker's own page reads the filmmaker's clock (the site's default, UTC), named.
    at = entry.events[0].at.astimezone(ZoneInfo("UTC"))
    assert re.search(rf"{at:%-I:%M}\W[AP]M \(UTC\)", page)


# --- times name their zone --------------------------------------------------------------------

ENTERED = datetime(2026, 12, 3, 18, 2, tzinfo=UTC)  # 3:02 AM on the 4th in Seoul


def entered_at_a_known_moment(owner, edition):
    entry = factories.make_submission(film=make_film(owner), category=edition.categories[0])
    entry.submitted_at = entry.events[0].at = ENTERED
    db.session.flush()
    return entry


def test_a_submissions_time_names_the_editions_zone_on_its_pages_and_the_viewers_elsewhere(
    app, make_user, edition
):
    owner = make_user(Role.FILMMAKER)
    entry = entered_at_a_known_moment(owner, edition)
    staff = sign_in(app.test_client(), make_user(Role.PROGRAMMER))

    on_the_edition = "Dec 4, 2026, 3:02\u202fAM (Korean Standard Time)"
    desk_list = staff.get(f"/manage/editions/{edition.id}/submissions").get_data(as_text=True)
    desk_entry = staff.get(f"/manage/submissions/{entry.id}").get_data(as_text=True)
    assert on_the_edition in desk_list
    assert desk_entry.count(on_the_edition) == 2  # submitted, and its history

    dashboard = sign_in(app.test_client(), owner).get("/submissions").get_data(as_text=True)
    assert "Dec 3, 2026, 6:02\u202fPM (UTC)" in dashboard
    assert "Korean Standard Time" not in dashboard


def test_a_viewer_who_chooses_seoul_reads_seoul_time_on_their_pages(app, make_user, edition):
    owner = make_user(Role.FILMMAKER)
    entry = entered_at_a_known_moment(owner, edition)
    upload = factories.make_upload(entry.film, length=2048, data=b"x" * 1024)
    upload.expires_at = datetime(2099, 12, 4, 18, 2, tzinfo=UTC)
    db.session.flush()
    client = sign_in(app.test_client(), owner)
    chosen = {"name": owner.name, "locale": "ko", "timezone": "Asia/Seoul"}
    assert client.post("/account", data=chosen).status_code == 302

    dashboard = client.get("/submissions").get_data(as_text=True)
    upload_page = client.get(f"/films/{entry.film.id}/screener").get_data(as_text=True)

    assert "2026. 12. 4. 오전 3:02 (한국 표준시)" in dashboard
    assert "(UTC)" not in dashboard
    assert "50% 받음, 2099. 12. 5. 오전 3:02 (한국 표준시)까지 보관됩니다" in upload_page


def test_an_exhausted_code_keeps_the_choices_and_the_code_typed(client, filmmaker, edition):
    reload(edition).waiver_codes[0].uses_left = 0
    db.session.flush()
    film = make_entrant_film(filmmaker)
    categories = [str(c.id) for c in edition.categories]
    response = client.post(
        f"/films/{film.id}/submit?edition={edition.id}",
        data={"categories": categories, "waiver_code": "last"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This waiver code has been used up." in page
    assert 'value="last"' in page
    for category_id in categories:
        assert re.search(rf'value="{category_id}" checked', page)
    assert entries_of(film) == []


def test_choosing_no_category_is_an_error_next_to_the_categories(client, filmmaker, edition):
    film = make_entrant_film(filmmaker)
    page = client.post(
        f"/films/{film.id}/submit?edition={edition.id}", data={"waiver_code": "LAST"}
    ).get_data(as_text=True)
    assert 'id="categories-error"' in page
    assert "Choose at least one category." in page
    assert 'value="LAST"' in page


def test_another_filmmakers_film_and_entries_are_not_found(client, filmmaker, edition):
    film = make_entrant_film()
    entry = factories.make_submission(film=film, category=edition.categories[0])
    assert client.get(f"/films/{film.id}/submit").status_code == 404
    assert client.post(f"/films/{film.id}/submit", data={}).status_code == 404
    assert client.get(f"/submissions/{entry.id}/withdraw").status_code == 404
    assert client.post(f"/submissions/{entry.id}/withdraw").status_code == 404
    assert film.title not in client.get("/submissions").get_data(as_text=True)
    assert reload(entry).status is SubmissionStatus.SUBMITTED


def test_a_filmmaker_withdraws_after_confirming(client, filmmaker, edition):
    entry = factories.make_submission(film=make_film(filmmaker), category=edition.categories[0])
    dashboard = client.get("/submissions").get_data(as_text=True)
    assert f"/submissions/{entry.id}/withdraw" in dashboard
    confirm = client.get(f"/submissions/{entry.id}/withdraw").get_data(as_text=True)
    assert "cannot be entered again" in confirm
    assert reload(entry).status is SubmissionStatus.SUBMITTED
    response = client.post(f"/submissions/{entry.id}/withdraw", data={"reason": "배급 계약"})
    assert response.status_code == 302
    assert reload(entry).status is SubmissionStatus.WITHDRAWN
    page = client.get("/submissions").get_data(as_text=True)
    assert "Withdrawn" in page
    assert "배급 계약" in page
    assert f"/submissions/{entry.id}/withdraw" not in page


def test_staff_filter_the_list_by_category_and_status(client, programmer, edition):
    short, feature = edition.categories
    factories.make_submission(film=make_film(title="짧은 영화"), category=short)
    factories.make_submission(film=make_film(title="긴 영화"), category=feature)
    factories.make_submission(
        film=make_film(title="고려 중"), category=feature, status="in_consideration"
    )
    url = f"/manage/editions/{edition.id}/submissions"
    everything = client.get(url).get_data(as_text=True)
    assert all(title in everything for title in ("짧은 영화", "긴 영화", "고려 중"))
    by_category = client.get(url, query_string={"category": feature.id}).get_data(as_text=True)
    assert "짧은 영화" not in by_category and "긴 영화" in by_category
    by_status = client.get(
        url, query_string={"category": feature.id, "status": "in_consideration"}
    ).get_data(as_text=True)
    assert "고려 중" in by_status and "긴 영화" not in by_status
    assert client.get(url, query_string={"status": "bogus"}).status_code == 200


def test_staff_change_a_status_with_a_reason_and_it_is_audited(client, programmer, edition):
    entry = factories.make_submission(film=make_film(), category=edition.categories[0])
    url = f"/manage/submissions/{entry.id}"
    refused = client.post(f"{url}/status", data={"status": "disqualified", "reason": ""})
    assert "Give the reason" in refused.get_data(as_text=True)
    assert reload(entry).status is SubmissionStatus.SUBMITTED
    client.post(f"{url}/status", data={"status": "disqualified", "reason": "타인의 저작물 사용"})
    assert reload(entry).status is SubmissionStatus.DISQUALIFIED
    audit = events_for(entry)[-1]
    assert (audit.actor_id, audit.before, audit.after, audit.reason) == (
        programmer.id,
        {"status": "submitted"},
        {"status": "disqualified"},
        "타인의 저작물 사용",
    )
    page = client.get(url).get_data(as_text=True)
    assert "타인의 저작물 사용" in page
    assert "This status is final." in page


def test_a_status_the_table_refuses_is_not_offered(client, programmer, edition):
    entry = factories.make_submission(film=make_film(), category=edition.categories[0])
    page = client.post(
        f"/manage/submissions/{entry.id}/status", data={"status": "selected"}
    ).get_data(as_text=True)
    assert "Not a valid choice" in page
    assert reload(entry).status is SubmissionStatus.SUBMITTED


def test_staff_define_outcomes_and_the_filmmaker_reads_their_meaning(
    client, auth, make_user, edition
):
    owner = make_user(Role.FILMMAKER)
    entry = factories.make_submission(film=make_film(owner), category=edition.categories[0])
    auth.login(make_user(Role.PROGRAMMER))
    outcomes_url = f"/manage/editions/{edition.id}/outcomes"
    missing = client.post(outcomes_url, data={"new-outcome-name": "Finalist"})
    assert "so filmmakers are never misled" in missing.get_data(as_text=True)
    client.post(
        outcomes_url,
        data={
            "new-outcome-name": "Finalist",
            "new-outcome-public_description": "결선에 오른 12편 중 하나입니다.",
        },
    )
    (finalist,) = services.outcomes_of(edition)
    client.post(f"/manage/submissions/{entry.id}/outcome", data={"outcome_id": str(finalist.id)})
    client.post(f"/manage/submissions/{entry.id}/payment", data={"is_paid": "y"})
    assert reload(entry).outcome_id == finalist.id
    assert entry.is_paid
    auth.logout()
    auth.login(owner)
    page = client.get("/submissions").get_data(as_text=True)
    assert "Finalist" in page
    assert "결선에 오른 12편 중 하나입니다." in page
    assert "₩30,000, paid" in page


def test_an_outcome_in_use_cannot_be_removed(client, programmer, edition):
    finalist = services.add_outcome(edition, actor=None, name="Finalist", public_description="x")
    entry = factories.make_submission(film=make_film(), category=edition.categories[0])
    services.set_outcome(entry, finalist, actor=None)
    url = f"/manage/editions/{edition.id}/outcomes/{finalist.id}/remove"
    assert "Remove the outcome Finalist?" in client.get(url).get_data(as_text=True)
    client.post(url)
    assert services.outcomes_of(reload(edition)) == [finalist]


def test_the_staff_page_summarises_the_frozen_disclosure(client, auth, make_user, edition):
    film = make_entrant_film(title="빛의 정원")
    (entry,) = services.submit_film(film, edition, edition.categories[:1], actor=film.owner)
    auth.login(make_user(Role.ADMIN))
    page = client.get(f"/manage/submissions/{entry.id}").get_data(as_text=True)
    assert "빛의 정원" in page
    assert "80%" in page
    assert f"/films/{film.id}/disclosure/versions" in page
    assert "In consideration" in page


def test_waiver_code_guesses_beyond_the_limit_get_the_sites_page(client, filmmaker, edition):
    film = make_entrant_film(filmmaker)
    url = f"/films/{film.id}/submit?edition={edition.id}"
    categories = [str(edition.categories[0].id)]
    guesses = [
        client.post(url, data={"categories": categories, "waiver_code": f"GUESS{n}"})
        for n in range(10)
    ]

    refused = client.post(url, data={"categories": categories, "waiver_code": "LAST"})

    assert [guess.status_code for guess in guesses] == [200] * 10
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert entries_of(film) == []
    assert client.post(url, data={"categories": categories}).status_code == 302
