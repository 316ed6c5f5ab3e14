"""The FilmFreeway import: stage a file, map its categories and statuses onto the edition's,
preview what it would do, then apply it in the caller's one transaction.

Idempotent, keyed on the Submission ID (and its Tracking Number) within the edition: a row
already taken whose cells and mapping are the same is "unchanged" and left alone; a changed row
updates its film and its entries (a status moves through `submissions.workflow`, audited); a
row refused for any reason leaves nothing behind (a new row's film is checked before anything
is written, and the new rows are then written together in a few batches; a row imported before
is updated in its own savepoint). With `all_or_nothing`, one refused row refuses the whole file
and nothing is kept.

A row taken makes (or finds, by email) the filmmaker's account, invited without a password,
their film and one submission per mapped category, with the FilmFreeway status as its first
status. The film has no AI disclosure yet: the invitation asks the filmmaker to complete it and
to upload a screener, and the film page says so until they have (`import_notice`)."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from festival.accounts import services as accounts
from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.accounts.tokens import INVITATION, make_token
from festival.audit.services import record, record_many
from festival.database import utcnow
from festival.editions.models import Edition
from festival.enums import LabelledEnum
from festival.extensions import db
from festival.films import services as films
from festival.films.enums import CreditRole
from festival.films.models import Film
from festival.films.services import CreditEntry, is_web_url
from festival.jobs.services import enqueue
from festival.links import site_url
from festival.notifications.services import queue_templated_email
from festival.programming import filmfreeway
from festival.programming.filmfreeway import ParsedFile, Row, RowIssue
from festival.programming.models import ImportedEntry, ImportRun
from festival.refusals import Refusal, RefusalKind
from festival.submissions.enums import SubmissionStatus
from festival.submissions.facts import facts_of
from festival.submissions.models import Submission, SubmissionEvent
from festival.submissions.workflow import TRANSITIONS, Party, change_status
from festival.transactions import savepoint

S = SubmissionStatus
MAX_URL = 500
REFUSE = "refuse"
"""The mapping form's value for "refuse the rows that name this"."""

DEFAULT_STATUSES = {
    "withdrawn": S.WITHDRAWN,
    "disqualified": S.DISQUALIFIED,
    "selected": S.SELECTED,
    "award winner": S.SELECTED,
    "nominee": S.SELECTED,
    "honorable mention": S.SELECTED,
    "finalist": S.SHORTLISTED,
    "semi-finalist": S.SHORTLISTED,
    "quarter-finalist": S.SHORTLISTED,
    "not selected": S.NOT_SELECTED,
}
"""A FilmFreeway status word → the status it most likely means; the submission status
(withdrawn, disqualified) weighs over the judging one. Anything else starts as submitted."""


class ImportRefusal(Refusal):
    """The import as a whole is refused; nothing is kept."""


class RowOutcome(LabelledEnum):
    TAKEN = "taken", _l("Taken")
    UPDATED = "updated", _l("Updated")
    UNCHANGED = "unchanged", _l("Unchanged")
    REFUSED = "refused", _l("Refused")


@dataclass(frozen=True)
class Mapping:
    """FilmFreeway category → category id (None: refuse its rows; absent: no match yet), and
    status key → status (None: refuse)."""

    categories: dict[str, int | None] = field(default_factory=dict)
    statuses: dict[str, SubmissionStatus | None] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> Mapping:
        return cls(
            categories=dict(data.get("categories", {})),
            statuses={
                key: S(value) if value else None for key, value in data.get("statuses", {}).items()
            },
        )

    def to_json(self) -> dict:
        return {
            "categories": self.categories,
            "statuses": {
                key: value.value if value else None for key, value in self.statuses.items()
            },
        }


@dataclass(frozen=True)
class ReportLine:
    line: int
    submission_id: str
    title: str
    outcome: RowOutcome
    issue: RowIssue | None = None
    detail: str = ""

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "submission_id": self.submission_id,
            "title": self.title,
            "outcome": self.outcome.value,
            "issue": self.issue.value if self.issue else None,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: dict) -> ReportLine:
        return cls(
            line=data["line"],
            submission_id=data["submission_id"],
            title=data["title"],
            outcome=RowOutcome(data["outcome"]),
            issue=RowIssue(data["issue"]) if data.get("issue") else None,
            detail=data.get("detail", ""),
        )


