"""The public pages and the staff pages, through the test client."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.editions.models import Edition
from festival.extensions import db
from tests.pages import field_html, reload


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def edition_data(**overrides) -> dict:
    return {
        "name": "서울 AI 영화제 2027",
        "year": "2027",
        "slug": "seoul-ai-2027",
        "opens_on": "2027-01-01",
        "timezone": "Asia/Seoul",
        "currency": "KRW",
        "is_blind_judging": "y",
        "rules": "한 작품은 한 부문에만 출품할 수 있습니다.",
        "disclosure_policy": "생성형 AI 사용 내역을 공개해 주세요.",
        "screener_max_file_gib": "20",
        "screener_min_width": "1280",
        "screener_min_height": "720",
        "screener_max_width": "3840",
        "screener_max_height": "2160",
        "screener_containers": ["mp4", "mov"],
        "screener_frame_rates": ["24", "25"],
        "screener_loudness_lufs": "-24",
        "screener_loudness_tolerance_lu": "2",
        **overrides,
    }


def edition_named(name: str) -> Edition | None:
    return db.session.scalar(db.select(Edition).where(Edition.name == name))


# The public pages


def test_anyone_sees_the_open_calls_on_the_home_page(client, make_edition):
    live = make_edition(name="서울 AI 영화제")
    make_edition(name="Draft festival", is_published=False)
    make_edition(name="Archived festival", is_archived=True)
    page = client.get("/").get_data(as_text=True)
    assert "서울 AI 영화제" in page
    assert "Open for entries" in page
    assert "₩30,000" in page
    assert long_date(live.deadlines[-1].last_day_on) in page
    assert "Draft festival" not in page
    assert "Archived festival" not in page


def test_the_home_page_shows_upcoming_and_closed_calls(client, make_edition):
    today = date.today()
    make_edition(name="Soon", opens_on=today + timedelta(days=5))
    make_edition(
        name="Over",
        opens_on=today - timedelta(days=60),
        deadlines=[("Only", today - timedelta(days=2), 0)],
    )
    page = client.get("/").get_data(as_text=True)
    assert "Opening soon" in page
    assert long_date(today + timedelta(days=5)) in page
    assert "Closed" in page


def test_the_edition_page_shows_eligibility_deadlines_and_the_current_fee(client, make_edition):
    edition = make_edition(
        name="서울 AI 영화제",
        disclosure_policy="모든 AI 사용을 공개합니다.",
        rules="규칙 하나",
    )
    early = edition.deadlines[0]
    page = client.get(f"/editions/{edition.slug}").get_data(as_text=True)
    assert "AI Short" in page and "AI Feature" in page
    assert "30 minutes" in page and "180 minutes" in page
    assert "At least 70% of the film" in page
    assert "No minimum" in page
    assert f"₩30,000 until {long_date(early.last_day_on)} (Early)" in page
    assert "₩50,000" in page and "₩70,000" in page
    assert "Asia/Seoul" in page
    assert "모든 AI 사용을 공개합니다." in page
    assert "규칙 하나" in page
    assert "Up to 20 GiB" in page
    assert "From 1280\u00d7720 to 3840\u00d72160 pixels" in page


def test_the_fee_follows_the_tier_of_today(client, make_edition):
    today = date.today()
    edition = make_edition(
        opens_on=today - timedelta(days=30),
        deadlines=[
            ("Early", today - timedelta(days=2), 30_000),
            ("Regular", today + timedelta(days=20), 50_000),
        ],
    )
    page = client.get(f"/editions/{edition.slug}").get_data(as_text=True)
    assert f"₩50,000 until {long_date(today + timedelta(days=20))} (Regular)" in page


def test_unknown_and_unpublished_editions_are_not_found(client, make_edition):
    draft = make_edition(is_published=False)
    archived = make_edition(is_archived=True)
    assert client.get("/editions/no-such-edition").status_code == 404
    assert client.get(f"/editions/{draft.slug}").status_code == 404
    assert client.get(f"/editions/{archived.slug}").status_code == 404


def test_staff_preview_an_unpublished_edition(client, make_edition, programmer):
    draft = make_edition(name="Not yet", is_published=False)
    response = client.get(f"/editions/{draft.slug}")
    assert response.status_code == 200
    assert "Only staff see this page" in response.get_data(as_text=True)


# Who reaches the staff pages


@pytest.mark.parametrize("role", [Role.FILMMAKER, Role.JUROR])
def test_filmmakers_and_jurors_cannot_reach_the_staff_pages(
    client, auth, make_user, make_edition, role
):
    edition = make_edition()
    auth.login(make_user(role))
    assert client.get("/manage/editions").status_code == 403
    assert client.get("/manage/editions/new").status_code == 403
    assert client.get(f"/manage/editions/{edition.id}").status_code == 403
    assert client.post("/manage/editions/new", data=edition_data()).status_code == 403
    assert client.post(f"/manage/editions/{edition.id}/archive").status_code == 403
    assert not edition.is_archived


def test_anonymous_visitors_are_sent_to_log_in(client, make_edition):
    edition = make_edition()
    response = client.get("/manage/editions")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post(f"/manage/editions/{edition.id}/archive").status_code == 302
    assert not edition.is_archived


@pytest.mark.parametrize("role", [Role.PROGRAMMER, Role.ADMIN])
def test_programmers_and_admins_manage_editions(client, auth, make_user, make_edition, role):
    make_edition(name="서울 AI 영화제")
    auth.login(make_user(role))
    response = client.get("/manage/editions")
    assert response.status_code == 200
    assert "서울 AI 영화제" in response.get_data(as_text=True)


def test_an_unknown_edition_id_is_not_found(client, programmer):
    assert client.get("/manage/editions/999999").status_code == 404
    assert client.post("/manage/editions/999999/categories").status_code == 404


# Creating and editing an edition


def test_staff_create_an_edition_with_a_korean_name(client, programmer):
    response = client.post("/manage/editions/new", data=edition_data())
    edition = edition_named("서울 AI 영화제 2027")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/editions/{edition.id}")
    assert edition.slug == "seoul-ai-2027"
    assert edition.rules == "한 작품은 한 부문에만 출품할 수 있습니다."
    assert edition.screener_containers == ["mp4", "mov"]
    assert edition.screener_frame_rates == ["24", "25"]
    assert [(e.verb, e.actor_id) for e in events_for(edition)] == [("created", programmer.id)]
    page = client.get(f"/manage/editions/{edition.id}").get_data(as_text=True)
    assert "<h1>서울 AI 영화제 2027</h1>" in page
    assert 'value="서울 AI 영화제 2027"' in page


def test_invalid_fields_are_explained_next_to_them_and_the_input_is_kept(client, programmer):
    response = client.post(
        "/manage/editions/new",
        data=edition_data(
            name="",
            year="이천",
            slug="서울",
            timezone="Asia/Busan",
            currency="WON",
            screener_containers=[],
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the edition" in field_html(page, "name")
    assert "Not a valid integer value." in field_html(page, "year")
    assert 'value="이천"' in field_html(page, "year")
    assert "Use lower-case letters" in field_html(page, "slug")
    assert "Choose a time zone from the list" in field_html(page, "timezone")
    assert 'value="Asia/Busan"' in field_html(page, "timezone")
    assert "Enter a three-letter currency code" in field_html(page, "currency")
    assert "Accept at least one container." in field_html(page, "screener_containers")
    assert "한 작품은 한 부문에만 출품할 수 있습니다." in field_html(page, "rules")
    assert db.session.scalar(db.select(db.func.count(Edition.id))) == 0


def test_a_taken_address_is_explained_next_to_its_field(client, programmer, make_edition):
    make_edition(slug="seoul-ai-2027")
    page = client.post("/manage/editions/new", data=edition_data()).get_data(as_text=True)
    assert "Another edition already uses this address." in field_html(page, "slug")
    assert 'value="서울 AI 영화제 2027"' in field_html(page, "name")


def test_staff_edit_an_edition(client, programmer, make_edition):
    edition = make_edition(is_published=False)
    data = edition_data(
        name="부산 AI 영화제",
        slug=edition.slug,
        opens_on=edition.opens_on.isoformat(),
        is_published="y",
    )
    response = client.post(f"/manage/editions/{edition.id}", data=data)
    assert response.status_code == 302
    assert reload(edition).name == "부산 AI 영화제"
    assert edition.is_published
    event = events_for(edition)[-1]
    assert (event.verb, event.actor_id) == ("updated", programmer.id)
    assert event.after["name"] == "부산 AI 영화제"
    assert "부산 AI 영화제" in client.get("/").get_data(as_text=True)


def test_a_service_refusal_on_edit_shows_next_to_the_field(client, programmer, make_edition):
    edition = make_edition()
    data = edition_data(
        slug=edition.slug, opens_on=(date.today() + timedelta(days=365)).isoformat()
    )
    page = client.post(f"/manage/editions/{edition.id}", data=data).get_data(as_text=True)
    assert "must open on or before its first deadline" in field_html(page, "opens_on")
    assert 'value="서울 AI 영화제 2027"' in field_html(page, "name")
    assert reload(edition).name != "서울 AI 영화제 2027"


# Categories, deadlines and waiver codes


def post_row(client, edition, path: str, prefix: str, **fields):
    """Post one row form of the edit page to `/manage/editions/<id>/<path>`, each field named
    under the form's `prefix` as the page names it."""
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(f"/manage/editions/{edition.id}/{path}", data=data)


