"""Reading FilmFreeway's submissions export: its columns, its encodings, its durations and the
checks each row must pass. Pure functions of the file's bytes; `importing` maps and stores.

FilmFreeway exports 63 columns (`COLUMNS`, in its order). The list is taken from two public
importers of that export: a festival's PHP import of FilmFreeway's spreadsheet (the 63 names in
order, "Screenings Awards", "ISO Film") and a festival's pandas script over its CSV (the newer
spellings "Screenings / Awards" and "ISO / Film", and the extra "Submission Fee" and
"Submission Custom Field/Answer N" columns, which are read past). A file must hold the columns
the import reads (`READ_COLUMNS`); a missing one refuses the file, naming it.

Encodings: UTF-8 (with or without its byte-order mark), UTF-16 with its mark (Excel's "Unicode
text", tab-separated), and Excel's legacy code pages: Windows-1252, or CP949 for a Korean
Excel. Without a mark the bytes are tried as strict UTF-8, then CP949 when that reads as
Hangul, then Windows-1252; no detector is needed for these few. The delimiter (comma, tab or
semicolon) is the one under which the header names the most FilmFreeway columns.

A cell is data: one that looks like a formula (`=HYPERLINK(...)`) is kept as text, as typed;
the exports make it safe again on the way out (`festival.exports`)."""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from babel import Locale
from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum
from festival.films.enums import Genre
from festival.films.runtime import RuntimeFormatError, parse_runtime
from festival.refusals import Refusal

SOURCE = "filmfreeway"

COLUMNS: tuple[str, ...] = (
    "First Name",
    "Last Name",
    "Birthdate",
    "Gender",
    "Email",
    "Phone",
    "Address",
    "Address 2",
    "City",
    "State",
    "Postal Code",
    "Country",
    "Tracking Number",
    "Project Title",
    "Project Title (Original Language)",
    "Synopsis",
    "Synopsis (Original Language)",
    "Lyrics",
    "Duration",
    "Country of Origin",
    "Language",
    "Trailer URL",
    "Country of Filming",
    "Project Website",
    "Twitter",
    "Facebook",
    "Project Type",
    "Genres",
    "Student Project",
    "Completion Date",
    "Production Budget",
    "Shooting Format",
    "Aspect Ratio",
    "Film Color",
    "Camera",
    "Lens",
    "Focal Length",
    "Shutter Speed",
    "Aperture",
    "ISO / Film",
    "First-time Filmmaker",
    "Directors",
    "Writers",
    "Producers",
    "Key Cast",
    "Other Credits",
    "Submitter Statement",
    "Submitter Biography",
    "Rating",
    "Flag",
    "Submission Date",
    "Submission Status",
    "Judging Status",
    "Submission Deadlines",
    "Submission Categories",
    "Discount Code",
    "Submission Link",
    "Submission Password",
    "Assigned Judges",
    "Screenings / Awards",
    "Distributor Information",
    "Submission ID",
    "Submission Notes",
)
"""FilmFreeway's submissions export, in its order (sources in the module docstring)."""

SPELLINGS = {"Screenings Awards": "Screenings / Awards", "ISO Film": "ISO / Film"}
"""Older spellings of a column → the name used here."""

READ_COLUMNS = frozenset(
    {
        "First Name",
        "Last Name",
        "Email",
        "Phone",
        "Tracking Number",
        "Project Title",
        "Project Title (Original Language)",
        "Synopsis",
        "Duration",
        "Country of Origin",
        "Language",
        "Trailer URL",
        "Project Website",
        "Genres",
        "Completion Date",
        "Directors",
        "Writers",
        "Producers",
        "Key Cast",
        "Submission Date",
        "Submission Status",
        "Judging Status",
        "Submission Categories",
        "Screenings / Awards",
        "Submission ID",
    }
)
"""The columns the import reads; a file without one of them is refused."""

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL = 20_000
DELIMITERS = (",", "\t", ";")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_YEAR = re.compile(r"(18[89]\d|19\d\d|20\d\d|2100)")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y", "%b %d, %Y")
_DATE_FORMATS += ("%B %d, %Y", "%m/%d/%Y %H:%M", "%Y/%m/%d")