@dataclass(frozen=True)
class PlannedRow:
    row: Row
    category_ids: tuple[int, ...]
    status: SubmissionStatus
    digest: str
    entry: ImportedEntry | None


@dataclass
class Plan:
    """What applying the file with a mapping would do, row by row (the preview)."""

    lines: list[ReportLine]
    to_apply: list[PlannedRow]

    def count(self, outcome: RowOutcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)


# --- staging and mapping --------------------------------------------------------------------


def stage_file(edition: Edition, data: bytes, *, file_name: str, actor) -> ImportRun:
    """Keep an uploaded file for mapping and preview, once it reads as FilmFreeway's export
    (`filmfreeway.FileRefusal` says why not); its mapping starts from `default_mapping`."""
    parsed = filmfreeway.read_file(data)
    run = ImportRun(
        edition=edition,
        source=filmfreeway.SOURCE,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_bytes=data,
        mapping=default_mapping(edition, parsed).to_json(),
        created_by=actor,
    )
    db.session.add(run)
    db.session.flush()
    return run


def parsed_file(run: ImportRun) -> ParsedFile:
    if run.file_bytes is None:
        raise ImportRefusal(_l("This import is already applied."), kind=RefusalKind.CONFLICT)
    return filmfreeway.read_file(run.file_bytes)


def distinct_categories(parsed: ParsedFile) -> list[str]:
    return sorted({name for row in parsed.rows for name in row.categories}, key=str.casefold)


def distinct_statuses(parsed: ParsedFile) -> list[str]:
    return sorted({row.status_key for row in parsed.rows}, key=str.casefold)


def default_mapping(edition: Edition, parsed: ParsedFile) -> Mapping:
    """A category of the same name (case aside) and the likeliest status for each."""
    by_name = {category.name.casefold(): category.id for category in edition.categories}
    categories = {
        name: by_name[name.casefold()]
        for name in distinct_categories(parsed)
        if name.casefold() in by_name
    }
    statuses = {}
    for row in parsed.rows:
        statuses[row.status_key] = _likely_status(row.submission_status, row.judging_status)
    return Mapping(categories=categories, statuses=statuses)


def _likely_status(submission_status: str, judging_status: str) -> SubmissionStatus:
    for word in (submission_status, judging_status):
        if (status := DEFAULT_STATUSES.get(word.strip().casefold())) is not None:
            return status
    return S.SUBMITTED


def set_mapping(run: ImportRun, mapping: Mapping, *, actor) -> None:
    """Keep the mapping the staff member chose for a staged run."""
    if run.is_applied:
        raise ImportRefusal(_l("This import is already applied."), kind=RefusalKind.CONFLICT)
    own = {category.id for category in run.edition.categories}
    if any(value is not None and value not in own for value in mapping.categories.values()):
        raise ImportRefusal(_l("Choose categories of this edition only."))
    run.mapping = mapping.to_json()


# --- the plan (the preview) -----------------------------------------------------------------


def plan(edition: Edition, parsed: ParsedFile, mapping: Mapping) -> Plan:
    """Each row's outcome under `mapping`, with what applying it needs; reads the edition's
    earlier imports of these rows in one query per thousand."""
    existing = _entries_by_external_id(edition, [row.submission_id for row in parsed.rows])
    lines = [_refused(problem) for problem in parsed.problems]
    to_apply = []
    for row in parsed.rows:
        outcome = _plan_row(row, mapping, existing.get(row.submission_id))
        if isinstance(outcome, ReportLine):
            lines.append(outcome)
            continue
        to_apply.append(outcome)
        if outcome.entry is None:
            lines.append(_line(row, RowOutcome.TAKEN))
        elif outcome.entry.row_sha256 == outcome.digest:
            lines.append(_line(row, RowOutcome.UNCHANGED))
        else:
            lines.append(_line(row, RowOutcome.UPDATED))
    lines.sort(key=lambda line: line.line)
    return Plan(lines=lines, to_apply=to_apply)