def rows_of(edition, path: str) -> list:
    """The edition's categories, deadlines or waiver codes, by their URL segment."""
    return getattr(reload(edition), path.replace("-", "_"))


LATE_DAY = (date.today() + timedelta(days=100)).isoformat()

ROW_EDITS = [
    pytest.param(
        "categories",
        "category",
        {
            "name": "AI 뮤직비디오",
            "description": "음악과 영상",
            "max_runtime_minutes": "10",
            "min_ai_share_percent": "80",
        },
        {"max_runtime_minutes": 10, "min_ai_share_percent": 80, "description": "음악과 영상"},
        {"name": "AI 뮤직비디오", "max_runtime_minutes": "12", "min_ai_share_percent": ""},
        {"max_runtime_minutes": 12, "min_ai_share_percent": None},
        id="category",
    ),
    pytest.param(
        "deadlines",
        "deadline",
        {"name": "Very late", "last_day_on": LATE_DAY, "fee": "800.50"},
        {"name": "Very late", "fee_cents": 80050},
        {"name": "Very late", "last_day_on": LATE_DAY, "fee": "900"},
        {"fee_cents": 90000},
        id="deadline-in-dollars",
    ),
    pytest.param(
        "waiver-codes",
        "waiver_code",
        {"code": "press-2027", "uses_left": "5"},
        {"code": "PRESS-2027", "uses_left": 5},
        {"uses_left": "7"},
        {"uses_left": 7},
        id="waiver-code",
    ),
]


