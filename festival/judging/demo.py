"""The demo festival's judging: an open screening round for the programmers and a blind jury
round whose films are already assigned, so the demo juror finds a film to score at once."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale

from festival.database import utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.judging import planning, rounds, rubrics
from festival.judging.enums import RoundStage
from festival.judging.models import Round, RoundMember
from festival.submissions.enums import SubmissionStatus

COVERED = [SubmissionStatus.SUBMITTED.value, SubmissionStatus.IN_CONSIDERATION.value]


def seed_demo_rounds(edition: Edition, *, programmers, jurors, actor) -> list[Round]:
    """Both rounds, once: nothing happens if the edition has rounds already."""
    if db.session.scalar(db.select(Round.id).where(Round.edition_id == edition.id).limit(1)):
        return []
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    with force_locale("en"):
        screening_rubric = rubrics.template_criteria("screening-stars")
        jury_rubric = rubrics.template_criteria("ai-film-jury")
    screening, jury = (
        _round(
            edition,
            name,
            stage,
            criteria,
            members,
            actor=actor,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=days_open),
            reviews_per_film=2,
            is_open_screening=stage is RoundStage.SCREENING,
            is_blind=stage is RoundStage.JURY,
        )
        for name, stage, criteria, members, days_open in (
            ("First screening", RoundStage.SCREENING, screening_rubric, programmers, 30),
            ("Jury", RoundStage.JURY, jury_rubric, jurors, 45),
        )
    )
    preview = planning.preview(jury)
    planning.apply(jury, preview.fingerprint, actor=actor)
    return [screening, jury]


def _round(edition, name, stage, criteria, members, *, actor, **settings) -> Round:
    round_ = rounds.create_round(
        edition,
        rounds.RoundSettings(name=name, stage=stage, statuses=list(COVERED), **settings),
        criteria,
        actor=actor,
    )
    for person in members:
        round_.members.append(RoundMember(user_id=person.id, preferred_category_ids=[]))
    db.session.flush()
    rounds.sync_entries(round_, actor=actor)
    return round_