def _plan_row(row: Row, mapping: Mapping, entry: ImportedEntry | None) -> PlannedRow | ReportLine:
    category_ids = []
    for name in row.categories:
        if name not in mapping.categories:
            return _line(row, RowOutcome.REFUSED, RowIssue.UNKNOWN_CATEGORY, name)
        if mapping.categories[name] is None:
            return _line(row, RowOutcome.REFUSED, RowIssue.REFUSED_CATEGORY, name)
        category_ids.append(mapping.categories[name])
    status = mapping.statuses.get(row.status_key)
    if status is None:
        return _line(row, RowOutcome.REFUSED, RowIssue.REFUSED_STATUS, row.status_key)
    if (
        entry is not None
        and entry.tracking_number
        and row.tracking_number
        and entry.tracking_number != row.tracking_number
    ):
        return _line(row, RowOutcome.REFUSED, RowIssue.TRACKING_MISMATCH, entry.tracking_number)
    category_ids = tuple(dict.fromkeys(category_ids))
    digest = hashlib.sha256(
        f"{row.sha256}|{sorted(category_ids)}|{status.value}".encode()
    ).hexdigest()
    return PlannedRow(row=row, category_ids=category_ids, status=status, digest=digest, entry=entry)


def _line(row: Row, outcome: RowOutcome, issue: RowIssue | None = None, detail: str = ""):
    return ReportLine(row.line, row.submission_id, row.title, outcome, issue, detail[:200])


def _refused(problem) -> ReportLine:
    return ReportLine(
        problem.line,
        problem.submission_id,
        problem.title,
        RowOutcome.REFUSED,
        problem.issue,
        problem.detail,
    )


def _entries_by_external_id(edition: Edition, external_ids: list[str]) -> dict[str, ImportedEntry]:
    found = {}
    for start in range(0, len(external_ids), 1000):
        chunk = external_ids[start : start + 1000]
        for entry in db.session.scalars(
            db.select(ImportedEntry).where(
                ImportedEntry.edition_id == edition.id, ImportedEntry.external_id.in_(chunk)
            )
        ):
            found[entry.external_id] = entry
    return found


# --- applying -------------------------------------------------------------------------------


def apply_run(run: ImportRun, *, actor, all_or_nothing: bool = False) -> ImportRun:
    """Apply a staged run with its mapping; the caller commits. ImportRefusal when the run is
    applied already, or, with `all_or_nothing`, when any row is refused."""
    edition = run.edition
    the_plan = plan(edition, parsed_file(run), Mapping.from_json(run.mapping))
    refused_first = the_plan.count(RowOutcome.REFUSED)
    if all_or_nothing and refused_first:
        raise _nothing_imported(refused_first)
    lines = {line.line: line for line in the_plan.lines}
    changing = [
        p for p in the_plan.to_apply if lines[p.row.line].outcome is not RowOutcome.UNCHANGED
    ]
    new_films, refused = _new_films([p for p in changing if p.entry is None])
    if all_or_nothing and refused:
        raise _nothing_imported(len(refused))
    importer = _Importer(edition, run, actor)
    importer.load_accounts(planned.row.email for planned in changing)
    refused += importer.update_all([p for p in changing if p.entry is not None])
    if all_or_nothing and refused:
        raise _nothing_imported(len(refused))
    importer.take_all(new_films)
    for planned, refusal in refused:
        lines[planned.row.line] = _line(
            planned.row,
            RowOutcome.REFUSED,
            getattr(refusal, "issue", RowIssue.INVALID),
            str(refusal.message),
        )
    report = [lines[number] for number in sorted(lines)]
    run.report = [line.to_json() for line in report]
    for outcome, attribute in (
        (RowOutcome.TAKEN, "rows_taken"),
        (RowOutcome.UPDATED, "rows_updated"),
        (RowOutcome.UNCHANGED, "rows_unchanged"),
        (RowOutcome.REFUSED, "rows_refused"),
    ):
        setattr(run, attribute, sum(1 for line in report if line.outcome is outcome))
    run.applied_at = utcnow()
    run.file_bytes = None
    if run.rows_taken:
        enqueue(INVITE_IMPORTED, run)
    record(
        "import_applied",
        run,
        actor=actor,
        after={
            "edition_id": edition.id,
            "file_sha256": run.file_sha256,
            "taken": run.rows_taken,
            "updated": run.rows_updated,
            "unchanged": run.rows_unchanged,
            "refused": run.rows_refused,
        },
    )
    return run


