"""The one CSV writer of every export (round results today; programme and submissions next).

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (and, in some, `|` or `%`) as a
formula, so a film title can carry a formula into a programmer's spreadsheet. defusedcsv
prefixes such a cell with `'`, which spreadsheets show as text; we do the same for a cell that
starts with a tab or a carriage return, which some spreadsheets skip before reading a formula.
Numbers stay numbers: an int, float or Decimal is written as it is, and so is a string that is
only a number (`-0.5`, `1,200`), which defusedcsv recognises; `-2+3` is a formula and is prefixed.

The file is UTF-8 with a byte-order mark, so that Excel opens Hangul titles right, and its rows
end with CRLF as RFC 4180 asks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from io import StringIO

from defusedcsv import csv

_SKIPPED_BEFORE_A_FORMULA = ("\t", "\r")


def csv_document(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    """A CSV file of `rows` under a header of `columns`; None is an empty cell."""
    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _cell(value) for column, value in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_SKIPPED_BEFORE_A_FORMULA):
        return "'" + value
    return value