class FileRefusal(Refusal):
    """The file as a whole cannot be read; nothing in it is imported."""


class RowIssue(LabelledEnum):
    """Why a row is refused; the report shows the label and the detail (the bad value)."""

    NO_SUBMISSION_ID = "no_submission_id", _l("The Submission ID is empty.")
    DUPLICATE_ID = "duplicate_id", _l("The same Submission ID is on several lines of the file.")
    NO_TITLE = "no_title", _l("The Project Title is empty.")
    BAD_EMAIL = "bad_email", _l("The Email is not an email address.")
    BAD_DURATION = "bad_duration", _l("The Duration is not a running time (HH:MM:SS).")
    NO_YEAR = "no_year", _l("Neither the Completion Date nor the Submission Date gives a year.")
    NO_CATEGORY = "no_category", _l("The row names no Submission Category.")
    TOO_LONG = "too_long", _l("A cell is longer than the import takes.")
    UNKNOWN_CATEGORY = "unknown_category", _l("A category has no match in this edition.")
    REFUSED_CATEGORY = "refused_category", _l("A category is mapped to “refuse”.")
    REFUSED_STATUS = "refused_status", _l("Its status is mapped to “refuse”.")
    TRACKING_MISMATCH = (
        "tracking_mismatch",
        _l("This Submission ID was imported before with another Tracking Number."),
    )
    STATUS_UNREACHABLE = (
        "status_unreachable",
        _l("The entry's status here cannot move to the mapped one."),
    )
    INVALID = "invalid", _l("The film or the account could not be saved.")


@dataclass(frozen=True)
class Row:
    """One readable row of the export, its values as the import stores them."""

    line: int
    submission_id: str
    tracking_number: str
    first_name: str
    last_name: str
    email: str
    phone: str
    title: str
    original_title: str
    synopsis: str
    runtime_s: int
    year: int
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    genres: tuple[str, ...]
    directors: tuple[str, ...]
    writers: tuple[str, ...]
    producers: tuple[str, ...]
    cast: tuple[str, ...]
    submitted_on: date | None
    submission_status: str
    judging_status: str
    categories: tuple[str, ...]
    screenings_awards: str
    trailer_url: str
    website_url: str
    sha256: str
    """Of the row's cells, so a later file tells a changed row from an unchanged one."""

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def status_key(self) -> str:
        return status_key(self.submission_status, self.judging_status)

    @property
    def submitted_at(self) -> datetime | None:
        if self.submitted_on is None:
            return None
        return datetime(*self.submitted_on.timetuple()[:3], tzinfo=UTC)


@dataclass(frozen=True)
class RowProblem:
    line: int
    submission_id: str
    title: str
    issue: RowIssue
    detail: str = ""


@dataclass
class ParsedFile:
    encoding: str
    delimiter: str
    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    unread_columns: tuple[str, ...] = ()
    """FilmFreeway columns the file lacks that the import does not read (only reported)."""

    @property
    def row_count(self) -> int:
        return len(self.rows) + len(self.problems)


def status_key(submission_status: str, judging_status: str) -> str:
    """The pair of FilmFreeway statuses the mapping form names, e.g. `In Consideration /
    Selected`."""
    return f"{submission_status or '—'} / {judging_status or '—'}"


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in; FileRefusal for a binary file."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefusal(
            _l("This is an Excel workbook, not a CSV file: export the submissions as CSV.")
        )
    for mark, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark):
            return _checked(data, encoding), encoding
    try:
        return _checked(data, "utf-8"), "utf-8"
    except FileRefusal:
        pass
    try:
        text = _checked(data, "cp949")
        if any("\uac00" <= char <= "\ud7a3" for char in text):
            return text, "cp949"
    except FileRefusal:
        pass
    return _checked(data, "cp1252"), "cp1252"


