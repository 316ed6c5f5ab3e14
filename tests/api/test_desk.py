"""The programmers' desk through the API: the page's filters, sort and search (and its
messages for what it cannot read), keyset cursors that keep the desk's order, one entry's
record, decisions through the desk's bulk action (refused with its reasons, nothing kept on
a refusal) and its exports."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from festival.accounts.enums import Role
from festival.api.tokens.enums import READ_ONLY
from festival.extensions import db
from festival.films.enums import CreditRole
from festival.films.models import Credit
from festival.programming import desk
from festival.programming.models.decisions import Decision
from festival.submissions.services import add_outcome
from tests import factories


@pytest.fixture
def festival(app_ctx):
    """An edition with seven entries (ties in category and runtime, one draft), and a
    programmer's token."""
    edition = factories.make_edition()
    short, feature = edition.categories
    titles = ["Rainfall", "Night Bus", "The Quiet Sea", "Orchard", "Glass", "Echo", "Lantern"]
    entries = {}
    for index, title in enumerate(titles):
        film = factories.make_film(
            title=title,
            runtime_s=(5 + index % 3) * 60,
            countries=["FR"] if index % 2 else ["KR"],
            credits=[Credit(role=CreditRole.DIRECTOR, name=f"Director {index}", position=0)],
        )
        entries[title] = factories.make_submission(
            film,
            short if index % 3 else feature,
            status="shortlisted" if index == 3 else "submitted",
        )
    entries["draft"] = factories.make_submission(
        factories.make_film(title="Draft"), short, status="draft"
    )
    db.session.commit()
    return edition, entries


@pytest.fixture
def staff(token_of):
    return token_of(factories.make_user(Role.PROGRAMMER))


def listed(client, edition, headers, **args) -> dict:
    response = client.get(
        f"/api/v1/editions/{edition.id}/desk?{urlencode(args, doseq=True)}", headers=headers
    )
    assert response.status_code == 200, response.json
    return response.json


def walk(client, edition, headers, **args) -> list[int]:
    """Every page of the list, two at a time, following the cursors."""
    ids, cursor = [], None
    while True:
        page = listed(
            client, edition, headers, limit=2, **args, **({"cursor": cursor} if cursor else {})
        )
        ids += [item["submission_id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            return ids


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"sort": "category"},
        {"sort": "-title"},
        {"sort": "runtime", "country": "FR"},
        {"sort": "-rating"},  # no ratings: nulls, ordered by id alone
        {"sort": "qc"},
        {"status": ["submitted", "draft"], "sort": "-submitted"},
        {"q": "quiet"},
    ],
)
def test_the_cursor_pages_keep_the_desks_filter_and_order(festival, client, staff, args):
    edition, _entries = festival
    expected = desk.matching_ids(edition, desk.parse_filters(edition, args))
    assert walk(client, edition, staff, **args) == expected
    assert listed(client, edition, staff, **args)["total"] == len(expected)


def test_an_entry_reads_as_the_desk_shows_it(festival, client, staff):
    edition, entries = festival
    page = listed(client, edition, staff, sort="title", limit=1)
    first = page["items"][0]
    assert first["title"] == "Echo" and first["category"] == "AI Short"
    assert first["countries"] == ["FR"] and first["status_label"] == "Submitted"
    assert first["version"] == entries["Echo"].updated_at.isoformat()


def test_what_the_desk_cannot_read_is_refused_with_its_message(festival, client, staff):
    edition, _entries = festival
    url = f"/api/v1/editions/{edition.id}/desk"
    refused = client.get(f"{url}?country=ZZ&category=999999", headers=staff)
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert refused.json["errors"] == {
        "country": ["Unknown code: ZZ"],
        "category": ["Unknown choice: 999999"],
    }
    assert client.get(f"{url}?sort=loudness", headers=staff).status_code == 422
    cursor = listed(client, edition, staff, limit=1, sort="title")["next"]
    other_sort = client.get(f"{url}?sort=-title&cursor={cursor}", headers=staff)
    assert other_sort.status_code == 400 and other_sort.json["type"].endswith(":cursor")
    assert client.get(f"{url}?cursor=forged", headers=staff).status_code == 400