@pytest.mark.parametrize(("path", "kind", "added", "stored", "edited", "changed"), ROW_EDITS)
def test_staff_add_edit_and_remove_a_row(
    client, programmer, make_edition, path, kind, added, stored, edited, changed
):
    edition = make_edition(currency="USD")
    before = set(rows_of(edition, path))
    prefix = "new-" + kind.replace("_", "-")
    assert post_row(client, edition, path, prefix, **added).status_code == 302
    [row] = [row for row in rows_of(edition, path) if row not in before]
    assert {name: getattr(row, name) for name in stored} == stored

    prefix = f"{kind.replace('_', '-')}-{row.id}"
    assert post_row(client, edition, f"{path}/{row.id}", prefix, **edited).status_code == 302
    assert {name: getattr(reload(row), name) for name in changed} == changed

    client.post(f"/manage/editions/{edition.id}/{path}/{row.id}/remove")
    assert row not in rows_of(edition, path)
    verbs = [e.verb for e in events_for(edition)]
    assert verbs == [f"{kind}_added", f"{kind}_changed", f"{kind}_removed"]


def test_an_invalid_category_keeps_its_input_next_to_the_error(client, programmer, make_edition):
    edition = make_edition()
    response = post_row(
        client,
        edition,
        "categories",
        "new-category",
        name="AI 단편 2",
        max_runtime_minutes="",
        min_ai_share_percent="150",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the longest runtime in minutes." in field_html(
        page, "new-category-max_runtime_minutes"
    )
    assert "Enter a share from 0 to 100." in field_html(page, "new-category-min_ai_share_percent")
    assert 'value="AI 단편 2"' in field_html(page, "new-category-name")
    assert len(reload(edition).categories) == 2


def test_a_row_error_shows_in_that_rows_form(client, programmer, make_edition):
    edition = make_edition()
    short, feature = edition.categories
    prefix = f"category-{feature.id}"
    response = post_row(
        client,
        edition,
        f"categories/{feature.id}",
        prefix,
        name="ai short",
        max_runtime_minutes="180",
    )
    page = response.get_data(as_text=True)
    assert "already has a category with this name" in field_html(page, f"{prefix}-name")
    assert 'value="ai short"' in field_html(page, f"{prefix}-name")
    assert "already has" not in field_html(page, f"category-{short.id}-name")