def _checked(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise FileRefusal(
            _l("This file is not text in an encoding the import reads (UTF-8, UTF-16 or Excel's).")
        ) from error
    if "\x00" in text:
        raise FileRefusal(_l("This file is not a CSV file: it holds binary data."))
    return text


def read_file(data: bytes) -> ParsedFile:
    """Every row of a FilmFreeway export, read and checked (`RowProblem` for each row refused);
    FileRefusal when the file as a whole cannot be read."""
    if not data.strip():
        raise FileRefusal(_l("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise FileRefusal(
            _l(
                "The file is larger than %(megabytes)d MB; export fewer submissions at a time.",
                megabytes=MAX_FILE_BYTES // (1024 * 1024),
            )
        )
    text, encoding = decode(data)
    delimiter, header = _header(text)
    parsed = ParsedFile(encoding=encoding, delimiter=delimiter)
    parsed.unread_columns = tuple(c for c in COLUMNS if c not in header and c not in READ_COLUMNS)
    records = list(_records(text, delimiter, header))
    ids = Counter(record["Submission ID"] for _line, record in records)
    for line, record in records:
        if ids[record["Submission ID"]] > 1 and record["Submission ID"]:
            parsed.problems.append(
                _problem(line, record, RowIssue.DUPLICATE_ID, record["Submission ID"])
            )
            continue
        outcome = read_row(line, record)
        (parsed.rows if isinstance(outcome, Row) else parsed.problems).append(outcome)
    return parsed


def _header(text: str) -> tuple[str, dict[str, int]]:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    best: tuple[int, str, dict[str, int]] = (0, ",", {})
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        names = [SPELLINGS.get(cell, cell) for cell in (_column_name(c) for c in cells)]
        header = {name: index for index, name in reversed(list(enumerate(names)))}
        known = len(header.keys() & set(COLUMNS))
        if known > best[0]:
            best = (known, delimiter, header)
    known, delimiter, header = best
    if known < 3:
        raise FileRefusal(
            _l(
                "This is not FilmFreeway's submissions export: its first line names none of "
                "its columns."
            )
        )
    missing = sorted(READ_COLUMNS - header.keys(), key=COLUMNS.index)
    if missing:
        raise FileRefusal(
            _l("The file lacks these FilmFreeway columns: %(columns)s.", columns=", ".join(missing))
        )
    return delimiter, header


def _column_name(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split())


def _records(text: str, delimiter: str, header: dict[str, int]):
    """(line number, {column: cell}) for every row after the header that has any cell."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        next(reader)
        count = 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise FileRefusal(
                    _l(
                        "The file has more than %(count)d rows; import it in parts.",
                        count=MAX_ROWS,
                    )
                )
            yield (
                reader.line_num,
                {
                    name: _clean(cells[index]) if index < len(cells) else ""
                    for name, index in header.items()
                },
            )
    except csv.Error as error:
        raise FileRefusal(
            _l("The file is not valid CSV near line %(line)d.", line=reader.line_num)
        ) from error


def _clean(cell: str) -> str:
    return unicodedata.normalize("NFC", cell).strip()


def _problem(line: int, record: dict, issue: RowIssue, detail: str = "") -> RowProblem:
    return RowProblem(
        line=line,
        submission_id=record.get("Submission ID", ""),
        title=record.get("Project Title", "")[:300],
        issue=issue,
        detail=detail[:200],
    )


def read_row(line: int, record: dict[str, str]) -> Row | RowProblem:
    """One row's values, or the first reason it is refused."""
    if any(len(value) > MAX_CELL for value in record.values()):
        return _problem(line, record, RowIssue.TOO_LONG)
    if not record["Submission ID"]:
        return _problem(line, record, RowIssue.NO_SUBMISSION_ID)
    if len(record["Submission ID"]) > 64 or len(record["Tracking Number"]) > 64:
        return _problem(line, record, RowIssue.TOO_LONG, record["Submission ID"][:64])
    title = record["Project Title"]
    if not title:
        return _problem(line, record, RowIssue.NO_TITLE)
    if len(title) > 300 or len(record["Project Title (Original Language)"]) > 300:
        return _problem(line, record, RowIssue.TOO_LONG, title[:80])
    email = record["Email"].lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        return _problem(line, record, RowIssue.BAD_EMAIL, record["Email"])
    try:
        runtime_s = parse_duration(record["Duration"])
    except ValueError:
        return _problem(line, record, RowIssue.BAD_DURATION, record["Duration"])
    submitted_on = parse_date(record["Submission Date"])
    year = _year(record["Completion Date"]) or (submitted_on.year if submitted_on else None)
    if year is None:
        return _problem(line, record, RowIssue.NO_YEAR, record["Completion Date"])
    categories = tuple(split_list(record["Submission Categories"]))
    if not categories:
        return _problem(line, record, RowIssue.NO_CATEGORY)
    original = record["Project Title (Original Language)"]
    return Row(
        line=line,
        submission_id=record["Submission ID"],
        tracking_number=record["Tracking Number"],
        first_name=record["First Name"][:100],
        last_name=record["Last Name"][:100],
        email=email,
        phone=record["Phone"][:50],
        title=title,
        original_title=original if original and original != title else "",
        synopsis=record["Synopsis"],
        runtime_s=runtime_s,
        year=year,
        countries=tuple(split_list(record["Country of Origin"])),
        languages=tuple(split_list(record["Language"])),
        genres=tuple(split_list(record["Genres"])),
        directors=tuple(split_list(record["Directors"])),
        writers=tuple(split_list(record["Writers"])),
        producers=tuple(split_list(record["Producers"])),
        cast=tuple(split_list(record["Key Cast"])),
        submitted_on=submitted_on,
        submission_status=record["Submission Status"],
        judging_status=record["Judging Status"],
        categories=categories,
        screenings_awards=record["Screenings / Awards"],
        trailer_url=record["Trailer URL"],
        website_url=record["Project Website"],
        sha256=row_digest(record),
    )


def row_digest(record: dict[str, str]) -> str:
    joined = "\x1f".join(f"{name}\x1e{record.get(name, '')}" for name in sorted(READ_COLUMNS))
    return hashlib.sha256(joined.encode()).hexdigest()


def parse_duration(text: str) -> int:
    """Seconds from FilmFreeway's `HH:MM:SS` (or `MM:SS`); ValueError if it is not one."""
    if ":" not in text:
        raise ValueError(text)
    try:
        return parse_runtime(text)
    except RuntimeFormatError as error:
        raise ValueError(text) from error


def parse_date(text: str) -> date | None:
    """The day of a FilmFreeway date or timestamp, or None when it reads as none of them."""
    text = text.strip()
    for layout in _DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match[1]) if match else None


def split_list(cell: str) -> list[str]:
    """A FilmFreeway list cell's items: split on commas outside parentheses, so a category
    named "Short (under 40 min, any genre)" stays one; blanks and repeats dropped."""
    items, depth, current = [], 0, []
    for char in cell:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char in ",\n" and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


# FilmFreeway names countries, languages and genres in English words; the films store codes.

COUNTRY_ALIASES = {
    "korea, republic of": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "russian federation": "RU",
    "viet nam": "VN",
}
GENRE_ALIASES = {"sci-fi": "science_fiction", "science fiction": "science_fiction"}


@functools.cache
def _english_names() -> tuple[dict[str, str], dict[str, str]]:
    english = Locale("en")
    countries = {
        name.casefold(): code
        for code, name in english.territories.items()
        if len(code) == 2 and code.isalpha()
    }
    languages = {
        name.casefold(): code for code, name in english.languages.items() if len(code) == 2
    }
    return {**countries, **COUNTRY_ALIASES}, languages


def country_codes(names) -> list[str]:
    """ISO 3166 codes of FilmFreeway's country names; a name without one is kept as written."""
    known = _english_names()[0]
    return list(dict.fromkeys(known.get(name.casefold(), name)[:60] for name in names))


def language_codes(names) -> list[str]:
    """ISO 639-1 codes of FilmFreeway's language names ("Modern Greek (1453-)" reads as
    "Modern Greek"); a name without one is kept as written."""
    known = _english_names()[1]
    codes = []
    for name in names:
        plain = re.sub(r"\s*\(.*\)$", "", name).casefold()
        codes.append(known.get(plain) or known.get(plain.removeprefix("modern ")) or name[:60])
    return list(dict.fromkeys(codes))


def genre_values(names) -> list[str]:
    """The site's genre values for FilmFreeway's genre words; others are kept as written."""
    by_label = {genre.value.replace("_", " "): genre.value for genre in Genre}
    return list(
        dict.fromkeys(
            GENRE_ALIASES.get(name.casefold()) or by_label.get(name.casefold()) or name[:60]
            for name in names
        )
    )
