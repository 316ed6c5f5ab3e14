"""The one way a moment is shown: a day, a time and the zone's name, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from festival.time_zones import is_time_zone, viewer_time_zone, zoned_time

MOMENT = datetime(2026, 12, 3, 18, 2, tzinfo=UTC)  # 3:02 AM on the 4th in Seoul


@pytest.mark.parametrize(
    ("zone", "locale", "shown"),
    [
        ("UTC", "en", "Dec 3, 2026, 6:02\u202fPM (UTC)"),
        ("Asia/Seoul", "en", "Dec 4, 2026, 3:02\u202fAM (Korean Standard Time)"),
        ("UTC", "ko", "2026. 12. 3. 오후 6:02 (UTC)"),
        ("Asia/Seoul", "ko", "2026. 12. 4. 오전 3:02 (한국 표준시)"),
        ("America/New_York", "en", "Dec 3, 2026, 1:02\u202fPM (EST)"),
        ("America/New_York", "ko", "2026. 12. 3. 오후 1:02 (미 동부 표준시)"),
        ("Etc/GMT+5", "en", "Dec 3, 2026, 1:02\u202fPM (GMT-05:00)"),
    ],
)
def test_a_moment_reads_on_the_zones_clock_and_names_the_zone(zone, locale, shown):
    assert zoned_time(MOMENT, zone, locale) == shown


def test_the_zone_name_follows_summer_time():
    july = datetime(2026, 7, 3, 18, 2, tzinfo=UTC)
    assert zoned_time(july, "America/New_York", "en") == "Jul 3, 2026, 2:02\u202fPM (EDT)"


def test_a_naive_moment_is_read_as_utc_and_no_moment_shows_nothing():
    naive = MOMENT.replace(tzinfo=None)
    assert zoned_time(naive, "Asia/Seoul", "en") == zoned_time(MOMENT, "Asia/Seoul", "en")
    assert zoned_time(None, "Asia/Seoul", "en") == ""


def test_without_a_zone_the_viewer_reads_the_sites_default(app):
    with app.test_request_context():
        assert viewer_time_zone() == app.config["BABEL_DEFAULT_TIMEZONE"] == "UTC"
        assert zoned_time(MOMENT, locale="en") == "Dec 3, 2026, 6:02\u202fPM (UTC)"


@pytest.mark.parametrize(
    ("name", "known"),
    [("Asia/Seoul", True), ("UTC", True), ("Mars/Olympus", False), ("", False), (None, False)],
)
def test_only_iana_names_are_time_zones(name, known):
    assert is_time_zone(name) is known