def _nothing_imported(count: int) -> ImportRefusal:
    return ImportRefusal(
        _l(
            "%(count)d rows are refused, so nothing was imported: fix them or import the valid "
            "rows only.",
            count=count,
        )
    )


class _RowRefusal(Refusal):
    def __init__(self, issue: RowIssue, detail: str):
        super().__init__(detail)
        self.issue = issue


Refused = list[tuple[PlannedRow, Refusal]]


def _new_films(
    planned_rows: list[PlannedRow],
) -> tuple[list[tuple[PlannedRow, films.FilmValues]], Refused]:
    """The film each new row makes, checked before anything is written, and the rows whose
    film is refused."""
    ready, refused = [], []
    for planned in planned_rows:
        try:
            values = films.film_values(credits=credits_of(planned.row), **film_fields(planned.row))
        except Refusal as refusal:
            refused.append((planned, refusal))
            continue
        ready.append((planned, values))
    return ready, refused


class _Importer:
    """Applies planned rows: new ones all at once (checked by `_new_films` first, so none is
    refused midway), earlier ones each in its own savepoint (the workflow may refuse a step);
    remembers the accounts it has read or made."""

    def __init__(self, edition: Edition, run: ImportRun, actor):
        self.edition, self.run, self.actor = edition, run, actor
        self.accounts: dict[str, User] = {}
        self.now = utcnow()

    def load_accounts(self, emails: Iterable[str]) -> None:
        emails = sorted(set(emails))
        for start in range(0, len(emails), 1000):
            for user in db.session.scalars(
                db.select(User)
                .where(User.email.in_(emails[start : start + 1000]))
                .options(selectinload(User.role_grants))
            ):
                self.accounts[user.email] = user

    # --- rows taken for the first time: checked in Python, then written in a few batches

    def take_all(self, ready: list[tuple[PlannedRow, films.FilmValues]]) -> None:
        owners = self._filmmakers([planned.row for planned, _values in ready])
        made = films.create_films(
            [(owners[planned.row.email], values) for planned, values in ready], actor=self.actor
        )
        self._enter(
            (film, category_id, planned)
            for film, (planned, _values) in zip(made, ready, strict=True)
            for category_id in planned.category_ids
        )
        if made:
            db.session.execute(
                db.insert(ImportedEntry),
                [
                    {
                        "edition_id": self.edition.id,
                        "film_id": film.id,
                        "source": filmfreeway.SOURCE,
                        "external_id": planned.row.submission_id,
                        "tracking_number": planned.row.tracking_number,
                        "row_sha256": planned.digest,
                        "run_id": self.run.id,
                        "created_at": self.now,
                        "updated_at": self.now,
                    }
                    for film, (planned, _values) in zip(made, ready, strict=True)
                ],
            )

    def _filmmakers(self, rows: list[Row]) -> dict[str, User]:
        """The account of each row's email: found (given the filmmaker role if it lacks it)
        or invited without a password, as `accounts.create_user` makes one without its
        look-up (`load_accounts` read every address)."""
        invited = []
        for row in rows:
            user = self.accounts.get(row.email)
            if user is None:
                user = User(
                    email=row.email,
                    name=(row.name or row.email.split("@")[0])[:200],
                    locale=_locale_of(row),
                    role_grants=[UserRole(role=Role.FILMMAKER)],
                )
                invited.append(user)
                self.accounts[row.email] = user
            elif not user.has_role(Role.FILMMAKER):
                accounts.change_roles(user, user.roles | {Role.FILMMAKER}, actor=self.actor)
        db.session.add_all(invited)
        record_many(
            "invited",
            ((user, None, {"roles": [Role.FILMMAKER.value]}) for user in invited),
            actor=self.actor,
        )
        return self.accounts

    def _enter(self, entries: Iterable[tuple[Film, int, PlannedRow]]) -> None:
        """Enter each (film, category id, planned row) with the row's status as its first
        status: the submissions in one flush, their first events and audit events in one
        insert each."""
        entered = [
            (
                Submission(
                    film=film,
                    edition_id=self.edition.id,
                    category_id=category_id,
                    status=planned.status,
                    fee_cents=0,
                    currency=self.edition.currency,
                    is_paid=False,
                    submitted_at=planned.row.submitted_at or self.now,
                ),
                planned,
            )
            for film, category_id, planned in entries
        ]
        if not entered:
            return
        db.session.add_all(submission for submission, _planned in entered)
        record_many(  # flushes the submissions
            "imported",
            (
                (submission, None, self._imported(submission.category_id, planned))
                for submission, planned in entered
            ),
            actor=self.actor,
        )
        db.session.execute(
            db.insert(SubmissionEvent),
            [
                {
                    "submission_id": submission.id,
                    "from_status": None,
                    "to_status": planned.status,
                    "actor_id": self.actor.id,
                    "reason": self._reason(planned.row),
                    "at": self.now,
                }
                for submission, planned in entered
            ],
        )

    def _imported(self, category_id: int, planned: PlannedRow) -> dict:
        return {
            "source": filmfreeway.SOURCE,
            "submission_id": planned.row.submission_id,
            "tracking_number": planned.row.tracking_number,
            "category_id": category_id,
            "status": planned.status.value,
            "run_id": self.run.id,
        }

    # --- rows imported before: each in its own savepoint, as the workflow may refuse a step

    def update_all(self, planned_rows: list[PlannedRow]) -> Refused:
        entered = self._entered([planned.entry.film_id for planned in planned_rows])
        refused = []
        for planned in planned_rows:
            try:
                with savepoint():
                    self._update(planned, entered.get(planned.entry.film_id, {}))
            except Refusal as refusal:
                refused.append((planned, refusal))
        return refused

    def _entered(self, film_ids: list[int]) -> dict[int, dict[int, Submission]]:
        """Each film's submissions in the edition by category (its credits loaded too)."""
        entered: dict[int, dict[int, Submission]] = {}
        for start in range(0, len(film_ids), 1000):
            for submission in db.session.scalars(
                db.select(Submission)
                .where(
                    Submission.film_id.in_(film_ids[start : start + 1000]),
                    Submission.edition_id == self.edition.id,
                )
                .options(selectinload(Submission.film).selectinload(Film.credits))
            ):
                entered.setdefault(submission.film_id, {})[submission.category_id] = submission
        return entered

    def _update(self, planned: PlannedRow, entered: dict[int, Submission]) -> None:
        row, entry = planned.row, planned.entry
        film = entry.film
        films.update_film(film, actor=self.actor, credits=credits_of(row), **film_fields(row))
        for category_id in planned.category_ids:
            submission = entered.get(category_id)
            if submission is None:
                self._enter([(film, category_id, planned)])
                continue
            for step in status_path(submission.status, planned.status):
                change_status(submission, step, actor=self.actor, reason=self._reason(row))
        entry.tracking_number = row.tracking_number or entry.tracking_number
        entry.row_sha256 = planned.digest
        entry.run_id = self.run.id
        entry.updated_at = self.now

    def _reason(self, row: Row) -> str:
        return f"FilmFreeway {row.submission_id} {row.tracking_number}".strip()


