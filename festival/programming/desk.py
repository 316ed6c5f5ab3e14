"""The desk's list: filters read from the query string, the query they make, its sort and its
pages. Everything reads `DeskRow`, so a page of an edition of 20,000 entries is two indexed
queries (the page and the count).

Parsing is pure: `parse_filters(edition, args)` turns the URL's arguments into values and, for
each argument it cannot read (an unknown status, a malformed number), an error message under
that argument's name; the other filters still apply. The filter stays in the URL as typed, so
a list can be shared and the page can show the mistake beside its field."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_
from sqlalchemy.orm import defer
from sqlalchemy.sql.elements import ColumnElement

from festival.disclosure.enums import Element, Extent
from festival.editions.models import Edition
from festival.extensions import db
from festival.films import iso_codes
from festival.media.qc import QCStatus
from festival.programming import search
from festival.programming.desk_rows import fenced, fold
from festival.programming.models import DeskRow
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

PAGE_SIZE = 50
NO_QC = "none"
"""The QC filter's value for entries without a checked screener."""
FEE_STATES = {
    "paid": _l("Paid"),
    "unpaid": _l("Not paid"),
    "waived": _l("Waived"),
}
YES_NO = {"yes": _l("Yes"), "no": _l("No")}

SORTS: dict[str, ColumnElement] = {
    "title": DeskRow.sort_title,
    "filmmaker": DeskRow.filmmaker,
    "category": DeskRow.category_id,
    "status": DeskRow.status,
    "country": DeskRow.countries,
    "runtime": DeskRow.runtime_s,
    "deadline": DeskRow.deadline_id,
    "fee": DeskRow.fee_cents,
    "ai_share": DeskRow.ai_share,
    "qc": DeskRow.qc,
    "rating": DeskRow.screening_mean,
    "jury": DeskRow.jury_mean,
    "calibrated": DeskRow.jury_calibrated,
    "conflicts": DeskRow.conflicts,
    "submitted": DeskRow.submitted_at,
}
DEFAULT_SORT = "submitted"


@dataclass
class ParsedFilters:
    """The desk's filter as read from a query string."""

    values: dict[str, object] = field(default_factory=dict)
    """Filter name → its parsed value (only the filters given and valid)."""
    raw: dict[str, list[str]] = field(default_factory=dict)
    """Every non-empty argument as given: the form shows it again, links carry it on."""
    errors: dict[str, str] = field(default_factory=dict)
    """Filter name → why its value was not understood."""
    sort: str = DEFAULT_SORT
    descending: bool = False
    page: int = 1

    def query_string(self, **changes: str | int | None) -> str:
        """The filter as a query string, with `changes` (a None drops the argument)."""
        args = {name: list(values) for name, values in self.raw.items()}
        for name, value in changes.items():
            if value is None:
                args.pop(name, None)
            else:
                args[name] = [str(value)]
        return urlencode([(name, value) for name, values in args.items() for value in values])

    def without_page(self) -> str:
        return self.query_string(page=None)

    def sorted_by(self, key: str) -> str:
        """The query string sorting by `key`; the current key turns its direction over."""
        descending = key == self.sort and not self.descending
        return self.query_string(sort=f"-{key}" if descending else key, page=None)

    def first(self, name: str) -> str:
        values = self.raw.get(name)
        return values[0] if values else ""


# --- parsing --------------------------------------------------------------------------------


class Invalid(ValueError):
    """A value a filter cannot read; the message is shown beside it."""


Parser = Callable[[Edition, list[str]], object]


def _ids(kind: str) -> Parser:
    def parse(edition: Edition, values: list[str]) -> list[int]:
        known = {item.id for item in getattr(edition, kind)}
        ids = []
        for value in values:
            if not value.isdigit() or int(value) not in known:
                raise Invalid(_l("Unknown choice: %(value)s", value=value))
            ids.append(int(value))
        return ids

    return parse