def test_only_staff_tokens_reach_the_desk(festival, client, token_of):
    edition, entries = festival
    for role in (Role.FILMMAKER, Role.JUROR):
        headers = token_of(factories.make_user(role))
        response = client.get(f"/api/v1/editions/{edition.id}/desk", headers=headers)
        assert response.status_code == 403, role
    film_owner = token_of(entries["Echo"].film.owner)
    assert (
        client.get(
            f"/api/v1/editions/{edition.id}/desk/{entries['Echo'].id}", headers=film_owner
        ).status_code
        == 403
    )
    assert client.get(f"/api/v1/editions/{edition.id}/desk").status_code == 401


def test_one_entry_is_the_export_record_with_its_decision(festival, client, staff):
    edition, entries = festival
    entry = entries["Orchard"]
    response = client.get(f"/api/v1/editions/{edition.id}/desk/{entry.id}", headers=staff)
    assert response.status_code == 200
    assert response.json["directors"] == ["Director 3"]
    assert response.json["status"] == "shortlisted" and response.json["decision"] is None
    other = factories.make_submission()
    assert (
        client.get(f"/api/v1/editions/{edition.id}/desk/{other.id}", headers=staff).status_code
        == 404
    )
    assert client.get(f"/api/v1/editions/999999/desk/{entry.id}", headers=staff).status_code == 404


def decide(client, edition, headers, **body):
    return client.post(f"/api/v1/editions/{edition.id}/desk/decisions", json=body, headers=headers)


def test_decisions_are_the_desks_bulk_action_with_its_reasons(festival, client, staff):
    edition, entries = festival
    outcome = add_outcome(edition, actor=None, name="Selected", public_description="In.")
    db.session.commit()
    outcomes = client.get(f"/api/v1/editions/{edition.id}/outcomes", headers=staff).json["items"]
    assert [item["name"] for item in outcomes] == ["Selected"]
    rain, echo, draft = entries["Rainfall"], entries["Echo"], entries["draft"]
    response = decide(
        client,
        edition,
        staff,
        submission_ids=[rain.id, echo.id, draft.id],
        outcome_id=outcome.id,
        versions={str(echo.id): "2000-01-01T00:00:00+00:00"},
    )
    assert response.status_code == 200, response.json
    assert [item["submission_id"] for item in response.json["changed"]] == [rain.id]
    assert response.json["refused"] == [
        {
            "submission_id": draft.id,
            "title": "Draft",
            "reason": "A submission that is “Draft” cannot be decided.",
        }
    ]
    assert [item["submission_id"] for item in response.json["stale"]] == [echo.id]
    record = client.get(f"/api/v1/editions/{edition.id}/desk/{rain.id}", headers=staff).json
    assert record["decision"]["outcome"] == "Selected" and not record["decision"]["is_released"]


def test_a_refused_decision_keeps_nothing(festival, client, staff, token_of):
    edition, entries = festival
    other_outcome = add_outcome(
        factories.make_edition(), actor=None, name="Elsewhere", public_description=""
    )
    db.session.commit()
    ids = [entries["Rainfall"].id]
    refused = decide(client, edition, staff, submission_ids=ids, outcome_id=other_outcome.id)
    assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
    assert refused.json["errors"] == {"outcome_id": ["Choose an outcome of this edition."]}
    empty = decide(client, edition, staff, submission_ids=[], outcome_id=other_outcome.id)
    assert empty.json["detail"] == "Choose at least one entry."
    assert decide(client, edition, staff, submission_ids=ids, outcome_id="1").status_code == 422
    read_only = token_of(factories.make_user(Role.PROGRAMMER), READ_ONLY)
    assert decide(client, edition, read_only, submission_ids=ids, outcome_id=1).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0


def test_the_exports_are_the_desks(festival, client, staff):
    edition, entries = festival
    base = f"/api/v1/editions/{edition.id}/desk"
    as_json = client.get(f"{base}/export.json?country=FR", headers=staff)
    assert as_json.status_code == 200
    titles = {record["title"] for record in as_json.json["submissions"]}
    assert titles == {"Night Bus", "Orchard", "Echo"}
    as_csv = client.get(f"{base}/export.csv?ids={entries['Glass'].id}", headers=staff)
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    text = as_csv.get_data().decode("utf-8-sig").splitlines()
    assert text[0].startswith("submission_id,title") and "Glass" in text[1] and len(text) == 2
    assert client.get(f"{base}/export.csv?country=ZZ", headers=staff).status_code == 422
