"""Reading FilmFreeway's export: columns, encodings, durations and the checks of each row."""

from __future__ import annotations

import pytest

from festival.programming import filmfreeway
from festival.programming.filmfreeway import COLUMNS, FileRefusal, RowIssue
from tests.programming.filmfreeway_export import export_file, export_of, export_row


def korean_rows(count: int) -> list[dict]:
    """Rows a Korean Excel can save in CP949: Hangul and ASCII only."""
    return [export_row(3 * n) for n in range(1, count + 1)]


def test_the_header_list_has_filmfreeways_63_columns():
    assert len(COLUMNS) == 63 == len(set(COLUMNS))
    assert set(COLUMNS) >= filmfreeway.READ_COLUMNS


def test_a_realistic_export_reads_every_row_with_its_values(app_ctx):
    parsed = filmfreeway.read_file(
        export_of(30, categories=("AI Short", "Experimental (any, all)"))
    )
    assert (parsed.encoding, parsed.delimiter, len(parsed.rows), parsed.problems) == (
        "utf-8",
        ",",
        30,
        [],
    )
    row = parsed.rows[2]  # submission 3: Hangul
    assert (row.first_name, row.last_name, row.original_title) == ("도윤", "최", "마지막 빛 3")
    assert row.runtime_s == 5 * 60 + 3
    assert row.categories == ("AI Short", "Experimental (any, all)")
    assert row.status_key == "In Consideration / Undecided"
    assert filmfreeway.country_codes(row.countries) == ["KR"]
    assert filmfreeway.language_codes(row.languages) == ["ko"]
    assert filmfreeway.language_codes(["Modern Greek (1453-)"]) == ["el"]
    assert filmfreeway.genre_values(["Sci-Fi", "Drama", "Mumblecore"]) == [
        "science_fiction",
        "drama",
        "Mumblecore",
    ]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-16", "\t"), ("utf-16", ","), ("cp949", ","), ("utf-8", ";")],
)
def test_each_encoding_excel_writes_is_read(app_ctx, encoding, delimiter):
    data = export_file(korean_rows(4), encoding=encoding, delimiter=delimiter)
    parsed = filmfreeway.read_file(data)
    assert [row.first_name for row in parsed.rows] == ["도윤", "서연", "민준", "지은"]
    assert parsed.delimiter == delimiter


def test_windows_1252_is_read_when_the_bytes_are_not_utf8(app_ctx):
    rows = [export_row(1, **{"First Name": "Zoë", "Synopsis": "Café — crème"})]
    parsed = filmfreeway.read_file(export_file(rows, encoding="cp1252"))
    assert parsed.encoding == "cp1252"
    assert (parsed.rows[0].first_name, parsed.rows[0].synopsis) == ("Zoë", "Café — crème")


def test_the_older_spelling_of_screenings_awards_is_taken(app_ctx):
    columns = [("Screenings Awards" if c == "Screenings / Awards" else c) for c in COLUMNS]
    row = export_row(1)
    row["Screenings Awards"] = row.pop("Screenings / Awards")
    parsed = filmfreeway.read_file(export_file([row], columns=columns))
    assert parsed.rows[0].screenings_awards == "Busan 2026 - Official Selection"


def test_a_missing_column_refuses_the_file_naming_it(app_ctx):
    columns = [c for c in COLUMNS if c != "Duration"]
    with pytest.raises(FileRefusal, match="Duration"):
        filmfreeway.read_file(export_file([export_row(1)], columns=columns))


def test_a_missing_unread_column_is_only_reported(app_ctx):
    columns = [c for c in COLUMNS if c != "Lens"]
    parsed = filmfreeway.read_file(export_file([export_row(1)], columns=columns))
    assert len(parsed.rows) == 1 and parsed.unread_columns == ("Lens",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (b"PK\x03\x04 workbook", "Excel workbook"),
        (b"name,age\nAna,3\n", "not FilmFreeway"),
        (b"\x00\x01\x02binary" * 10, "binary"),
    ],
)
def test_a_file_that_is_not_the_export_gets_a_clear_message(app_ctx, data, message):
    with pytest.raises(FileRefusal, match=message):
        filmfreeway.read_file(data)


def test_too_large_and_too_many_rows_are_refused(app_ctx, monkeypatch):
    with pytest.raises(FileRefusal, match="larger than 20 MB"):
        filmfreeway.read_file(b"x" * (filmfreeway.MAX_FILE_BYTES + 1))
    monkeypatch.setattr(filmfreeway, "MAX_ROWS", 3)
    with pytest.raises(FileRefusal, match="more than 3 rows"):
        filmfreeway.read_file(export_of(4))


def test_bad_rows_are_refused_one_by_one_with_their_reason(app_ctx):
    rows = [
        export_row(1),
        export_row(2, Duration="ninety minutes"),
        export_row(3, Duration="00:61:00"),
        export_row(4, **{"Submission ID": ""}),
        export_row(5, Email="not-an-address"),
        export_row(6, **{"Project Title": ""}),
        export_row(7, **{"Submission ID": "9000001"}),  # the same ID as row 1
        export_row(8, **{"Submission Categories": ""}),
        export_row(9, **{"Completion Date": "", "Submission Date": "someday"}),
        export_row(10),
    ]
    parsed = filmfreeway.read_file(export_file(rows))
    assert [row.submission_id for row in parsed.rows] == ["9000010"]
    assert [(p.line, p.issue) for p in parsed.problems] == [
        (2, RowIssue.DUPLICATE_ID),
        (3, RowIssue.BAD_DURATION),
        (4, RowIssue.BAD_DURATION),
        (5, RowIssue.NO_SUBMISSION_ID),
        (6, RowIssue.BAD_EMAIL),
        (7, RowIssue.NO_TITLE),
        (8, RowIssue.DUPLICATE_ID),
        (9, RowIssue.NO_CATEGORY),
        (10, RowIssue.NO_YEAR),
    ]
    assert parsed.problems[1].detail == "ninety minutes"


def test_formula_looking_cells_stay_text_as_typed(app_ctx):
    row = export_row(
        1, **{"Project Title": '=HYPERLINK("http://x.test","Win")', "Synopsis": "+1 2"}
    )
    parsed = filmfreeway.read_file(export_file([row]))
    assert parsed.rows[0].title == '=HYPERLINK("http://x.test","Win")'
    assert parsed.rows[0].synopsis == "+1 2"


@pytest.mark.parametrize(
    ("text", "seconds"), [("00:12:30", 750), ("1:32:10", 5530), ("12:30", 750)]
)
def test_durations(text, seconds):
    assert filmfreeway.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "90", "00:00:00", "00:99:00", "1:2:3", "25:00:00"])
def test_broken_durations(app_ctx, text):
    with pytest.raises(ValueError):
        filmfreeway.parse_duration(text)


def test_list_cells_split_on_commas_outside_parentheses():
    assert filmfreeway.split_list("Short (under 40 min, any genre), Animation, Animation") == [
        "Short (under 40 min, any genre)",
        "Animation",
    ]