def _statuses(edition: Edition, values: list[str]) -> list[SubmissionStatus]:
    try:
        return [SubmissionStatus(value) for value in values]
    except ValueError:
        bad = next(v for v in values if v not in {s.value for s in SubmissionStatus})
        raise Invalid(_l("Unknown status: %(value)s", value=bad)) from None


def _codes(choices: Callable[[], tuple[tuple[str, str], ...]]) -> Parser:
    def parse(edition: Edition, values: list[str]) -> list[str]:
        known = {code for code, _name in choices()}
        for value in values:
            if value not in known:
                raise Invalid(_l("Unknown code: %(value)s", value=value))
        return values

    return parse


def _number(low: float, high: float, *, scale: float = 1.0) -> Parser:
    def parse(edition: Edition, values: list[str]) -> float:
        try:
            number = float(values[-1].replace(",", "."))
        except ValueError:
            raise Invalid(_l("Not a number: %(value)s", value=values[-1])) from None
        if not math.isfinite(number) or not low <= number <= high:
            raise Invalid(_l("Give a number from %(low)s to %(high)s.", low=low, high=high))
        return number * scale

    return parse


def _one_of(choices) -> Parser:
    def parse(edition: Edition, values: list[str]) -> str:
        if values[-1] not in choices:
            raise Invalid(_l("Unknown choice: %(value)s", value=values[-1]))
        return values[-1]

    return parse


def _extents(edition: Edition, values: list[str]) -> list[tuple[Element, Extent]]:
    """`element:extent` pairs, each read as "this element at this extent or more"."""
    pairs = []
    for value in values:
        element, _, extent = value.partition(":")
        try:
            pairs.append((Element(element), Extent(extent)))
        except ValueError:
            raise Invalid(_l("Unknown element or extent: %(value)s", value=value)) from None
    return pairs


def _words(limit: int) -> Parser:
    def parse(edition: Edition, values: list[str]) -> list[str]:
        words = [" ".join(fold(value).split()) for value in values]
        if any(len(word) > limit for word in words):
            raise Invalid(_l("Keep it under %(count)d characters.", count=limit))
        return [word for word in words if word]

    return parse


def _text(limit: int) -> Parser:
    def parse(edition: Edition, values: list[str]) -> str:
        text = " ".join(values[-1].split())
        if len(text) > limit:
            raise Invalid(_l("Keep it under %(count)d characters.", count=limit))
        return text

    return parse


PARSERS: dict[str, Parser] = {
    "q": _text(200),
    "category": _ids("categories"),
    "status": _statuses,
    "country": _codes(iso_codes.country_choices),
    "language": _codes(iso_codes.language_choices),
    "runtime_min": _number(0, 10_000, scale=60),
    "runtime_max": _number(0, 10_000, scale=60),
    "deadline": _ids("deadlines"),
    "fee": _one_of(FEE_STATES),
    "ai_min": _number(0, 100, scale=0.01),
    "ai_max": _number(0, 100, scale=0.01),
    "extent": _extents,
    "tool": _words(100),
    "qc": _one_of({*(status.value for status in QCStatus), NO_QC}),
    "rating_min": _number(-1000, 1000),
    "tag": _words(40),
    "jury_min": _number(-1000, 1000),
    "calibrated_min": _number(-1000, 1000),
    "conflicts": _one_of(YES_NO),
}
"""Each filter by its argument name; minutes and percentages are stored as seconds and shares."""


def _arguments(args: Mapping[str, str | list[str]]) -> dict[str, list[str]]:
    """Every argument's non-empty values, whether `args` is a MultiDict or a plain mapping."""
    raw: dict[str, list[str]] = {}
    for name in args:
        values = args.getlist(name) if hasattr(args, "getlist") else args[name]
        values = [values] if isinstance(values, str) else list(values)
        values = [value.strip() for value in values if value and value.strip()]
        if values:
            raw[name] = values
    return raw


