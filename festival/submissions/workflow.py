"""The status workflow of a submission: which changes are allowed, who may make them, and the
one function that makes them.

    draft ──► submitted ──► in_consideration ──► shortlisted ──► selected
                                   │                   │
                                   └──► not_selected ◄─┘
    any open state ──► withdrawn     (the filmmaker)
    any open state ──► disqualified  (staff, with a reason)

A decision is taken only on an entry that someone has considered: `submitted` goes to
`in_consideration` before it can be declined, so every "not selected" follows a screening
step in the history. Closed states (selected, not selected, withdrawn, disqualified) are final.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from festival.audit.services import record
from festival.database import utcnow
from festival.refusals import Refusal
from festival.submissions.enums import OPEN_STATES, SubmissionStatus
from festival.submissions.models import Submission, SubmissionEvent

S = SubmissionStatus


class Party(StrEnum):
    """Who may make a change: the filmmaker who owns the film, or festival staff."""

    FILMMAKER = "filmmaker"
    STAFF = "staff"


@dataclass(frozen=True)
class Transition:
    by: Party
    needs_reason: bool = False


TRANSITIONS: dict[tuple[SubmissionStatus, SubmissionStatus], Transition] = {
    (S.DRAFT, S.SUBMITTED): Transition(Party.FILMMAKER),
    (S.SUBMITTED, S.IN_CONSIDERATION): Transition(Party.STAFF),
    (S.IN_CONSIDERATION, S.SHORTLISTED): Transition(Party.STAFF),
    (S.IN_CONSIDERATION, S.NOT_SELECTED): Transition(Party.STAFF),
    (S.SHORTLISTED, S.SELECTED): Transition(Party.STAFF),
    (S.SHORTLISTED, S.NOT_SELECTED): Transition(Party.STAFF),
    **{(state, S.WITHDRAWN): Transition(Party.FILMMAKER) for state in OPEN_STATES},
    **{
        (state, S.DISQUALIFIED): Transition(Party.STAFF, needs_reason=True) for state in OPEN_STATES
    },
}
"""Every allowed change; anything not listed is refused."""

MAX_REASON = 500


class WorkflowError(Refusal):
    """A refused change, with a message for the user; `field` names the form field."""


def is_filmmaker_of(actor, submission: Submission) -> bool:
    return actor is not None and actor.id == submission.film.owner_id


def may_act_as(actor, party: Party, submission: Submission) -> bool:
    if party is Party.FILMMAKER:
        return is_filmmaker_of(actor, submission)
    return actor is not None and actor.is_staff


def allowed_targets(submission: Submission, actor) -> list[SubmissionStatus]:
    """The statuses `actor` may move `submission` to, in workflow order."""
    return [
        to
        for to in SubmissionStatus
        if (rule := TRANSITIONS.get((submission.status, to))) is not None
        and may_act_as(actor, rule.by, submission)
    ]


def can_withdraw(submission: Submission, actor) -> bool:
    return SubmissionStatus.WITHDRAWN in allowed_targets(submission, actor)


def change_status(
    submission: Submission, to: SubmissionStatus | str, *, actor, reason: str = ""
) -> SubmissionEvent:
    """Move `submission` to `to` if the table allows it for `actor`; record the dated event
    and the audit event (who, when, from, to, why). The caller commits."""
    to = SubmissionStatus(to)
    before = submission.status
    reason = _step(submission, to, actor=actor, reason=reason)
    event = SubmissionEvent(
        from_status=before, to_status=to, actor=actor, reason=reason, at=utcnow()
    )
    submission.events.append(event)
    return event


def settle(submission: Submission, to: SubmissionStatus, *, actor) -> SubmissionEvent | None:
    """Move `submission` to `to` along the shortest chain of staff steps, each checked and
    audited, as ONE event in the filmmaker's history: a released decision settles an entry,
    and the steps between (shortlisted on the way to selected) were never lived by them.
    None when it is there already or no chain leads there."""
    start = submission.status
    path = staff_path(start, to)
    if not path:
        return None
    for step in path:
        _step(submission, step, actor=actor, reason="")
    event = SubmissionEvent(from_status=start, to_status=to, actor=actor, reason="", at=utcnow())
    submission.events.append(event)
    return event


def staff_path(start: SubmissionStatus, target: SubmissionStatus) -> list[SubmissionStatus]:
    """The shortest chain of staff transitions without a reason from `start` to `target`."""
    steps = {
        (before, after)
        for (before, after), rule in TRANSITIONS.items()
        if rule.by is Party.STAFF and not rule.needs_reason
    }
    came_from: dict[SubmissionStatus, SubmissionStatus] = {}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        if state == target:
            path = []
            while state != start:
                path.append(state)
                state = came_from[state]
            return path[::-1]
        for before, after in steps:
            if before == state and after not in came_from and after != start:
                came_from[after] = state
                queue.append(after)
    return []


def _step(submission: Submission, to: SubmissionStatus, *, actor, reason: str) -> str:
    """Check one change against the table, make it and audit it; the checked reason."""
    before = submission.status
    reason = (reason or "").strip()
    rule = TRANSITIONS.get((before, to))
    if rule is None:
        raise WorkflowError(
            _l(
                "A submission that is “%(before)s” cannot become “%(after)s”.",
                before=before.label,
                after=to.label,
            ),
            "status",
        )
    if not may_act_as(actor, rule.by, submission):
        raise WorkflowError(
            _l("Only the filmmaker can do this.")
            if rule.by is Party.FILMMAKER
            else _l("Only festival staff can do this."),
            "status",
        )
    if rule.needs_reason and not reason:
        raise WorkflowError(_l("Give the reason; the filmmaker will read it."), "reason")
    if len(reason) > MAX_REASON:
        raise WorkflowError(
            _l("Keep the reason under %(count)d characters.", count=MAX_REASON), "reason"
        )
    submission.status = to
    if to is SubmissionStatus.SUBMITTED:
        submission.submitted_at = utcnow()
    record(
        "status_changed",
        submission,
        actor=actor,
        before={"status": before.value},
        after={"status": to.value},
        reason=reason or None,
    )
    return reason
