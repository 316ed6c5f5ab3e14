from fractions import Fraction

import pytest

from festival.disclosure.timecode import (
    TimecodeError,
    exact_frame_rate,
    format_timecode,
    parse_timecode,
)


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("00:41:10", 2_470_000),
        ("01:02:03", 3_723_000),
        ("1:02:03", 3_723_000),
        ("00:00:01.5", 1_500),
        ("00:00:01.05", 1_050),
        ("00:00:01.005", 1_005),
        ("00:00:01,250", 1_250),
        ("41:10", 2_470_000),
        ("5:30", 330_000),
        ("05:30.25", 330_250),
        ("  00:00:10  ", 10_000),
        ("\uff10\uff10\uff1a\uff10\uff10\uff1a\uff11\uff10", 10_000),  # full-width, from an IME,
    ],
)
def test_timecodes_without_frames_are_read_as_real_time(text, ms):
    assert parse_timecode(text) == ms


@pytest.mark.parametrize(
    ("text", "rate", "ms"),
    [
        ("00:00:01:12", 24, 1_500),
        ("00:00:01:00", 25, 1_000),
        ("00:00:00:24", 25, 960),
        ("00:00:10:15", Fraction(30), 10_500),
        ("00:00:00:59", 60, 983),
    ],
)
def test_frames_count_at_the_films_frame_rate(text, rate, ms):
    assert parse_timecode(text, frame_rate=rate) == ms


def test_ntsc_non_drop_frame_counts_at_the_nominal_rate_and_plays_slower():
    # frame 86,400 at 24000/1001 fps plays 3.6 s after the hour
    assert parse_timecode("01:00:00:00", frame_rate=23.976) == 3_603_600
    assert parse_timecode("01:00:00:00", frame_rate=Fraction(24000, 1001)) == 3_603_600
    assert parse_timecode("01:00:00:00", frame_rate="23.976") == 3_603_600
    assert parse_timecode("00:00:00:23", frame_rate=23.976) == 959


def test_drop_frame_timecode_stays_near_the_clock():
    assert parse_timecode("00:01:00;02", frame_rate=29.97) == 60_060
    assert parse_timecode("00:10:00;00", frame_rate=29.97) == 599_999
    assert parse_timecode("01:00:00;00", frame_rate=29.97) == 3_599_996
    assert parse_timecode("00:10:00;00", frame_rate=59.94) == 599_999


def test_ntsc_rates_are_recognised_from_their_usual_names():
    assert exact_frame_rate(23.976) == Fraction(24000, 1001)
    assert exact_frame_rate("29.97") == Fraction(30000, 1001)
    assert exact_frame_rate(59.94) == Fraction(60000, 1001)
    assert exact_frame_rate(25) == 25
    assert exact_frame_rate(12.5) == Fraction(25, 2)
    with pytest.raises(ValueError):
        exact_frame_rate(0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1:2:3:4:5",
        "12",
        "1:2",
        "00:00:01.1234",
        "00:00:01.",
        "-00:00:01",
        "00:41:10 - 00:42:05",
        "100:00:00",
        "00:00:01:5",
    ],
)
def test_anything_else_is_refused_with_the_accepted_formats(app_ctx, text):
    with pytest.raises(TimecodeError) as caught:
        parse_timecode(text, frame_rate=24)
    assert "HH:MM:SS" in str(caught.value.message)


def test_none_is_refused_like_empty_text(app_ctx):
    with pytest.raises(TimecodeError):
        parse_timecode(None)


@pytest.mark.parametrize("text", ["00:61:00", "00:00:60", "60:00", "01:60:00.5"])
def test_minutes_and_seconds_stop_at_59(app_ctx, text):
    with pytest.raises(TimecodeError) as caught:
        parse_timecode(text)
    assert "59" in str(caught.value)


def test_frames_need_the_frame_rate(app_ctx):
    with pytest.raises(TimecodeError) as caught:
        parse_timecode("00:00:01:12")
    assert "frame rate" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "rate", "limit"),
    [("00:00:01:24", 24, "24"), ("00:00:01:25", 25, "25"), ("00:00:01:24", 23.976, "24")],
)
def test_frames_must_be_below_the_rate(app_ctx, text, rate, limit):
    with pytest.raises(TimecodeError) as caught:
        parse_timecode(text, frame_rate=rate)
    assert f"below {limit}" in str(caught.value)


def test_the_frame_limit_names_an_ntsc_rate_by_its_usual_name(app_ctx):
    with pytest.raises(TimecodeError) as caught:
        parse_timecode("00:00:01:30", frame_rate=29.97)
    assert "29.97 fps" in str(caught.value)


def test_drop_frame_is_refused_at_other_rates(app_ctx):
    with pytest.raises(TimecodeError) as caught:
        parse_timecode("00:01:00;02", frame_rate=25)
    assert "29.97" in str(caught.value)


def test_skipped_drop_frame_numbers_are_refused(app_ctx):
    with pytest.raises(TimecodeError):
        parse_timecode("00:01:00;00", frame_rate=29.97)
    with pytest.raises(TimecodeError):
        parse_timecode("00:01:00;03", frame_rate=59.94)
    assert parse_timecode("00:10:00;00", frame_rate=29.97)  # every tenth minute keeps them


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "00:00:00"),
        (2_470_000, "00:41:10"),
        (1_500, "00:00:01.500"),
        (3_723_004, "01:02:03.004"),
        (360_000_000, "100:00:00"),
    ],
)
def test_format_timecode_adds_milliseconds_only_when_there_are_some(ms, text):
    assert format_timecode(ms) == text


@pytest.mark.parametrize("ms", [0, 1, 999, 59_999, 2_470_000, 3_723_004])
def test_formatted_timecodes_read_back_to_the_same_time(ms):
    assert parse_timecode(format_timecode(ms)) == ms


def test_negative_times_cannot_be_formatted():
    with pytest.raises(ValueError):
        format_timecode(-1)
