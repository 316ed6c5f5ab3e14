"""The edition's AI-use statistics: which elements were made with AI and how far, which tools,
how much of the runtime, and the consents for real people's likenesses and voices, for every
entry and for the selection, side by side.

`load_ai_use(edition)` reads the facts in three queries whatever the number of entries: the
desk's rows of the edition (`DeskRow` already holds each entry's extents, folded tools and AI
share of runtime, kept in step by `programming.desk_rows`), the consents of the disclosure
versions entered, and the tool suggestions (for a tool's spelling). Everything after that is
pure: `edition_statistics` adds the facts up.

A film entered in two categories is counted once: among all entries its latest submission
speaks for it, in the selection its latest selected one. Drafts are not entries. The selection
is the released selection (`Selection.SELECTED`: a submission whose status is selected).

On a public page a count of 1 or 2 (below `MIN_PUBLIC_COUNT`) is hidden, and a tool named by
fewer films joins "other", so no figure points at one film."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from festival.disclosure.cards import consents_complete
from festival.disclosure.enums import CONSENT_ELEMENTS, Element, Extent
from festival.disclosure.models import Consent, ToolSuggestion
from festival.editions.models import Edition
from festival.extensions import db
from festival.programming.desk_rows import fold
from festival.programming.models import DeskRow
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

MIN_PUBLIC_COUNT = 3
"""The smallest count a public page shows; 1 and 2 are shown as "fewer than 3"."""
TOP_TOOLS = 10
"""Tools listed by name; the films using any other tool are counted under "other"."""

NOT_ANSWERED = "not_answered"
NOT_DISCLOSED = "not_disclosed"
OTHER_TOOLS = "other"
NO_TOOL = "no_tool"

SHARE_BINS = (
    ("0", 0.0, _l("0 %")),
    ("0-10", 0.10, _l("Up to 10 %")),
    ("10-25", 0.25, _l("10–25 %")),
    ("25-50", 0.50, _l("25–50 %")),
    ("50-75", 0.75, _l("50–75 %")),
    ("75-100", 1.0, _l("75–100 %")),
)
"""(key, upper bound, label): a share falls in the first bin whose upper bound it does not
pass, so "0" holds exactly 0 and each other bin includes its upper bound (10 % is "up to
10 %", 10.1 % is "10–25 %")."""


# --- the facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentFact:
    """A consent recorded in a disclosure, as `disclosure.cards.consents_complete` reads it."""

    document_path: str | None
    basis: object
    statement: str


@dataclass(frozen=True)
class FilmAIUse:
    """What one film's disclosure (as entered) says of its use of AI (read-only: films with the
    same answers share their `extents`)."""

    film_id: int
    extents: dict[Element, Extent] = field(default_factory=dict)
    """Each answered element's extent; empty: the film has no disclosure."""
    tools: frozenset[str] = frozenset()
    """The tools named, folded (`desk_rows.fold`)."""
    ai_share: float = 0.0
    consents: tuple[ConsentFact, ...] = ()

    @property
    def is_disclosed(self) -> bool:
        return bool(self.extents)

    @property
    def consents_on_file(self) -> bool | None:
        """As the disclosure card says it (`cards.consents_on_file`)."""
        needed = any(
            element in self.extents and self.extents[element].is_used
            for element in CONSENT_ELEMENTS
        )
        return consents_complete(needed, self.consents)


@dataclass(frozen=True)
class EditionAIUse:
    entries: list[FilmAIUse]
    """Every film entered (drafts aside), once."""
    selection: list[FilmAIUse]
    """Every film selected (released), once."""
    tool_names: dict[str, str]
    """Folded tool name → how the tool suggestions spell it."""
    films_entered_twice: int
    """Films entered in more than one category (counted once all the same)."""


def load_ai_use(edition: Edition) -> EditionAIUse:
    """The facts of the edition's entries and selection, in three queries."""
    entered = db.select(Submission.disclosure_id).where(
        Submission.edition_id == edition.id,
        Submission.status != SubmissionStatus.DRAFT,
        Submission.disclosure_id.is_not(None),
    )
    consents: dict[int, list[ConsentFact]] = {}
    for disclosure_id, document_path, basis, statement in db.session.execute(
        db.select(Consent.disclosure_id, Consent.document_path, Consent.basis, Consent.statement)
        .where(Consent.disclosure_id.in_(entered))
        .order_by(Consent.disclosure_id, Consent.position)
    ):
        consents.setdefault(disclosure_id, []).append(
            ConsentFact(document_path, basis, statement or "")
        )
    rows = db.session.execute(
        db.select(
            Submission.film_id,
            (Submission.status == SubmissionStatus.SELECTED).label("is_selected"),
            Submission.disclosure_id,
            DeskRow.extents,
            DeskRow.tools,
            DeskRow.ai_share,
        )
        .join(DeskRow, DeskRow.submission_id == Submission.id)
        .where(Submission.edition_id == edition.id, Submission.status != SubmissionStatus.DRAFT)
        .order_by(Submission.id)
    )
    entries: dict[int, FilmAIUse] = {}
    selection: dict[int, FilmAIUse] = {}
    submissions_per_film: Counter[int] = Counter()
    parsed_extents: dict[str, dict[Element, Extent]] = {}
    parsed_tools: dict[str, frozenset[str]] = {}
    for film_id, is_selected, disclosure_id, extents, tools, ai_share in rows:
        if extents not in parsed_extents:
            parsed_extents[extents] = parse_extents(extents)
        if tools not in parsed_tools:
            parsed_tools[tools] = frozenset(tools.split("|")) - {""}
        film = FilmAIUse(
            film_id=film_id,
            extents=parsed_extents[extents],
            tools=parsed_tools[tools],
            ai_share=ai_share or 0.0,
            consents=tuple(consents.get(disclosure_id, ())),
        )
        submissions_per_film[film_id] += 1
        entries[film_id] = film
        if is_selected:
            selection[film_id] = film
    tool_names = {
        fold(name).strip(): name
        for name in db.session.scalars(db.select(ToolSuggestion.name).order_by(ToolSuggestion.id))
    }
    return EditionAIUse(
        entries=list(entries.values()),
        selection=list(selection.values()),
        tool_names=tool_names,
        films_entered_twice=sum(1 for count in submissions_per_film.values() if count > 1),
    )


_EXTENT_CODES = {
    f"{element.value}:{extent.rank}": (element, extent) for element in Element for extent in Extent
}
"""Each element:rank code of `DeskRow.extents`, read back (a lookup, not an enum call)."""


def parse_extents(fenced: str) -> dict[Element, Extent]:
    """The desk's "|voice_dialogue:3|music_score:0|" as {element: extent}; unknown parts are
    skipped."""
    return dict(_EXTENT_CODES[part] for part in fenced.split("|") if part in _EXTENT_CODES)


# --- the figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count of films out of a total; `hidden` on a public page when the count is too small
    to show (see `MIN_PUBLIC_COUNT`)."""

    count: int
    total: int | None
    hidden: bool = False

    @property
    def share(self) -> float | None:
        """From 0 to 1; None without a total (or when hidden)."""
        if self.hidden or not self.total:
            return None
        return self.count / self.total

    @property
    def percent(self) -> float | None:
        return None if self.share is None else round(self.share * 100, 1)


@dataclass(frozen=True)
class Row:
    """One line of a table: what is counted, its label, and the figure for every entry and
    for the selection."""

    key: str
    label: str
    entries: Figure
    selection: Figure


@dataclass(frozen=True)
class ExtentRow:
    """One element, with the films at each extent (and unanswered, not disclosed) of one
    population, keyed by `Extent.value`, `NOT_ANSWERED` and `NOT_DISCLOSED`."""

    element: Element
    figures: dict[str, Figure]


@dataclass(frozen=True)
class EditionStatistics:
    entries: int
    selection: int
    films_entered_twice: int
    is_public: bool
    elements_used: list[Row]
    """Per element, the films whose extent is above "none"."""
    entries_extents: list[ExtentRow]
    selection_extents: list[ExtentRow]
    tools: list[Row]
    ai_share: list[Row]
    consents: list[Row]

    @property
    def extent_columns(self) -> list[tuple[str, str, bool]]:
        """(key, label, is AI used) of each column of the extent tables, in order."""
        return [(extent.value, str(extent.label), extent.is_used) for extent in Extent] + [
            (NOT_ANSWERED, str(_l("Not answered")), False),
            (NOT_DISCLOSED, str(_l("Not disclosed")), False),
        ]

    def tables(self) -> dict[str, list[Row]]:
        return {
            "elements_used": self.elements_used,
            "tools": self.tools,
            "ai_share": self.ai_share,
            "consents": self.consents,
        }


def edition_statistics(ai_use: EditionAIUse, *, public: bool = False) -> EditionStatistics:
    """Every figure of the statistics page; `public` hides the small counts."""
    tallies = (tally(ai_use.entries), tally(ai_use.selection))

    def row(key: str, label, count_of, total_of=lambda t: t.films) -> Row:
        entries_tally, selection_tally = tallies
        return Row(
            key,
            str(label),
            figure(count_of(entries_tally), total_of(entries_tally), public),
            figure(count_of(selection_tally), total_of(selection_tally), public),
        )

    def needed(t: Tally) -> int:
        return t.consents["needed"]

    shown_tools = top_tools(tallies[0].tools, least=MIN_PUBLIC_COUNT if public else 1)
    share_labels = [(key, label) for key, _upper, label in SHARE_BINS]
    return EditionStatistics(
        entries=tallies[0].films,
        selection=tallies[1].films,
        films_entered_twice=ai_use.films_entered_twice,
        is_public=public,
        elements_used=[
            row(element.value, element.label, lambda t, element=element: t.used(element))
            for element in Element
        ],
        entries_extents=extent_rows(tallies[0], public),
        selection_extents=extent_rows(tallies[1], public),
        tools=[
            *(
                row(tool, ai_use.tool_names.get(tool, tool), lambda t, tool=tool: t.tools[tool])
                for tool in shown_tools
            ),
            row(OTHER_TOOLS, _l("Other tools"), lambda t: t.naming_other_tools(shown_tools)),
            row(NO_TOOL, _l("No tool named"), lambda t: t.tool_sets[frozenset()]),
        ],
        ai_share=[
            row(key, label, lambda t, key=key: t.bins[key])
            for key, label in [*share_labels, (NOT_DISCLOSED, _l("Not disclosed"))]
        ],
        consents=[
            row(
                "likeness_used",
                _l("Films using a real person's likeness"),
                lambda t: t.used(Element.REAL_LIKENESS),
            ),
            row(
                "voice_used",
                _l("Films using AI voice or dialogue"),
                lambda t: t.used(Element.VOICE_DIALOGUE),
            ),
            row("consent_needed", _l("Films that need a consent"), needed),
            row(
                "consents_on_file",
                _l("… with every consent on file (share of those that need one)"),
                lambda t: t.consents["on_file"],
                needed,
            ),
            row(
                "consents_missing",
                _l("… with a consent missing (share of those that need one)"),
                lambda t: t.consents["missing"],
                needed,
            ),
            row(
                "people",
                _l("Real people named in consents"),
                lambda t: t.consents["people"],
                lambda t: None,
            ),
        ],
    )


@dataclass(frozen=True)
class Tally:
    """One population's counts, made in one pass over its films (`tally`)."""

    films: int
    disclosed: int
    answers: Counter[tuple[Element, Extent]]
    """Films per element and extent answered."""
    tool_sets: Counter[frozenset[str]]
    """Disclosed films per set of tools named (few sets: the tools are counted from them)."""
    tools: Counter[str]
    """Films naming each tool (a film counts once per tool)."""
    bins: Counter[str]
    """Films per `SHARE_BINS` key, and `NOT_DISCLOSED`."""
    consents: Counter[str]
    """Films that need a consent, with every one on file, with one missing; people named."""

    def used(self, element: Element) -> int:
        """Films whose extent of `element` is above "none"."""
        return sum(self.answers[element, extent] for extent in Extent if extent.is_used)

    def naming_other_tools(self, shown: Iterable[str]) -> int:
        """Films naming any tool not in `shown` (each once)."""
        shown = set(shown)
        return sum(count for tools, count in self.tool_sets.items() if tools - shown)


def tally(films: Sequence[FilmAIUse]) -> Tally:
    answers: Counter[tuple[Element, Extent]] = Counter()
    tool_sets: Counter[frozenset[str]] = Counter()
    bins: Counter[str] = Counter()
    consents: Counter[str] = Counter()
    for film in films:
        if not film.is_disclosed:
            bins[NOT_DISCLOSED] += 1
            continue
        answers.update(film.extents.items())
        tool_sets[film.tools] += 1
        bins[share_bin(film.ai_share)] += 1
        on_file = film.consents_on_file
        if on_file is not None:
            consents["needed"] += 1
            consents["on_file" if on_file else "missing"] += 1
            consents["people"] += len(film.consents)
    tools: Counter[str] = Counter()
    for named, count in tool_sets.items():
        for tool in named:
            tools[tool] += count
    return Tally(
        films=len(films),
        disclosed=len(films) - bins[NOT_DISCLOSED],
        answers=answers,
        tool_sets=tool_sets,
        tools=tools,
        bins=bins,
        consents=consents,
    )


def figure(count: int, total: int | None, public: bool) -> Figure:
    return Figure(count, total, hidden=public and 0 < count < MIN_PUBLIC_COUNT)


def extent_rows(counts: Tally, public: bool) -> list[ExtentRow]:
    """Per element, the films at each extent, unanswered and not disclosed."""
    rows = []
    for element in Element:
        by_extent = {extent.value: counts.answers[element, extent] for extent in Extent}
        by_extent[NOT_ANSWERED] = counts.disclosed - sum(by_extent.values())
        by_extent[NOT_DISCLOSED] = counts.films - counts.disclosed
        rows.append(
            ExtentRow(
                element,
                {key: figure(count, counts.films, public) for key, count in by_extent.items()},
            )
        )
    return rows


def share_bin(share: float) -> str:
    """The key of the `SHARE_BINS` bin of an AI share of runtime (0 to 1)."""
    for key, upper, _label in SHARE_BINS:
        if share <= upper:
            return key
    return SHARE_BINS[-1][0]


def top_tools(counts: Counter[str], *, least: int = 1, most: int = TOP_TOOLS) -> list[str]:
    """The `most` tools named by the most films (at least `least`), ties by name."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [tool for tool, count in ranked if count >= least][:most]


# --- the download ---------------------------------------------------------------------------

CSV_COLUMNS = ("section", "item", "population", "films", "total", "share_percent")
SECTION_EXTENTS = "element_extents"


def statistics_rows(statistics: EditionStatistics) -> list[dict]:
    """The statistics as one long table (a row per section, item and population), what the
    CSV and the JSON hold; a hidden count is "<3" with no share."""
    rows = []

    def add(section: str, item: str, population: str, figure_: Figure) -> None:
        rows.append(
            {
                "section": section,
                "item": item,
                "population": population,
                "films": f"<{MIN_PUBLIC_COUNT}" if figure_.hidden else figure_.count,
                "total": figure_.total,
                "share_percent": figure_.percent,
            }
        )

    for section, table in statistics.tables().items():
        for table_row in table:
            add(section, table_row.key, "entries", table_row.entries)
            add(section, table_row.key, "selection", table_row.selection)
    for population, extent_table in (
        ("entries", statistics.entries_extents),
        ("selection", statistics.selection_extents),
    ):
        for extent_row in extent_table:
            for key, figure_ in extent_row.figures.items():
                add(SECTION_EXTENTS, f"{extent_row.element.value}:{key}", population, figure_)
    return rows
