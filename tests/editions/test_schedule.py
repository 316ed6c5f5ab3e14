"""Fee tiers follow the date in the edition's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from festival.editions.enums import CallState
from festival.editions.models import Deadline, Edition
from festival.editions.schedule import (
    call_state,
    current_deadline,
    current_fee,
    deadline_end,
    is_open,
    opens_at,
)

KST = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


def edition_in(timezone: str, *deadlines: tuple[str, date, int], **fields) -> Edition:
    """An edition kept in memory: the schedule reads only its fields."""
    return Edition(
        timezone=timezone,
        opens_on=fields.pop("opens_on", date(2027, 1, 1)),
        is_published=fields.pop("is_published", True),
        deadlines=[Deadline(name=n, last_day_on=d, fee_cents=f) for n, d, f in deadlines],
        **fields,
    )


SEOUL_TIERS = (
    ("Early", date(2027, 3, 31), 30_000),
    ("Regular", date(2027, 4, 30), 50_000),
    ("Late", date(2027, 5, 31), 70_000),
)


def test_deadline_ends_at_midnight_after_its_last_local_day():
    edition = edition_in("Asia/Seoul", *SEOUL_TIERS)
    assert deadline_end(edition, edition.deadlines[0]) == datetime(2027, 3, 31, 15, 0, tzinfo=UTC)


def test_half_past_eleven_kst_on_the_early_last_day_is_early():
    edition = edition_in("Asia/Seoul", *SEOUL_TIERS)
    now = datetime(2027, 3, 31, 23, 30, tzinfo=KST)
    assert current_deadline(edition, now).name == "Early"
    assert current_fee(edition, now) == 30_000


def test_half_past_midnight_kst_next_day_is_regular_though_utc_is_still_the_early_day():
    edition = edition_in("Asia/Seoul", *SEOUL_TIERS)
    now = datetime(2027, 4, 1, 0, 30, tzinfo=KST)
    assert now.astimezone(UTC).date() == date(2027, 3, 31)
    assert current_deadline(edition, now).name == "Regular"
    assert current_fee(edition, now) == 50_000


def test_the_same_instant_is_in_different_tiers_in_different_time_zones():
    now = datetime(2027, 3, 31, 16, 0, tzinfo=UTC)  # 1 April in Seoul, 31 March in New York
    assert current_deadline(edition_in("Asia/Seoul", *SEOUL_TIERS), now).name == "Regular"
    assert current_deadline(edition_in("America/New_York", *SEOUL_TIERS), now).name == "Early"


def test_deadlines_are_read_in_date_order_whatever_the_list_order():
    edition = edition_in("Asia/Seoul", *reversed(SEOUL_TIERS))
    assert current_deadline(edition, datetime(2027, 4, 2, tzinfo=KST)).name == "Regular"


def test_new_york_deadlines_follow_daylight_saving_time():
    edition = edition_in(
        "America/New_York",
        ("Before the change", date(2027, 3, 13), 10_00),
        ("Day of the change", date(2027, 3, 14), 20_00),
        ("Autumn", date(2027, 11, 7), 30_00),
    )
    before, spring, autumn = edition.deadlines
    assert deadline_end(edition, before) == datetime(2027, 3, 14, 5, 0, tzinfo=UTC)  # EST
    assert deadline_end(edition, spring) == datetime(2027, 3, 15, 4, 0, tzinfo=UTC)  # EDT
    assert deadline_end(edition, spring) - deadline_end(edition, before) == timedelta(hours=23)
    assert deadline_end(edition, autumn) == datetime(2027, 11, 8, 5, 0, tzinfo=UTC)
    last_minute = datetime(2027, 3, 14, 23, 59, tzinfo=NEW_YORK)
    assert current_deadline(edition, last_minute) is spring
    assert current_deadline(edition, last_minute + timedelta(minutes=1)) is autumn


def test_a_day_whose_midnight_is_skipped_by_dst_ends_at_the_jump():
    # Chile moved its clocks from 00:00 to 01:00 on 8 September 2024: that midnight never was.
    edition = edition_in("America/Santiago", ("Only", date(2024, 9, 7), 0))
    assert deadline_end(edition, edition.deadlines[0]) == datetime(2024, 9, 8, 4, 0, tzinfo=UTC)


def test_the_call_closes_when_the_last_deadline_ends():
    edition = edition_in("Asia/Seoul", *SEOUL_TIERS)
    last_moment = datetime(2027, 5, 31, 23, 59, 59, tzinfo=KST)
    assert is_open(edition, last_moment)
    closed = datetime(2027, 6, 1, 0, 0, tzinfo=KST)
    assert current_deadline(edition, closed) is None
    assert current_fee(edition, closed) is None
    assert not is_open(edition, closed)
    assert call_state(edition, closed) is CallState.CLOSED


def test_the_call_opens_at_the_start_of_its_opening_day_in_its_time_zone():
    edition = edition_in("Asia/Seoul", *SEOUL_TIERS, opens_on=date(2027, 1, 10))
    assert opens_at(edition) == datetime(2027, 1, 9, 15, 0, tzinfo=UTC)
    assert call_state(edition, datetime(2027, 1, 9, 23, 59, tzinfo=KST)) is CallState.UPCOMING
    assert not is_open(edition, datetime(2027, 1, 9, 23, 59, tzinfo=KST))
    assert is_open(edition, datetime(2027, 1, 10, 0, 0, tzinfo=KST))


def test_an_unpublished_or_archived_edition_is_not_open_whatever_the_date():
    now = datetime(2027, 2, 1, tzinfo=KST)
    draft = edition_in("Asia/Seoul", *SEOUL_TIERS, is_published=False)
    archived = edition_in("Asia/Seoul", *SEOUL_TIERS, archived_at=datetime(2027, 1, 5, tzinfo=UTC))
    assert call_state(draft, now) is CallState.DRAFT
    assert call_state(archived, now) is CallState.ARCHIVED
    assert not is_open(draft, now)
    assert not is_open(archived, now)


def test_an_edition_without_deadlines_is_closed():
    edition = edition_in("Asia/Seoul")
    assert call_state(edition, datetime(2027, 2, 1, tzinfo=KST)) is CallState.CLOSED


def test_a_naive_now_is_refused():
    edition = edition_in("Asia/Seoul", *SEOUL_TIERS)
    with pytest.raises(ValueError):
        current_deadline(edition, datetime(2027, 3, 31, 12, 0))
