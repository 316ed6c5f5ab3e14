"""Programme blocks (lineups): create and edit a block, add selected films, remove and
reorder them, delete an unscheduled block.

Every change of a block bumps `Block.revision`, moves the end of its screenings
(`scheduling.follow_block`: a published screening's new end is a change the public sees) and
is audited. Each change names the revision its page was read at: a change made from a stale
page (a second tab) is refused with `RefusalKind.CONFLICT`, so a slot is never lost silently."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from festival.audit.services import record
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film
from festival.programming import search
from festival.programming.models import DeskRow
from festival.programming.models.decisions import Decision, OutcomeStatus
from festival.programming.models.programme import Block, BlockFilm, Screening
from festival.programming.running_time import (
    RunningTime,
    running_time,
)
from festival.programming.scheduling import follow_block
from festival.programming.selection import Selection, selection_of
from festival.refusals import Refusal, RefusalKind
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

PROGRAMMABLE = frozenset({Selection.SELECTED, Selection.DECIDED})
MAX_CANDIDATES = 30


class BlockRefusal(Refusal):
    """A change of a block refused: stale, not selected, already in it, still scheduled."""


@dataclass(frozen=True)
class BlockSettings:
    """What a block's form sets."""

    title: str
    title_ko: str = ""
    description: str = ""
    description_ko: str = ""
    category_id: int | None = None
    section: str = ""
    section_ko: str = ""
    intro_minutes: int = 5
    gap_minutes: int = 1
    qa_minutes: int = 0
    slot_minutes: int | None = None


# --- the rules --------------------------------------------------------------------------------


def check_revision(block: Block, revision: int | None) -> None:
    """Refuse a change made from a page read at another revision of the block."""
    if revision != block.revision:
        raise stale()


def stale() -> BlockRefusal:
    return BlockRefusal(
        _l(
            "This block was changed meanwhile (in another tab or by someone else). "
            "Here it is as it stands now: make your change again."
        ),
        kind=RefusalKind.CONFLICT,
    )


def addition_refusal(
    block: Block, submission: Submission, selection: Selection | None, present: set[int]
) -> str | None:
    """Why `submission` cannot go into `block`, or None when it can."""
    if submission.edition_id != block.edition_id:
        return str(_l("It is not an entry of this edition."))
    if submission.id in present:
        return str(_l("It is already in this block."))
    if selection not in PROGRAMMABLE:
        return str(_l("It is not selected: only selected films go into a block."))
    return None


def deletion_refusal(block: Block) -> str | None:
    """Why `block` cannot be deleted (it is scheduled), or None."""
    screenings = db.session.scalar(
        db.select(func.count(Screening.id)).where(Screening.block_id == block.id)
    )
    if screenings:
        return str(
            _l(
                "It has %(count)d screening(s): take them off the schedule first.",
                count=screenings,
            )
        )
    return None


# --- changes --------------------------------------------------------------------------------


def create_block(edition: Edition, settings: BlockSettings, *, actor) -> Block:
    _check_category(edition, settings.category_id)
    block = Block(edition_id=edition.id, revision=1, **asdict(settings))
    db.session.add(block)
    db.session.flush()
    record("block_created", block, actor=actor, after=asdict(settings))
    return block


def edit_block(block: Block, settings: BlockSettings, *, revision: int | None, actor) -> Block:
    check_revision(block, revision)
    _check_category(block.edition, settings.category_id)
    before = {name: getattr(block, name) for name in asdict(settings)}
    for name, value in asdict(settings).items():
        setattr(block, name, value)
    changed(block, "block_edited", actor=actor, before=before, after=asdict(settings))
    return block


def delete_block(block: Block, *, revision: int | None, actor) -> None:
    check_revision(block, revision)
    if reason := deletion_refusal(block):
        raise BlockRefusal(reason)
    _claim_next_revision(block)
    record("block_deleted", block, actor=actor, before={"title": block.title})
    db.session.delete(block)
    db.session.flush()


def add_film(block: Block, submission: Submission, *, revision: int | None, actor) -> BlockFilm:
    """Add one entry at the end of the block; refused with the film's title and why."""
    check_revision(block, revision)
    (entry,) = add_films(block, [submission], actor=actor, refused=None)
    return entry


def add_films(
    block: Block, submissions: Sequence[Submission], *, actor, refused: list | None
) -> list[BlockFilm]:
    """Add entries at the end of the block, in the order given. An entry that cannot go in
    is appended to `refused` as (submission, reason) when a list is given (the desk's bulk
    action); with None the first one refuses the whole change."""
    selections = selection_of(s.id for s in submissions)
    present = {entry.submission_id for entry in block.films}
    added = []
    for submission in submissions:
        reason = addition_refusal(block, submission, selections.get(submission.id), present)
        if reason is not None:
            if refused is None:
                raise BlockRefusal(
                    _l(
                        "“%(title)s” was not added. %(reason)s",
                        title=submission.film.title,
                        reason=reason,
                    ),
                    "submission_id",
                )
            refused.append((submission, reason))
            continue
        entry = BlockFilm(submission=submission, position=len(block.films))
        block.films.append(entry)
        present.add(submission.id)
        added.append(entry)
    if added:
        changed(
            block,
            "block_films_added",
            actor=actor,
            after={"submission_ids": [entry.submission.id for entry in added]},
        )
    return added


def remove_film(block: Block, block_film_id: int, *, revision: int | None, actor) -> None:
    check_revision(block, revision)
    entry = _entry(block, block_film_id)
    block.films.remove(entry)
    _renumber(block.films)
    changed(block, "block_film_removed", actor=actor, before={"submission_id": entry.submission_id})


