"""Whether a film may be entered in a category, as a list of named checks.

Each check says whether it passed and, when it did not, exactly what is missing, so the
submit page can show the filmmaker what to fix. The checks read nothing themselves: they are
pure functions of the film's facts (`submissions.facts.facts_of`), the category and the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_percent
from flask_babel import lazy_gettext as _l

from festival.editions.models import Category
from festival.editions.schedule import is_open
from festival.media.enums import FINISHED_STATES
from festival.media.reports import failure_line
from festival.submissions.enums import SubmissionStatus
from festival.submissions.facts import FilmFacts


@dataclass(frozen=True)
class Check:
    name: str
    label: object
    passed: bool | None
    message: object = ""
    details: tuple = ()
    """Further lines under the message, e.g. each missing answer of the disclosure."""

    @property
    def is_failed(self) -> bool:
        return self.passed is False


def is_eligible(checks: list[Check]) -> bool:
    return not any(check.is_failed for check in checks)


def failed(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.is_failed]


# The checks


def call_open_check(category: Category, now: datetime) -> Check:
    edition = category.edition
    if is_open(edition, now):
        return Check("call_open", _l("Call for entries"), True)
    return Check(
        "call_open",
        _l("Call for entries"),
        False,
        _l("%(edition)s is not accepting entries now.", edition=edition.name),
    )


def runtime_check(facts: FilmFacts, category: Category) -> Check:
    label = _l("Runtime")
    minutes = -(-facts.runtime_s // 60)
    if facts.runtime_s > category.max_runtime_s:
        return Check(
            "runtime",
            label,
            False,
            _l(
                "%(category)s takes films up to %(limit)d minutes; this film runs %(minutes)d.",
                category=category.name,
                limit=category.max_runtime_minutes,
                minutes=minutes,
            ),
        )
    if facts.runtime_s < category.min_runtime_s:
        return Check(
            "runtime",
            label,
            False,
            _l(
                "%(category)s takes films of at least %(limit)d minutes; this film runs "
                "%(duration)s.",
                category=category.name,
                limit=category.min_runtime_minutes,
                duration=runtime_text(facts.runtime_s),
            ),
        )
    return Check("runtime", label, True)


def runtime_text(seconds: int):
    """A short runtime as people say it: whole minutes, or seconds under one minute."""
    if seconds < 60:
        return _l("%(seconds)d seconds", seconds=seconds)
    return _l("%(minutes)d minutes", minutes=seconds // 60)


def disclosure_check(facts: FilmFacts) -> Check:
    label = _l("AI disclosure")
    if facts.disclosure is None:
        return Check(
            "disclosure", label, False, _l("Fill in the AI disclosure of this film first.")
        )
    if not facts.problems:
        return Check("disclosure", label, True)
    return Check(
        "disclosure",
        label,
        False,
        _l(
            "The AI disclosure is not complete: %(count)d answers are missing or need fixing.",
            count=len(facts.problems),
        ),
        tuple(problem.message for problem in facts.problems),
    )


def ai_share_check(facts: FilmFacts, category: Category) -> Check | None:
    """None when the category sets no minimum share."""
    minimum = category.min_ai_share_percent
    if minimum is None:
        return None
    label = _l("AI-generated share")
    if facts.ai_share * 100 >= minimum:
        return Check("ai_share", label, True)
    return Check(
        "ai_share",
        label,
        False,
        _l(
            "%(category)s needs AI-generated material in at least %(minimum)s of the runtime; "
            "the segments of the disclosure cover %(share)s.",
            category=category.name,
            minimum=format_percent(minimum / 100),
            share=format_percent(facts.ai_share, format="#,##0.#%"),
        ),
    )


def not_entered_check(facts: FilmFacts, category: Category) -> Check:
    label = _l("Not entered yet")
    existing = facts.entries.get(category.id)
    if existing is None:
        return Check("not_entered", label, True)
    if existing is SubmissionStatus.WITHDRAWN:
        message = _l(
            "This film was entered in %(category)s and withdrawn; it cannot be entered again.",
            category=category.name,
        )
    else:
        message = _l("This film is already entered in %(category)s.", category=category.name)
    return Check("not_entered", label, False, message)


def screener_check(facts: FilmFacts, category: Category | None = None) -> Check:
    """A screener version must have passed ingest (probe, previews and QC) and, for a
    category, meet its call's technical requirements (a warning does not block)."""
    label = _l("Screener")
    if facts.playable_screener is not None:
        if category is None or facts.screener_qc is None:
            return Check("screener", label, True)
        edition = category.edition
        failures = facts.screener_qc.failures(edition.screener_requirements, facts.runtime_s)
        if not failures:
            return Check("screener", label, True)
        return Check(
            "screener",
            label,
            False,
            _l(
                "The screener does not meet the technical requirements of %(edition)s; "
                "upload a version that does.",
                edition=edition.name,
            ),
            tuple(failure_line(check) for check in failures),
        )
    latest = facts.latest_screener
    if latest is None:
        message = _l("Upload the film's screener.")
    elif latest.state in FINISHED_STATES:
        message = _l(
            "The last screener upload was not accepted: %(reason)s Upload a new one.",
            reason=latest.rejection_message or latest.state.label,
        )
    else:
        message = _l("The screener is still being processed; try again in a few minutes.")
    return Check("screener", label, False, message)


def check_eligibility(facts: FilmFacts, category: Category, *, now: datetime) -> list[Check]:
    """Every check for entering the film of `facts` in `category` at `now`, in the order the
    page shows them."""
    checks = [
        call_open_check(category, now),
        not_entered_check(facts, category),
        runtime_check(facts, category),
        disclosure_check(facts),
        ai_share_check(facts, category),
        screener_check(facts, category),
    ]
    return [check for check in checks if check is not None]