INVITE_IMPORTED = "programming.invite_imported"


def invite_imported(run: ImportRun) -> int:
    """One message per filmmaker with films the run took: set a password (or sign in), then
    complete each film's AI disclosure and upload its screener. Once per run (a second call
    sends nothing); the caller commits. Runs as a job, so a 5,000-row import does not wait for
    5,000 messages. Returns how many were queued."""
    if run.invited_at is not None:
        return 0
    taken = [line["submission_id"] for line in run.report if line["outcome"] == "taken"]
    films_by_owner: dict[int, list[Film]] = {}
    for start in range(0, len(taken), 1000):
        for film in db.session.scalars(
            db.select(Film)
            .join(ImportedEntry, ImportedEntry.film_id == Film.id)
            .where(
                ImportedEntry.edition_id == run.edition_id,
                ImportedEntry.external_id.in_(taken[start : start + 1000]),
            )
            .options(joinedload(Film.owner))
            .order_by(Film.id)
        ):
            films_by_owner.setdefault(film.owner_id, []).append(film)
    for owned in films_by_owner.values():
        owner = owned[0].owner
        if owner.has_password:
            link = site_url("accounts.login")
        else:
            link = site_url("accounts.accept_invitation", token=make_token(owner, INVITATION))
        queue_templated_email(
            owner,
            "imported_films",
            _l(
                "Your film is entered in %(edition)s: complete its AI disclosure",
                edition=run.edition.name,
            ),
            link=link,
            edition=run.edition,
            films=[(film, site_url("films.show", film_id=film.id)) for film in owned],
        )
    run.invited_at = utcnow()
    return len(films_by_owner)


