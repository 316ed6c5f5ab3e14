"""What each viewer actually played of a screener version, as merged intervals, so the festival
can say truthfully how much of a film a juror watched (not just that the page was opened).

The player reports the intervals it played; `record_played` checks them against the film's
duration and merges them into the stored ones. It flushes and leaves the commit to the view."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from festival.database import utcnow
from festival.extensions import db
from festival.media.models import Screener, Viewing
from festival.refusals import Refusal
from festival.transactions import savepoint

MAX_INTERVALS_PER_REPORT = 200
SLACK_MS = 2_000
"""A player may report a little past the probed duration (the last frame, AAC padding)."""
MAX_UNKNOWN_DURATION_MS = 6 * 3_600_000


class ViewingError(Refusal):
    """A report the rules refuse; nothing of it is stored. `message` is shown to the caller."""


def duration_ms_of(screener: Screener) -> int | None:
    """The version's duration as ingest probed it, else the film's entered runtime."""
    probed = (screener.probe or {}).get("duration_s")
    if isinstance(probed, int | float) and probed > 0:
        return round(probed * 1000)
    runtime_s = screener.film.runtime_s if screener.film is not None else None
    return runtime_s * 1000 if runtime_s else None


def checked_intervals(raw, duration_ms: int | None) -> list[tuple[int, int]]:
    """`raw` as [(start_ms, end_ms), ...] or `ViewingError`: a list of at most
    MAX_INTERVALS_PER_REPORT pairs of whole milliseconds with 0 <= start < end <= duration
    (plus SLACK_MS); ends past the duration are clipped to it."""
    if not isinstance(raw, list):
        raise ViewingError(_l("Send the played intervals as a list of [start_ms, end_ms] pairs."))
    if len(raw) > MAX_INTERVALS_PER_REPORT:
        raise ViewingError(
            _l(
                "Send at most %(count)s intervals at a time.",
                count=MAX_INTERVALS_PER_REPORT,
            )
        )
    limit = duration_ms if duration_ms else MAX_UNKNOWN_DURATION_MS
    intervals = []
    for pair in raw:
        if not (isinstance(pair, list | tuple) and len(pair) == 2 and all(map(_is_ms, pair))):
            raise ViewingError(_l("Each interval must be a pair of whole milliseconds."))
        start, end = int(pair[0]), int(pair[1])
        if start < 0 or end <= start:
            raise ViewingError(
                _l("Each interval must start at 0 or later and end after it starts.")
            )
        if end > limit + SLACK_MS:
            raise ViewingError(_l("An interval ends after the end of the film."))
        intervals.append((start, min(end, limit)))
    return [(start, end) for start, end in intervals if start < end]


def _is_ms(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value).is_integer() and abs(value) < 2**53


def merged(intervals: Iterable[Iterable[int]]) -> list[list[int]]:
    """The union of `intervals`, sorted; overlapping and touching intervals become one."""
    result: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in intervals):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return result


def covered_ms(intervals: Iterable[Iterable[int]]) -> int:
    return sum(end - start for start, end in merged(intervals))


def viewing_of(user, screener: Screener) -> Viewing | None:
    return db.session.scalar(
        db.select(Viewing).where(Viewing.user_id == user.id, Viewing.screener_id == screener.id)
    )


def watched_share(viewing: Viewing | None, duration_ms: int | None) -> float:
    """How much of the film the viewer played, from 0.0 to 1.0 (0.0 when unknown)."""
    return share_of(viewing.watched_ms if viewing is not None else 0, duration_ms)


def share_of(watched_ms: int, duration_ms: int | None) -> float:
    """`watched_ms` of a version `duration_ms` long, from 0.0 to 1.0 (0.0 when unknown)."""
    if not duration_ms:
        return 0.0
    return min(watched_ms / duration_ms, 1.0)


def record_played(user, screener: Screener, intervals) -> Viewing:
    """Merge the intervals `user` reports having played of `screener` into their viewing.

    Raises `ViewingError` (nothing stored) when the report is malformed or out of range."""
    duration_ms = duration_ms_of(screener)
    reported = checked_intervals(intervals, duration_ms)
    viewing = viewing_of(user, screener) or _start_viewing(user, screener)
    viewing.intervals = merged([*viewing.intervals, *reported])
    viewing.watched_ms = covered_ms(viewing.intervals)
    viewing.last_at = utcnow()
    db.session.flush()
    return viewing


def _start_viewing(user, screener: Screener) -> Viewing:
    """A new viewing row; when a parallel report created it first, that one."""
    now = utcnow()
    try:
        with savepoint():
            viewing = Viewing(
                user_id=user.id,
                screener_id=screener.id,
                intervals=[],
                watched_ms=0,
                first_at=now,
                last_at=now,
            )
            db.session.add(viewing)
        return viewing
    except IntegrityError:
        return viewing_of(user, screener)
