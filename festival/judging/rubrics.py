"""Rubrics: the built-in templates, copying a rubric, and weights as shares of 100. The
weighted total of a review is `judging.scale.weighted_total`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from festival.judging.models import Round
from festival.refusals import Refusal

MAX_CRITERIA = 12


@dataclass(frozen=True)
class CriterionDraft:
    name: str
    weight: float
    scale_min: int = 1
    scale_max: int = 10
    description: str = ""
    labels: tuple[str, ...] = field(default_factory=tuple)
    id: int | None = None
    """The criterion it edits; None for a new one."""


def _jury_template() -> list[CriterionDraft]:
    return [
        CriterionDraft(_("Story"), 30, description=_("Narrative, structure, emotional force.")),
        CriterionDraft(
            _("Visual craft"), 25, description=_("Image, composition, editing, coherence.")
        ),
        CriterionDraft(
            _("Creative use of AI"),
            25,
            description=_("Does AI serve a vision that could not be reached otherwise?"),
        ),
        CriterionDraft(_("Sound"), 10, description=_("Sound design, music, voices.")),
        CriterionDraft(
            _("Transparency of disclosure"),
            10,
            description=_("Is the AI disclosure complete, precise and consistent with the film?"),
        ),
    ]


def _stars_template() -> list[CriterionDraft]:
    return [CriterionDraft(_("Overall"), 100, 1, 5, _("Your overall impression."))]


def _yes_maybe_no_template() -> list[CriterionDraft]:
    return [
        CriterionDraft(
            _("Recommend"),
            100,
            0,
            2,
            _("Should the film go further?"),
            (_("No"), _("Maybe"), _("Yes")),
        )
    ]


TEMPLATES = {
    "ai-film-jury": (_l("AI film jury: five weighted criteria, 1–10"), _jury_template),
    "screening-stars": (_l("Screening: one rating, 1–5"), _stars_template),
    "screening-yes-maybe-no": (_l("Screening: yes / maybe / no"), _yes_maybe_no_template),
}
"""Names and descriptions are written in the language of the programmer who uses one."""


def template_criteria(key: str) -> list[CriterionDraft]:
    if key not in TEMPLATES:
        raise Refusal(_l("Choose a rubric from the list."), "template")
    return TEMPLATES[key][1]()


def copy_of(round_: Round) -> list[CriterionDraft]:
    return [
        CriterionDraft(
            c.name, c.weight, c.scale_min, c.scale_max, c.description, tuple(c.labels or ())
        )
        for c in round_.criteria
    ]


def normalised_weights(weights: Sequence[float]) -> list[float]:
    """Weights as percentages adding up to 100 (rounded to 0.1); all zero stays all equal."""
    total = sum(weights)
    if not weights:
        return []
    if total <= 0:
        return [round(100 / len(weights), 1)] * len(weights)
    return [round(100 * weight / total, 1) for weight in weights]


def weights_were_scaled(weights: Sequence[float]) -> bool:
    return bool(weights) and abs(sum(weights) - 100) > 0.05