def parse_filters(edition: Edition, args: Mapping[str, str | list[str]]) -> ParsedFilters:
    """The desk's filter, sort and page from query arguments; unreadable values are reported
    in `.errors` under their argument's name and left out of the filter."""
    raw = {
        name: values
        for name, values in _arguments(args).items()
        if name in PARSERS or name in ("sort", "page")
    }
    parsed = ParsedFilters(raw=raw)
    for name, parse in PARSERS.items():
        if name in raw:
            try:
                parsed.values[name] = parse(edition, raw[name])
            except Invalid as invalid:
                parsed.errors[name] = str(invalid.args[0])
    sort = parsed.first("sort")
    if sort:
        key = sort.removeprefix("-")
        if key in SORTS:
            parsed.sort, parsed.descending = key, sort.startswith("-")
        else:
            parsed.errors["sort"] = str(_l("Unknown sort: %(value)s", value=sort))
    page = parsed.first("page")
    if page:
        if page.isdigit() and int(page) >= 1:
            parsed.page = int(page)
        else:
            parsed.errors["page"] = str(_l("Not a page number: %(value)s", value=page))
    return parsed


# --- the query ------------------------------------------------------------------------------


def _contains(column, value: str) -> ColumnElement[bool]:
    return column.like(f"%{search.like_escaped(fenced([value]))}%", escape="\\")


def _conditions(edition: Edition, parsed: ParsedFilters) -> list[ColumnElement[bool]]:
    v = parsed.values
    where = [DeskRow.edition_id == edition.id]
    statuses = v.get("status")
    where.append(
        DeskRow.status.in_(statuses) if statuses else DeskRow.status != SubmissionStatus.DRAFT
    )
    if v.get("category"):
        where.append(DeskRow.category_id.in_(v["category"]))
    if v.get("deadline"):
        where.append(DeskRow.deadline_id.in_(v["deadline"]))
    for name, column in (("country", DeskRow.countries), ("language", DeskRow.languages)):
        if v.get(name):
            where.append(or_(*(_contains(column, code) for code in v[name])))
    for name, column, at_least in (
        ("runtime_min", DeskRow.runtime_s, True),
        ("runtime_max", DeskRow.runtime_s, False),
        ("ai_min", DeskRow.ai_share, True),
        ("ai_max", DeskRow.ai_share, False),
        ("rating_min", DeskRow.screening_mean, True),
        ("jury_min", DeskRow.jury_mean, True),
        ("calibrated_min", DeskRow.jury_calibrated, True),
    ):
        if name in v:
            where.append(column >= v[name] if at_least else column <= v[name])
    fee = v.get("fee")
    if fee == "paid":
        where.append(DeskRow.is_paid.is_(True))
    elif fee == "unpaid":
        where.extend((DeskRow.is_paid.is_(False), DeskRow.is_waived.is_(False)))
    elif fee == "waived":
        where.append(DeskRow.is_waived.is_(True))
    for element, extent in v.get("extent", []):
        ranks = range(extent.rank, len(Extent))
        where.append(or_(*(DeskRow.extents.like(f"%|{element.value}:{rank}|%") for rank in ranks)))
    for tool in v.get("tool", []):
        where.append(DeskRow.tools.like(f"%{search.like_escaped(tool)}%", escape="\\"))
    for tag in v.get("tag", []):
        where.append(_contains(DeskRow.tags, tag))
    if "qc" in v:
        where.append(DeskRow.qc.is_(None) if v["qc"] == NO_QC else DeskRow.qc == v["qc"])
    if "conflicts" in v:
        where.append(DeskRow.conflicts > 0 if v["conflicts"] == "yes" else DeskRow.conflicts == 0)
    if v.get("q"):
        where.append(search.matching(v["q"]))
    return where


