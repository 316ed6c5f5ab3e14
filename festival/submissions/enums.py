from enum import StrEnum

from flask_babel import lazy_gettext as _l


class SubmissionStatus(StrEnum):
    """The administrative status, as filmmakers know it from FilmFreeway."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_CONSIDERATION = "in_consideration"
    SHORTLISTED = "shortlisted"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"
    DISQUALIFIED = "disqualified"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    SubmissionStatus.DRAFT: _l("Draft"),
    SubmissionStatus.SUBMITTED: _l("Submitted"),
    SubmissionStatus.IN_CONSIDERATION: _l("In consideration"),
    SubmissionStatus.SHORTLISTED: _l("Shortlisted"),
    SubmissionStatus.SELECTED: _l("Selected"),
    SubmissionStatus.NOT_SELECTED: _l("Not selected"),
    SubmissionStatus.WITHDRAWN: _l("Withdrawn"),
    SubmissionStatus.DISQUALIFIED: _l("Disqualified"),
}

OPEN_STATES = frozenset(
    {
        SubmissionStatus.DRAFT,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.IN_CONSIDERATION,
        SubmissionStatus.SHORTLISTED,
    }
)
