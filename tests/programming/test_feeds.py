"""The programme's feeds: iCalendar (parsed back with `icalendar`, the times read in another
time zone are the intended instants), one venue's calendar holds only that venue, the JSON
feed with its documented keys, changes as SEQUENCE and STATUS, and ETag revalidation."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from festival.accounts.enums import Role
from festival.extensions import db
from festival.programming import publishing
from tests import factories
from tests.programming import programme_rows as rows


@pytest.fixture
def festival(app_ctx):
    """A published programme in New York, with a screening on the night the clocks go back
    (7 November 2027, 01:30 happens twice: the first, EDT, is meant)."""
    edition = factories.make_edition(slug="nyc-ai-2027", timezone="America/New_York")
    hall = rows.venue(edition, "Hall 1", address="1 Broadway, New York")
    annex = rows.venue(edition, "Annex")
    sea, rain = rows.entry(edition, "The Quiet Sea"), rows.entry(edition, "Neon Rain")
    shorts = rows.block(edition, [sea, rain], "Shorts One")
    evening = rows.screening(
        edition, hall, rows.local(edition, 2027, 10, 30, 19, 30), of_block=shorts, minutes=100
    )
    late = rows.screening(
        edition,
        annex,
        datetime(2027, 11, 7, 5, 30, tzinfo=UTC),  # 01:30 EDT, before the clocks go back
        of_entry=rain,
        minutes=60,
    )
    publishing.publish(edition, actor=factories.make_user(Role.PROGRAMMER))
    db.session.commit()
    return edition, (hall, annex), shorts, (evening, late)


def calendar_of(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_times_read_in_another_zone_are_the_intended_instants(client, festival):
    edition, _halls, _shorts, (evening, late) = festival
    calendar = calendar_of(client, f"/programme/{edition.slug}/calendar.ics")
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    found = events(calendar)
    seoul = ZoneInfo("Asia/Seoul")
    start = found["Shorts One"].decoded("dtstart")
    assert start.astimezone(seoul) == datetime(2027, 10, 31, 8, 30, tzinfo=seoul)
    assert start.astimezone(UTC) == evening.starts_at
    assert found["Shorts One"].decoded("dtend").astimezone(UTC) == evening.ends_at
    assert "TZID=America/New_York" in found["Shorts One"].to_ical().decode()
    night = found["Neon Rain"].decoded("dtstart")
    assert night.astimezone(UTC) == late.starts_at
    assert night.astimezone(seoul) == datetime(2027, 11, 7, 14, 30, tzinfo=seoul)


def test_each_event_has_its_venue_link_uid_and_status(client, festival):
    edition, _halls, shorts, (evening, _late) = festival
    event = events(calendar_of(client, f"/programme/{edition.slug}/calendar.ics"))["Shorts One"]
    assert str(event["location"]) == "Hall 1, 1 Broadway, New York"
    assert str(event["url"]).endswith(f"/programme/{edition.slug}/blocks/{shorts.id}")
    assert str(event["uid"]).startswith(f"screening-{evening.id}.{edition.slug}@")
    assert str(event["status"]) == "CONFIRMED" and event["sequence"] == 0
    assert "The Quiet Sea" in str(event["description"])


def test_a_venue_calendar_holds_only_its_venue(client, festival):
    edition, (_hall, annex), *_ = festival
    found = events(calendar_of(client, f"/programme/{edition.slug}/venues/{annex.id}/calendar.ics"))
    assert list(found) == ["Neon Rain"]
    other = factories.make_edition()
    stranger = rows.venue(other, "Elsewhere")
    db.session.commit()
    url = f"/programme/{edition.slug}/venues/{stranger.id}/calendar.ics"
    assert client.get(url).status_code == 404


def test_changes_reach_the_calendar_as_sequence_and_cancellation(client, festival):
    edition, (_hall, annex), _shorts, (evening, late) = festival
    uid_before = str(
        events(calendar_of(client, f"/programme/{edition.slug}/calendar.ics"))["Shorts One"]["uid"]
    )
    rows.moved(evening, to=rows.local(edition, 2027, 10, 30, 21, 0), to_venue=annex)
    rows.cancelled(late)
    db.session.commit()
    found = events(calendar_of(client, f"/programme/{edition.slug}/calendar.ics"))
    moved = found["Shorts One"]
    assert str(moved["uid"]) == uid_before
    assert moved["sequence"] == 1 and str(moved["status"]) == "CONFIRMED"
    assert moved.decoded("dtstart").astimezone(UTC) == evening.starts_at
    assert str(moved["location"]) == "Annex"
    assert str(found["Neon Rain"]["status"]) == "CANCELLED"


def test_the_json_feed_has_its_documented_keys(client, festival):
    edition, (_hall, _annex), _shorts, (evening, _late) = festival
    response = client.get(f"/programme/{edition.slug}/programme.json")
    assert response.status_code == 200
    feed = response.get_json()
    assert feed["edition"] == {
        "name": edition.name,
        "slug": edition.slug,
        "timezone": "America/New_York",
    }
    assert feed["revision"] == 1
    first = feed["screenings"][0]
    assert set(first) >= {
        "id", "uid", "status", "starts_at", "ends_at", "venue", "title", "section", "url",
        "sequence", "change", "films",
    }  # fmt: skip
    assert first["starts_at"] == "2027-10-30T19:30:00-04:00"
    assert datetime.fromisoformat(first["starts_at"]) == evening.starts_at
    assert first["venue"]["name"] == "Hall 1" and first["status"] == "confirmed"
    assert [film["title"] for film in first["films"]] == ["The Quiet Sea", "Neon Rain"]
    assert first["films"][0]["audience_notice"] == "end_credits"
    assert first["change"] is None


def test_a_feed_not_changed_answers_not_modified(client, festival):
    edition, _halls, _shorts, (evening, _late) = festival
    url = f"/programme/{edition.slug}/calendar.ics"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    rows.moved(evening, to=rows.local(edition, 2027, 10, 30, 21, 0))
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_the_feeds_are_gone_once_unpublished(client, festival):
    edition, *_ = festival
    publishing.unpublish(edition, actor=factories.make_user(Role.PROGRAMMER))
    db.session.commit()
    for url in ("calendar.ics", "programme.json"):
        assert client.get(f"/programme/{edition.slug}/{url}").status_code == 404


def test_the_second_half_past_one_of_the_night_the_clocks_go_back_keeps_its_instant(
    client, festival
):
    edition, (hall, _annex), *_ = festival
    solo = rows.entry(edition, "Second Hour")
    again = rows.screening(
        edition, hall, datetime(2027, 11, 7, 6, 30, tzinfo=UTC), of_entry=solo, minutes=30
    )  # 01:30 EST, an hour after the first 01:30
    db.session.commit()
    found = events(calendar_of(client, f"/programme/{edition.slug}/calendar.ics"))
    assert found["Second Hour"].decoded("dtstart").astimezone(UTC) == again.starts_at
    assert found["Neon Rain"].decoded("dtstart").astimezone(UTC) == datetime(
        2027, 11, 7, 5, 30, tzinfo=UTC
    )