def status_path(start: SubmissionStatus, target: SubmissionStatus) -> list[SubmissionStatus]:
    """The statuses staff move an entry through to reach `target` (empty when it is there);
    _RowRefusal when the workflow has no such way (a closed entry, or a filmmaker's step)."""
    if start is target:
        return []
    previous: dict[SubmissionStatus, SubmissionStatus] = {}
    waiting = deque([start])
    while waiting:
        current = waiting.popleft()
        for (before, after), rule in TRANSITIONS.items():
            if (
                before is current
                and rule.by is Party.STAFF
                and after not in previous
                and after is not start
            ):
                previous[after] = current
                waiting.append(after)
    if target not in previous:
        raise _RowRefusal(RowIssue.STATUS_UNREACHABLE, f"{start.label} → {target.label}")
    path = [target]
    while previous[path[-1]] is not start:
        path.append(previous[path[-1]])
    return path[::-1]


def film_fields(row: Row) -> dict:
    return {
        "title": row.title,
        "original_title": row.original_title or None,
        "synopsis": row.synopsis,
        "runtime_s": row.runtime_s,
        "year": row.year,
        "countries": filmfreeway.country_codes(row.countries),
        "languages": filmfreeway.language_codes(row.languages),
        "genres": filmfreeway.genre_values(row.genres),
        "contact_name": row.name[:200],
        "contact_email": row.email,
        "contact_phone": row.phone,
        "trailer_url": _web_url(row.trailer_url),
        "website_url": _web_url(row.website_url),
    }


def _web_url(text: str) -> str | None:
    """A FilmFreeway link the film can keep (an http(s) address of at most 500 characters)."""
    return text if len(text) <= MAX_URL and is_web_url(text) else None


def credits_of(row: Row) -> list[CreditEntry]:
    return [
        CreditEntry(role=role, name=name[:200])
        for role, names in (
            (CreditRole.DIRECTOR, row.directors),
            (CreditRole.WRITER, row.writers),
            (CreditRole.PRODUCER, row.producers),
            (CreditRole.CAST, row.cast),
        )
        for name in names
    ]


def _locale_of(row: Row) -> str:
    """Korean for a filmmaker who writes in Hangul or films in Korea; English otherwise."""
    text = row.name + row.original_title + row.title
    korean = any("\uac00" <= char <= "\ud7a3" for char in text)
    return "ko" if korean or "KR" in filmfreeway.country_codes(row.countries) else "en"


# --- what other pages read ------------------------------------------------------------------


def runs_of(edition: Edition) -> list[ImportRun]:
    return db.session.scalars(
        db.select(ImportRun)
        .where(ImportRun.edition_id == edition.id)
        .order_by(ImportRun.created_at.desc(), ImportRun.id.desc())
    ).all()


def report_of(run: ImportRun) -> list[ReportLine]:
    return [ReportLine.from_json(line) for line in run.report or ()]


def import_notice(film: Film) -> dict | None:
    """For the film page (films cannot import programming): when the film came from an import
    and still lacks a complete AI disclosure or a screener, what the filmmaker has left to do."""
    entry = db.session.scalar(db.select(ImportedEntry).where(ImportedEntry.film_id == film.id))
    if entry is None:
        return None
    facts = facts_of(film)
    needs_disclosure = facts.disclosure is None or bool(facts.problems)
    needs_screener = facts.latest_screener is None
    if not (needs_disclosure or needs_screener):
        return None
    return {
        "edition": db.session.get(Edition, entry.edition_id),
        "needs_disclosure": needs_disclosure,
        "needs_screener": needs_screener,
    }
