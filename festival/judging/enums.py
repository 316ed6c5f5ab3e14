from enum import StrEnum

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class RoundStage(LabelledEnum):
    """A screening round is the programmers' quick first pass; a jury round is the jury's."""

    SCREENING = "screening", _l("Screening (programmers)")
    JURY = "jury", _l("Jury")


class RoundPhase(LabelledEnum):
    """Derived from the round's dates, never stored."""

    UPCOMING = "upcoming", _l("Not open yet")
    OPEN = "open", _l("Open for reviews")
    CLOSED = "closed", _l("Closed for reviews")


class AssignmentState(LabelledEnum):
    ACTIVE = "active", _l("Assigned")
    ABSTAINED = "abstained", _l("Abstained")
    """The juror stepped back from the film; it is reassigned and never given to them again."""
    RECUSED = "recused", _l("Recused")
    """A programmer took the juror off the film, silently; never assigned again."""
    CONFLICTED = "conflicted", _l("Conflict of interest")
    """A conflict of interest came to light after the assignment; its review does not count."""


class AssignmentOrigin(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"
    REPLACEMENT = "replacement"
    SELF = "self"
    """A programmer took the film in an open screening round."""


class ReviewState(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Review submitted")


class ConflictKind(LabelledEnum):
    """As HotCRP types conflicts, plus what the site can see for itself."""

    COLLABORATOR = "collaborator", _l("Collaborator")
    FAMILY = "family", _l("Family or personal")
    INSTITUTION = "institution", _l("Same company or school")
    MENTOR = "mentor", _l("Mentor or student")
    FINANCIAL = "financial", _l("Financial")
    INVOLVED = "involved", _l("Involved in the film")
    OTHER = "other", _l("Other")


DECLARABLE_KINDS = tuple(kind for kind in ConflictKind if kind is not ConflictKind.INVOLVED)


class ConflictSource(LabelledEnum):
    DECLARED = "declared", _l("Declared by the juror")
    """By the juror, who may lift it again unless a programmer pinned it."""
    RECORDED = "recorded", _l("Recorded by a programmer")
    """By a programmer."""
    DETECTED = "detected", _l("Found by the site")
    """By the site: the juror's email or name in the film's credits or contacts, or their film."""


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