def reorder(block: Block, order: Sequence[int], *, revision: int | None, actor) -> None:
    """Put the block's films in `order`, every BlockFilm id of the block once."""
    check_revision(block, revision)
    by_id = {entry.id: entry for entry in block.films}
    if sorted(order) != sorted(by_id):
        raise BlockRefusal(_l("The new order must name every film of the block once."))
    _put_in_order(block, [by_id[block_film_id] for block_film_id in order], actor=actor)


def move(block: Block, block_film_id: int, by: int, *, revision: int | None, actor) -> None:
    """Move one film `by` places (-1 up, +1 down); at either end it stays where it is."""
    check_revision(block, revision)
    entries = list(block.films)
    entry = _entry(block, block_film_id)
    index = entries.index(entry)
    target = max(0, min(len(entries) - 1, index + by))
    entries.insert(target, entries.pop(index))
    _put_in_order(block, entries, actor=actor)


def changed(block: Block, verb: str, *, actor, before=None, after=None) -> None:
    """The end of every change: a new revision, the screenings' ends, the audit event."""
    db.session.flush()
    _claim_next_revision(block)
    follow_block(block, actor=actor)
    record(verb, block, actor=actor, before=before, after=after)


def _claim_next_revision(block: Block) -> None:
    """Move the block to its next revision only if it is still at the one this change read,
    in one UPDATE: of two changes made at once from the same revision, the second waits for
    the first's row lock, then finds the revision moved and is refused."""
    claimed = db.session.execute(
        update(Block)
        .where(Block.id == block.id, Block.revision == block.revision)
        .values(revision=Block.revision + 1),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        raise stale()
    set_committed_value(block, "revision", block.revision + 1)


def _put_in_order(block: Block, entries: list[BlockFilm], *, actor) -> None:
    before = [entry.id for entry in block.films]
    _renumber(entries)
    block.films.sort(key=lambda entry: entry.position)
    changed(
        block,
        "block_reordered",
        actor=actor,
        before={"order": before},
        after={"order": [entry.id for entry in entries]},
    )


def _renumber(entries: Iterable[BlockFilm]) -> None:
    for position, entry in enumerate(entries):
        entry.position = position


def _entry(block: Block, block_film_id: int) -> BlockFilm:
    for entry in block.films:
        if entry.id == block_film_id:
            return entry
    raise BlockRefusal(_l("That film is not in this block."), kind=RefusalKind.NOT_FOUND)


def _check_category(edition: Edition, category_id: int | None) -> None:
    if category_id is not None and category_id not in {c.id for c in edition.categories}:
        raise BlockRefusal(_l("Choose a category of this edition."), "category_id")


# --- what pages read ------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockLine:
    """A block as the edition's list shows it."""

    block: Block
    film_count: int
    running: RunningTime

    @property
    def over_slot_minutes(self) -> int:
        return self.running.over_slot_minutes(self.block.slot_minutes)


def blocks_of(edition: Edition) -> list[BlockLine]:
    """The edition's blocks with their film count and running time, in two queries."""
    blocks = db.session.scalars(
        db.select(Block)
        .where(Block.edition_id == edition.id)
        .options(joinedload(Block.category))
        .order_by(Block.title, Block.id)
    ).all()
    runtimes: dict[int, list[int]] = {block.id: [] for block in blocks}
    rows = db.session.execute(
        db.select(BlockFilm.block_id, Film.runtime_s)
        .join(Submission, Submission.id == BlockFilm.submission_id)
        .join(Film, Film.id == Submission.film_id)
        .join(Block, Block.id == BlockFilm.block_id)
        .where(Block.edition_id == edition.id)
    )
    for block_id, runtime_s in rows:
        runtimes[block_id].append(runtime_s)
    return [
        BlockLine(block, len(runtimes[block.id]), running_of(block, runtimes[block.id]))
        for block in blocks
    ]


def running_of(block: Block, runtimes_s: Sequence[int]) -> RunningTime:
    return running_time(
        runtimes_s,
        intro_minutes=block.intro_minutes,
        gap_minutes=block.gap_minutes,
        qa_minutes=block.qa_minutes,
    )


def load_block(block_id: int) -> Block | None:
    """A block with its films, their entries and films loaded (for its page)."""
    return db.session.scalar(
        db.select(Block)
        .where(Block.id == block_id)
        .options(
            joinedload(Block.edition),
            joinedload(Block.category),
            selectinload(Block.films).joinedload(BlockFilm.submission).joinedload(Submission.film),
        )
    )


def candidates(block: Block, query: str) -> list[DeskRow]:
    """Selected (or decided selected) entries of the block's edition whose text matches
    `query`, not already in the block, by title; at most `MAX_CANDIDATES`."""
    matching = search.matching(query)
    if matching is None:
        return []
    decided = (
        db.select(Decision.submission_id)
        .join(OutcomeStatus, OutcomeStatus.outcome_id == Decision.outcome_id)
        .where(
            Decision.edition_id == block.edition_id,
            OutcomeStatus.status == SubmissionStatus.SELECTED,
            Decision.released_at.is_(None),
        )
    )
    present = [entry.submission_id for entry in block.films]
    return db.session.scalars(
        db.select(DeskRow)
        .where(
            DeskRow.edition_id == block.edition_id,
            matching,
            or_(DeskRow.status == SubmissionStatus.SELECTED, DeskRow.submission_id.in_(decided)),
            DeskRow.submission_id.not_in(present),
        )
        .order_by(DeskRow.sort_title)
        .limit(MAX_CANDIDATES)
    ).all()
