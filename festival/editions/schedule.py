"""When a call for entries opens and closes, and which fee tier applies at an instant.

Deadlines are local dates: a deadline lasts until the end of its last day in the edition's own
time zone, whatever the time zone of the filmmaker or the server. Every instant here is an
aware UTC datetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from festival.editions.enums import CallState
from festival.editions.models import Deadline, Edition


def start_of_local_day(day: date, timezone: str) -> datetime:
    """The instant `day` begins in `timezone`, in UTC.

    Where a DST jump skips midnight, the day begins at the jump (zoneinfo's fold=0 reading)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def opens_at(edition: Edition) -> datetime:
    return start_of_local_day(edition.opens_on, edition.timezone)


def deadline_end(edition: Edition, deadline: Deadline) -> datetime:
    """The instant the deadline's last local day is over: the start of the next local day."""
    return start_of_local_day(deadline.last_day_on + timedelta(days=1), edition.timezone)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("give an aware datetime, for example festival.database.utcnow()")


def current_deadline(edition: Edition, now: datetime) -> Deadline | None:
    """The first deadline whose end is still ahead of `now`; None once the last has passed."""
    _require_aware(now)
    for deadline in sorted(edition.deadlines, key=lambda d: d.last_day_on):
        if now < deadline_end(edition, deadline):
            return deadline
    return None


def last_deadline(edition: Edition) -> Deadline | None:
    return max(edition.deadlines, key=lambda d: d.last_day_on, default=None)


def current_fee(edition: Edition, now: datetime) -> int | None:
    """The entry fee in minor units at `now`, or None when the call is closed."""
    deadline = current_deadline(edition, now)
    return deadline.fee_cents if deadline is not None else None


def call_state(edition: Edition, now: datetime) -> CallState:
    if edition.is_archived:
        return CallState.ARCHIVED
    if not edition.is_published:
        return CallState.DRAFT
    if current_deadline(edition, now) is None:
        return CallState.CLOSED
    if now < opens_at(edition):
        return CallState.UPCOMING
    return CallState.OPEN


def is_open(edition: Edition, now: datetime) -> bool:
    """Whether the edition accepts entries at `now`: published, not archived, between its
    opening day and the end of its last deadline."""
    return call_state(edition, now) is CallState.OPEN


@dataclass(frozen=True)
class CallStatus:
    """What a page shows about a call at one instant."""

    edition: Edition
    state: CallState
    current_deadline: Deadline | None
    last_deadline: Deadline | None

    def is_past(self, deadline: Deadline) -> bool:
        current = self.current_deadline
        return current is None or deadline.last_day_on < current.last_day_on


def call_status(edition: Edition, now: datetime) -> CallStatus:
    return CallStatus(
        edition=edition,
        state=call_state(edition, now),
        current_deadline=current_deadline(edition, now),
        last_deadline=last_deadline(edition),
    )
