"""Whether an entry may be programmed: selected (released), decided selected but not yet
released (it may be pencilled into a lineup, not published), or not selected."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum
from festival.extensions import db
from festival.programming.models.decisions import Decision, OutcomeStatus
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission


class Selection(LabelledEnum):
    SELECTED = "selected", _l("Selected")
    DECIDED = "decided", _l("Selected, not yet released")
    NOT_SELECTED = "not_selected", _l("Not selected")


def selection_of(submission_ids: Iterable[int]) -> dict[int, Selection]:
    """Each entry's selection, in one query (entries unknown to the database are left out)."""
    ids = list(set(submission_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Submission.id, Submission.status, OutcomeStatus.status, Decision.released_at)
        .outerjoin(Decision, Decision.submission_id == Submission.id)
        .outerjoin(OutcomeStatus, OutcomeStatus.outcome_id == Decision.outcome_id)
        .where(Submission.id.in_(ids))
    )
    return {
        submission_id: _selection(status, decided_status, released_at is not None)
        for submission_id, status, decided_status, released_at in rows
    }


def _selection(
    status: SubmissionStatus, decided: SubmissionStatus | None, is_released: bool
) -> Selection:
    if status is SubmissionStatus.SELECTED:
        return Selection.SELECTED
    if decided is SubmissionStatus.SELECTED and not is_released:
        return Selection.DECIDED
    return Selection.NOT_SELECTED