@pytest.mark.parametrize(
    ("last_day", "fee", "field_errors"),
    [
        ("after the late one", "20000", {"fee": "cannot be lower than that of Late"}),
        ("2099-01-01", "90000.5", {"fee": "Enter a whole amount: KRW has no smaller unit."}),
        (
            "not a date",
            "삼만 원",
            {"fee": "Not a valid decimal value.", "last_day_on": "Not a valid date value."},
        ),
    ],
    ids=["cheaper-than-earlier", "won-not-whole", "not-a-number"],
)
def test_a_refused_new_deadline_is_explained_and_keeps_its_input(
    client, programmer, make_edition, last_day, fee, field_errors
):
    edition = make_edition()
    if last_day == "after the late one":
        last_day = (edition.deadlines[-1].last_day_on + timedelta(days=10)).isoformat()
    response = post_row(
        client, edition, "deadlines", "new-deadline", name="Extra", last_day_on=last_day, fee=fee
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for name, error in field_errors.items():
        assert error in field_html(page, f"new-deadline-{name}")
    assert f'value="{fee}"' in field_html(page, "new-deadline-fee")
    assert 'value="Extra"' in field_html(page, "new-deadline-name")
    assert len(reload(edition).deadlines) == 3


def test_a_fee_in_dollars_shows_with_its_cents(client, programmer, make_edition):
    day = date.today() + timedelta(days=30)
    edition = make_edition(currency="USD", deadlines=[("Regular", day, 2550)])
    [deadline] = edition.deadlines
    edit_page = client.get(f"/manage/editions/{edition.id}").get_data(as_text=True)
    assert 'value="25.50"' in field_html(edit_page, f"deadline-{deadline.id}-fee")
    assert "$25.50" in client.get(f"/editions/{edition.slug}").get_data(as_text=True)


def test_a_waiver_code_shows_in_capitals_and_is_unique(client, programmer, make_edition):
    edition = make_edition(waiver_codes=[("PRESS-2027", 5)])
    assert "PRESS-2027" in client.get(f"/manage/editions/{edition.id}").get_data(as_text=True)
    response = post_row(
        client, edition, "waiver-codes", "new-waiver-code", code="Press-2027", uses_left="1"
    )
    page = response.get_data(as_text=True)
    assert "already has this code" in field_html(page, "new-waiver-code-code")
    assert len(reload(edition).waiver_codes) == 1


def test_rows_of_another_edition_are_not_found(client, programmer, make_edition):
    edition, other = make_edition(), make_edition()
    foreign = other.categories[0]
    assert (
        client.post(f"/manage/editions/{edition.id}/categories/{foreign.id}/remove").status_code
        == 404
    )
    assert client.post(f"/manage/editions/{edition.id}/deadlines/999999").status_code == 404
    assert foreign in reload(other).categories


def test_a_refused_removal_is_explained(client, programmer, make_edition):
    edition = make_edition(categories=[("Only", 30, None)])
    response = client.post(
        f"/manage/editions/{edition.id}/categories/{edition.categories[0].id}/remove",
        follow_redirects=True,
    )
    assert "A published edition needs a category." in response.get_data(as_text=True)
    assert len(reload(edition).categories) == 1


def test_an_archived_edition_leaves_the_home_page_and_can_come_back(
    client, programmer, make_edition
):
    edition = make_edition(name="서울 AI 영화제")
    client.post(f"/manage/editions/{edition.id}/archive")
    assert reload(edition).is_archived
    assert f'href="/editions/{edition.slug}"' not in client.get("/").get_data(as_text=True)
    assert "Archived" in client.get("/manage/editions").get_data(as_text=True)
    client.post(f"/manage/editions/{edition.id}/unarchive")
    assert not reload(edition).is_archived
    assert f'href="/editions/{edition.slug}"' in client.get("/").get_data(as_text=True)
    assert [e.verb for e in events_for(edition)] == ["archived", "unarchived"]


def test_removing_asks_for_confirmation_first(client, programmer, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    url = f"/manage/editions/{edition.id}/categories/{category.id}/remove"
    page = client.get(url).get_data(as_text=True)
    assert "Remove the category AI Short?" in page
    assert f'href="/manage/editions/{edition.id}#category-{category.id}"' in page
    assert len(reload(edition).categories) == 2
    client.post(url)
    assert [c.name for c in reload(edition).categories] == ["AI Feature"]


def test_archiving_asks_for_confirmation_first(client, programmer, make_edition):
    edition = make_edition(name="서울 AI 영화제")
    page = client.get(f"/manage/editions/{edition.id}/archive").get_data(as_text=True)
    assert "Archive 서울 AI 영화제?" in page
    assert not reload(edition).is_archived
