from enum import StrEnum

from flask_babel import lazy_gettext as _l


class RoundStage(StrEnum):
    """A screening round is the programmers' quick first pass; a jury round is the jury's."""

    SCREENING = "screening"
    JURY = "jury"

    @property
    def label(self):
        return STAGE_LABELS[self]


STAGE_LABELS = {
    RoundStage.SCREENING: _l("Screening (programmers)"),
    RoundStage.JURY: _l("Jury"),
}


class RoundPhase(StrEnum):
    """Derived from the round's dates, never stored."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self):
        return PHASE_LABELS[self]


PHASE_LABELS = {
    RoundPhase.UPCOMING: _l("Not open yet"),
    RoundPhase.OPEN: _l("Open for reviews"),
    RoundPhase.CLOSED: _l("Closed for reviews"),
}


class AssignmentState(StrEnum):
    ACTIVE = "active"
    ABSTAINED = "abstained"
    """The juror stepped back from the film; it is reassigned and never given to them again."""
    RECUSED = "recused"
    """A programmer took the juror off the film, silently; never assigned again."""
    CONFLICTED = "conflicted"
    """A conflict of interest came to light after the assignment; its review does not count."""

    @property
    def label(self):
        return ASSIGNMENT_STATE_LABELS[self]


ASSIGNMENT_STATE_LABELS = {
    AssignmentState.ACTIVE: _l("Assigned"),
    AssignmentState.ABSTAINED: _l("Abstained"),
    AssignmentState.RECUSED: _l("Recused"),
    AssignmentState.CONFLICTED: _l("Conflict of interest"),
}


class AssignmentOrigin(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"
    REPLACEMENT = "replacement"
    SELF = "self"
    """A programmer took the film in an open screening round."""


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self):
        return REVIEW_STATE_LABELS[self]


REVIEW_STATE_LABELS = {
    ReviewState.DRAFT: _l("Draft"),
    ReviewState.SUBMITTED: _l("Review submitted"),
}


class ConflictKind(StrEnum):
    """As HotCRP types conflicts, plus what the site can see for itself."""

    COLLABORATOR = "collaborator"
    FAMILY = "family"
    INSTITUTION = "institution"
    MENTOR = "mentor"
    FINANCIAL = "financial"
    INVOLVED = "involved"
    OTHER = "other"

    @property
    def label(self):
        return CONFLICT_KIND_LABELS[self]


CONFLICT_KIND_LABELS = {
    ConflictKind.COLLABORATOR: _l("Collaborator"),
    ConflictKind.FAMILY: _l("Family or personal"),
    ConflictKind.INSTITUTION: _l("Same company or school"),
    ConflictKind.MENTOR: _l("Mentor or student"),
    ConflictKind.FINANCIAL: _l("Financial"),
    ConflictKind.INVOLVED: _l("Involved in the film"),
    ConflictKind.OTHER: _l("Other"),
}

DECLARABLE_KINDS = tuple(kind for kind in ConflictKind if kind is not ConflictKind.INVOLVED)


class ConflictSource(StrEnum):
    DECLARED = "declared"
    """By the juror, who may lift it again unless a programmer pinned it."""
    RECORDED = "recorded"
    """By a programmer."""
    DETECTED = "detected"
    """By the site: the juror's email or name in the film's credits or contacts, or their film."""

    @property
    def label(self):
        return CONFLICT_SOURCE_LABELS[self]


CONFLICT_SOURCE_LABELS = {
    ConflictSource.DECLARED: _l("Declared by the juror"),
    ConflictSource.RECORDED: _l("Recorded by a programmer"),
    ConflictSource.DETECTED: _l("Found by the site"),
}


class BlockReason(StrEnum):
    """Why a (film, juror) pair may not be planned."""

    CONFLICT = "conflict"  # a conflict of interest (declared, recorded or detected)
    ASSIGNED = "assigned"  # the juror already has this film in the round (any state)
    RECUSED = "recused"  # a programmer recused the juror from the film: never again
    ABSTAINED = "abstained"  # the juror abstained on it: never again


class ShortReason(StrEnum):
    """Why a film gets fewer reviews than it needs."""

    NO_JURORS = "no_jurors"  # the round has fewer jurors than the film needs
    ALL_CONFLICTED = "all_conflicted"  # too few jurors not already on it are unblocked
    CAPS_REACHED = "caps_reached"  # the jurors free to take it were at their caps already
    TAKEN_BY_OTHERS = "taken_by_others"  # free jurors' capacity went to other films (tight caps)
