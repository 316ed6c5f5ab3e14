"""A festival programme at the issue's scale for the benchmarks: `make_programme(edition_id,
films=300, blocks=80, screenings=400, venues=12, days=10)` on a festival made by
`festival_data.make_festival` (films with disclosures, credits and screeners).

The first `films` entries become selected with a released decision (the usual outcome
"Selected"); they are spread over `blocks` blocks; `venues` venues get `screenings` screenings
over `days` days on the edition's clock, each venue's day filled from 10:00 with the
changeover between two, every other screening confirmed; a tenth of the filmmakers attend and
are booked as guests. Rows go in by Core inserts, ids given here."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from festival.extensions import db
from festival.films.models import Film
from festival.programming.models.decisions import Attendance, Decision, OutcomeStatus, Release
from festival.programming.models.programme import (
    Block,
    BlockFilm,
    Screening,
    ScreeningGuest,
    Venue,
)
from festival.programming.running_time import running_time
from festival.submissions.models import JudgingOutcome, Submission

FIRST_DAY = date(2027, 7, 10)


@dataclass(frozen=True)
class Programme:
    edition_id: int
    films: int
    screenings: int
    venue_ids: list[int]
    screening_ids: list[int]


def make_programme(
    edition_id: int,
    films: int = 300,
    blocks: int = 80,
    screenings: int = 400,
    venues: int = 12,
    days: int = 10,
    *,
    seed: int = 14,
) -> Programme:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    rows = db.session.execute(
        db.select(Submission.id, Film.id, Film.owner_id, Film.runtime_s)
        .join(Film, Film.id == Submission.film_id)
        .where(Submission.edition_id == edition_id)
        .order_by(Submission.id)
        .limit(films)
    ).all()
    chosen = [row[0] for row in rows]
    runtime = {row[0]: min(row[3], 40 * 60) for row in rows}
    owner = {row[0]: row[2] for row in rows}
    db.session.execute(
        db.update(Submission).where(Submission.id.in_(chosen)).values(status="selected")
    )
    outcome = JudgingOutcome(edition_id=edition_id, name="Selected", public_description="")
    db.session.add(outcome)
    release = Release(edition_id=edition_id, scheduled_for=now, state="released", released_at=now)
    db.session.add(release)
    db.session.flush()
    db.session.add(OutcomeStatus(outcome_id=outcome.id, status="selected"))
    db.session.execute(
        insert(Decision),
        [
            {
                "submission_id": s,
                "edition_id": edition_id,
                "outcome_id": outcome.id,
                "decided_at": now,
                "release_id": release.id,
                "released_at": now,
            }
            for s in chosen
        ],
    )
    db.session.execute(
        insert(Attendance),
        [{"submission_id": s, "is_attending": True, "updated_at": now} for s in chosen[::10]],
    )
    venue_rows = [
        {
            "id": 1 + v,
            "edition_id": edition_id,
            "name": f"Screen {v + 1}",
            "name_ko": f"{v + 1}관",
            "address": "",
            "capacity": rng.randint(60, 400),
            "changeover_minutes": 15,
            "closed_on": [],
            "position": v,
        }
        for v in range(venues)
    ]
    db.session.execute(insert(Venue), venue_rows)
    films_of = {b: chosen[b::blocks] for b in range(blocks)}
    block_rows = [
        {
            "id": 1 + b,
            "edition_id": edition_id,
            "title": f"Shorts {b + 1}",
            "title_ko": f"단편 {b + 1}",
            "description": "",
            "description_ko": "",
            "section": "",
            "section_ko": "",
            "intro_minutes": 5,
            "gap_minutes": 1,
            "qa_minutes": 15,
            "revision": 1,
            "created_at": now,
            "updated_at": now,
        }
        for b in range(blocks)
    ]
    db.session.execute(insert(Block), block_rows)
    db.session.execute(
        insert(BlockFilm),
        [
            {"block_id": 1 + b, "submission_id": s, "position": p}
            for b, members in films_of.items()
            for p, s in enumerate(members)
        ],
    )
    minutes = {
        b: running_time(
            [runtime[s] for s in members], intro_minutes=5, gap_minutes=1, qa_minutes=15
        ).total_minutes
        for b, members in films_of.items()
    }
    zone = ZoneInfo(
        db.session.execute(
            db.text("SELECT timezone FROM editions_editions WHERE id = :id"), {"id": edition_id}
        ).scalar()
    )
    screening_rows, guest_rows = [], []
    per_venue_day = -(-screenings // (venues * days))
    n = 0
    for day in range(days):
        for v in range(venues):
            start = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), zone)
            start = (start + timedelta(hours=10)).astimezone(UTC)
            for _ in range(per_venue_day):
                if n == screenings:
                    break
                b = n % blocks
                ends = start + timedelta(minutes=minutes[b])
                n += 1
                screening_rows.append(
                    {
                        "id": n,
                        "edition_id": edition_id,
                        "venue_id": 1 + v,
                        "block_id": 1 + b,
                        "starts_at": start,
                        "ends_at": ends,
                        "state": "confirmed" if n % 2 else "pencilled",
                        "note": "",
                        "revision": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                guest_rows += [
                    {"screening_id": n, "user_id": owner[s]}
                    for s in films_of[b]
                    if s in set(chosen[::10])
                ]
                start = ends + timedelta(minutes=15)
    db.session.execute(insert(Screening), screening_rows)
    if guest_rows:
        db.session.execute(insert(ScreeningGuest), guest_rows)
    db.session.commit()
    return Programme(
        edition_id=edition_id,
        films=len(chosen),
        screenings=len(screening_rows),
        venue_ids=[v["id"] for v in venue_rows],
        screening_ids=[s["id"] for s in screening_rows],
    )
