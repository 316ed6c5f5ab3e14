import pytest

from festival.films.runtime import RuntimeFormatError, format_runtime, parse_runtime


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("12", 720),
        ("12:30", 750),
        ("90:05", 5405),
        ("1:32:10", 5530),
        ("01:02:03", 3723),
        (" \uff11\uff12:\uff13\uff10 ", 750),  # full-width digits from an East Asian keyboard
    ],
)
def test_runtime_is_read_as_minutes_mm_ss_or_hh_mm_ss(typed, seconds):
    assert parse_runtime(typed) == seconds


@pytest.mark.parametrize("typed", ["", "twelve", "12.5", "1:2", "12:30:00:00", "-5", "12m"])
def test_anything_else_is_refused_with_the_accepted_formats(typed):
    with pytest.raises(RuntimeFormatError, match="Enter minutes"):
        parse_runtime(typed)


def test_seconds_and_minutes_above_59_are_refused():
    with pytest.raises(RuntimeFormatError, match="up to 59"):
        parse_runtime("12:75")
    with pytest.raises(RuntimeFormatError, match="up to 59"):
        parse_runtime("1:60:00")


def test_zero_and_more_than_a_day_are_refused():
    with pytest.raises(RuntimeFormatError, match="at least one second"):
        parse_runtime("0:00")
    with pytest.raises(RuntimeFormatError, match="24 hours"):
        parse_runtime("25:00:00")


@pytest.mark.parametrize(("seconds", "shown"), [(750, "12:30"), (5530, "1:32:10"), (59, "0:59")])
def test_runtime_is_shown_the_way_it_is_typed(seconds, shown):
    assert format_runtime(seconds) == shown
    assert parse_runtime(shown) == seconds
