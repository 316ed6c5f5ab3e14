"""The desk's bulk actions through the API: each as the page applies it, on the entries named
or on every entry a filter matches, with the desk's reasons for what it refuses; nothing kept
when the whole action is refused."""

from __future__ import annotations

from festival.accounts.enums import Role
from festival.api.tokens.enums import READ_ONLY
from festival.extensions import db
from festival.judging.models import RoundEntry
from festival.judging.screening import tags_by_submission
from festival.programming.models.decisions import Decision, ProgrammerAssignment
from festival.submissions.services import add_outcome
from tests import factories
from tests.programming.test_blocks import make_block


def act(client, edition, headers, action: str, **body):
    return client.post(f"/api/v1/editions/{edition.id}/desk/{action}", json=body, headers=headers)


def changed_ids(response) -> list[int]:
    assert response.status_code == 200, response.json
    return [item["submission_id"] for item in response.json["changed"]]


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


def test_each_action_of_the_desk_on_the_entries_named(festival, client, staff, make_user):
    edition, entries = festival
    rain, echo, orchard = entries["Rainfall"], entries["Echo"], entries["Orchard"]
    moved = act(client, edition, staff, "status-changes", submission_ids=[rain.id, orchard.id],
                status="in_consideration", reason="First look")  # fmt: skip
    assert changed_ids(moved) == [rain.id]
    assert [item["submission_id"] for item in moved.json["refused"]] == [orchard.id]  # shortlisted

    tagged = act(client, edition, staff, "tags", submission_ids=[rain.id, echo.id],
                 tags=["VFX heavy", "추천"])  # fmt: skip
    assert changed_ids(tagged) == [rain.id, echo.id]
    assert tags_by_submission([rain.id])[rain.id] == ["vfx heavy", "추천"]

    round_ = factories.make_round(edition, stage="screening")
    db.session.commit()
    entered = act(client, edition, staff, "round-entries", submission_ids=[echo.id],
                  round_id=round_.id)  # fmt: skip
    assert changed_ids(entered) == [echo.id]
    assert (
        db.session.scalar(db.select(RoundEntry.round_id).where(RoundEntry.submission_id == echo.id))
        == round_.id
    )
    again = act(client, edition, staff, "round-entries", submission_ids=[echo.id],
                round_id=round_.id)  # fmt: skip
    assert again.json["refused"][0]["reason"] == "It is already in this round."

    programmer = make_user(Role.PROGRAMMER)
    assigned = act(client, edition, staff, "programmer-assignments", submission_ids=[rain.id],
                   programmer_id=programmer.id)  # fmt: skip
    assert changed_ids(assigned) == [rain.id]
    row = db.session.scalar(
        db.select(ProgrammerAssignment).where(ProgrammerAssignment.submission_id == rain.id)
    )
    assert row.programmer_id == programmer.id

    block = make_block(edition, make_user(Role.PROGRAMMER))
    db.session.commit()
    blocked = act(client, edition, staff, "block-entries", submission_ids=[echo.id],
                  block_id=block.id)  # fmt: skip
    assert changed_ids(blocked) == []
    assert blocked.json["refused"][0]["submission_id"] == echo.id  # not selected yet


def test_every_entry_a_filter_matches(festival, client, staff):
    edition, entries = festival
    tagged = act(client, edition, staff, "tags", matching={"country": ["FR"]}, tags=["french"])
    french = sorted(
        e.id for name, e in entries.items() if name != "draft" and e.film.countries == ["FR"]
    )
    assert sorted(changed_ids(tagged)) == french and len(french) == 3
    searched = act(client, edition, staff, "tags", matching={"q": "quiet"}, tags=["sea"])
    assert changed_ids(searched) == [entries["The Quiet Sea"].id]


def test_a_selection_is_ids_or_a_filter_and_a_bad_one_keeps_nothing(festival, client, staff):
    edition, entries = festival
    rain = entries["Rainfall"].id
    both = act(client, edition, staff, "tags", submission_ids=[rain], matching={}, tags=["x"])
    neither = act(client, edition, staff, "tags", tags=["x"])
    for refused in (both, neither):
        assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
        assert refused.json["errors"]["submission_ids"] == [
            "Send either submission_ids or matching, not both."
        ]
    unreadable = act(client, edition, staff, "tags", matching={"category": [999999]}, tags=["x"])
    assert unreadable.status_code == 422 and "category" in unreadable.json["errors"]
    unknown = act(client, edition, staff, "tags", matching={"colour": "red"}, tags=["x"])
    assert unknown.status_code == 422
    comma = act(client, edition, staff, "tags", submission_ids=[rain], tags=["a, b"])
    assert comma.status_code == 422
    assert comma.json["errors"] == {"tags.0": ["A tag is 1 to 40 characters, without a comma."]}
    other_round = factories.make_round(factories.make_edition())
    db.session.commit()
    elsewhere = act(client, edition, staff, "round-entries", submission_ids=[rain],
                    round_id=other_round.id)  # fmt: skip
    assert elsewhere.status_code == 400
    assert elsewhere.json["errors"] == {"round_id": ["Choose a round of this edition."]}
    assert tags_by_submission([rain]) == {}
    assert db.session.scalar(db.select(db.func.count(RoundEntry.id))) == 0
