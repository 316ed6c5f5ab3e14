from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class SubmissionStatus(LabelledEnum):
    """The administrative status, as filmmakers know it from FilmFreeway."""

    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")
    IN_CONSIDERATION = "in_consideration", _l("In consideration")
    SHORTLISTED = "shortlisted", _l("Shortlisted")
    SELECTED = "selected", _l("Selected")
    NOT_SELECTED = "not_selected", _l("Not selected")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    DISQUALIFIED = "disqualified", _l("Disqualified")


OPEN_STATES = frozenset(
    {
        SubmissionStatus.DRAFT,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.IN_CONSIDERATION,
        SubmissionStatus.SHORTLISTED,
    }
)

LEFT_COMPETITION = frozenset({SubmissionStatus.WITHDRAWN, SubmissionStatus.DISQUALIFIED})
"""Withdrawn or disqualified: the film has left the competition. It leaves its rounds, reviewers
no longer see it and it is not ranked."""
