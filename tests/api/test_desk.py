"""The programmers' desk through the API: the page's filters, sort and search (and its
messages for what it cannot read), keyset cursors that keep the desk's order, one entry's
record and its exports (the bulk actions: test_desk_actions.py)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from festival.accounts.enums import Role
from festival.programming import desk
from tests import factories


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