def _order(parsed: ParsedFilters) -> list:
    column = SORTS[parsed.sort]
    direction = column.desc() if parsed.descending else column.asc()
    tie = DeskRow.submission_id.desc() if parsed.descending else DeskRow.submission_id.asc()
    return [direction.nulls_last(), tie]


def matching_ids(edition: Edition, parsed: ParsedFilters) -> list[int]:
    """Every submission id the filter matches, in the desk's order (one query)."""
    return list(
        db.session.scalars(
            db.select(DeskRow.submission_id)
            .where(*_conditions(edition, parsed))
            .order_by(*_order(parsed))
        )
    )


@dataclass(frozen=True)
class DeskPage:
    rows: list[tuple[DeskRow, datetime]]
    """Each row with its submission's `updated_at` (what a bulk action checks is unchanged)."""
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def count_of(edition: Edition, parsed: ParsedFilters) -> int:
    """How many entries the filter matches."""
    where = _conditions(edition, parsed)
    return db.session.scalar(db.select(db.func.count()).select_from(DeskRow).where(*where))


def page_of(edition: Edition, parsed: ParsedFilters) -> DeskPage:
    """One page of the desk in three queries: how many match, the page's ids (the sort reads
    only its key, so a late page costs little more than the first), then their rows."""
    where = _conditions(edition, parsed)
    total = count_of(edition, parsed)
    page = min(parsed.page, max(1, math.ceil(total / PAGE_SIZE)))
    ids = list(
        db.session.scalars(
            db.select(DeskRow.submission_id)
            .where(*where)
            .order_by(*_order(parsed))
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return DeskPage(rows=_rows_of(ids), total=total, page=page)


def _rows_of(ids: list[int]) -> list[tuple[DeskRow, datetime]]:
    """The rows of `ids`, in that order, each with its submission's `updated_at`."""
    rows = {
        row.submission_id: (row, updated_at)
        for row, updated_at in db.session.execute(
            db.select(DeskRow, Submission.updated_at)
            .join(Submission, Submission.id == DeskRow.submission_id)
            .where(DeskRow.submission_id.in_(ids))
            .options(defer(DeskRow.search_text))
        )
    }
    return [rows[id_] for id_ in ids if id_ in rows]


def sort_value(row: DeskRow, parsed: ParsedFilters) -> object:
    """The row's value of the column the list is sorted by (what a keyset resumes from)."""
    return getattr(row, SORTS[parsed.sort].key)


def rows_after(
    edition: Edition, parsed: ParsedFilters, after: tuple[object, int] | None, limit: int
) -> list[tuple[DeskRow, datetime]]:
    """Up to `limit` rows of the list in the desk's order, after the row whose sort value and
    id are `after` (none: from the first). A keyset, so a late page costs what the first
    does (the API's cursors)."""
    where = _conditions(edition, parsed)
    if after is not None:
        where.append(_beyond(parsed, *after))
    ids = list(
        db.session.scalars(
            db.select(DeskRow.submission_id).where(*where).order_by(*_order(parsed)).limit(limit)
        )
    )
    return _rows_of(ids)


def _beyond(parsed: ParsedFilters, value: object, submission_id: int) -> ColumnElement[bool]:
    """The rows after (value, submission_id) in `_order`: by the sort column, nulls last,
    then by id in the same direction."""
    column = SORTS[parsed.sort]
    if parsed.descending:
        later_id = DeskRow.submission_id < submission_id
    else:
        later_id = DeskRow.submission_id > submission_id
    if value is None:
        return and_(column.is_(None), later_id)
    later = column < value if parsed.descending else column > value
    return or_(later, and_(column == value, later_id), column.is_(None))


def neighbours(
    edition: Edition, parsed: ParsedFilters, submission_id: int
) -> tuple[int | None, int | None]:
    """The entries before and after `submission_id` in the filtered, sorted list."""
    ids = matching_ids(edition, parsed)
    if submission_id not in ids:
        return None, ids[0] if ids else None
    index = ids.index(submission_id)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following
