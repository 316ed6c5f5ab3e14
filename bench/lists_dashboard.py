"""How fast the edition dashboard answers at festival scale.

`measure_dashboard(app, edition_id)` signs in as staff through the test client and returns the
p95 in milliseconds of GET /manage/editions/<id>/dashboard. Run as a script, it first makes its
own festival in a temporary instance (or in the PostgreSQL database `DATABASE_URL` names, whose
tables it drops and makes again): 20,000 submissions of 20,000 films (with countries,
co-productions among them, and a judged version each), 4 categories, 3 deadlines, waiver codes,
a screening round where 12 programmers rated most entries, and a jury round of 200 jurors with
3 reviews of 6 criteria per entry and what each juror played. Rows are bulk-inserted (Core
`INSERT`s of many rows), not made through the services. Last line: one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import create_app
from festival.accounts.enums import STAFF_ROLES, Role
from festival.accounts.models import User, UserRole
from festival.database import utcnow
from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.extensions import db
from festival.films.models import Film
from festival.judging import progress, rounds
from festival.judging.enums import AssignmentOrigin, ReviewState, RoundStage
from festival.judging.models import Assignment, Review, RoundEntry, RoundMember, Score
from festival.judging.rubrics import CriterionDraft
from festival.media.enums import ScreenerState
from festival.media.models import Screener, Viewing
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

SUBMISSIONS = 20_000
JURORS = 200
PROGRAMMERS = 12
REVIEWS_PER_FILM = 3
CRITERIA = 6
REQUESTS = 40
WARM_UP = 3
COUNTRIES = ("KR", "US", "FR", "JP", "DE", "GB", "CN", "IN", "BR", "ES", "IT", "CA", "MX", "TW")
STATUSES = (
    (SubmissionStatus.DRAFT, 3),
    (SubmissionStatus.SUBMITTED, 50),
    (SubmissionStatus.IN_CONSIDERATION, 25),
    (SubmissionStatus.SHORTLISTED, 10),
    (SubmissionStatus.SELECTED, 3),
    (SubmissionStatus.NOT_SELECTED, 6),
    (SubmissionStatus.WITHDRAWN, 2),
    (SubmissionStatus.DISQUALIFIED, 1),
)
BATCH = 5_000


def measure_dashboard(app, edition_id: int, requests: int = REQUESTS) -> float:
    """p95 in ms of the edition's dashboard, fetched `requests` times by a staff member."""
    with app.app_context():
        staff = db.session.scalar(
            db.select(User).join(UserRole).where(UserRole.role.in_(STAFF_ROLES)).limit(1)
        )
        if staff is None:
            staff = User(
                email="dashboard-bench@example.org",
                name="Bench programmer",
                role_grants=[UserRole(role=Role.PROGRAMMER)],
            )
            db.session.add(staff)
            db.session.commit()
        token = staff.session_token
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    path = f"/manage/editions/{edition_id}/dashboard"
    timings = []
    for n in range(WARM_UP + requests):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        if n >= WARM_UP:
            timings.append(elapsed)
    return statistics.quantiles(timings, n=20)[-1]


# -- the festival, bulk-inserted ---------------------------------------------------------------


def _inserted_ids(model, rows: list[dict]) -> list[int]:
    """Insert `rows` in batches; their new ids, in the order of the rows."""
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        ids += db.session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            rows[start : start + BATCH],
        ).all()
    return ids


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def _people(role: Role, count: int, label: str) -> list[int]:
    ids = _inserted_ids(
        User,
        [
            {"email": f"{label}{n}@bench.example.org", "name": f"{label.title()} {n}"}
            for n in range(count)
        ],
    )
    _insert(UserRole, [{"user_id": user_id, "role": role} for user_id in ids])
    return ids


def _edition() -> Edition:
    today = date.today()
    edition = Edition(
        name="Benchmark Festival",
        year=2027,
        slug="bench-dashboard",
        timezone="Asia/Seoul",
        currency="KRW",
        opens_on=today - timedelta(days=60),
        is_published=True,
        categories=[
            Category(name=name, max_runtime_minutes=minutes, min_ai_share_percent=None)
            for name, minutes in (("Short", 30), ("Feature", 180), ("Music video", 10), ("XR", 60))
        ],
        deadlines=[
            Deadline(name=name, last_day_on=today + timedelta(days=days), fee_cents=fee)
            for name, days, fee in (
                ("Early", -30, 30_000),
                ("Regular", 0, 50_000),
                ("Late", 30, 70_000),
            )
        ],
        waiver_codes=[WaiverCode(code=f"WAIVE-{n}", uses_left=500) for n in range(8)],
    )
    db.session.add(edition)
    db.session.flush()
    return edition


def _round(edition, stage: RoundStage, name: str, criteria: list[CriterionDraft], members):
    now = utcnow()
    settings = rounds.RoundSettings(
        name=name,
        stage=stage,
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=14),
        reviews_per_film=REVIEWS_PER_FILM if stage is RoundStage.JURY else 1,
        is_blind=True,
        statuses=[s.value for s in SubmissionStatus if s is not SubmissionStatus.DRAFT],
    )
    round_ = rounds.create_round(edition, settings, criteria, actor=None)
    db.session.flush()
    _insert(
        RoundMember,
        [{"round_id": round_.id, "user_id": u, "preferred_category_ids": []} for u in members],
    )
    return round_


def make_dashboard_festival(submissions: int = SUBMISSIONS, seed: int = 2026) -> int:
    """Make the festival described above; its edition's id."""
    rng = random.Random(seed)
    now = utcnow()
    edition = _edition()
    _people(Role.PROGRAMMER, 1, "staff")
    filmmakers = _people(Role.FILMMAKER, max(submissions // 4, 1), "filmmaker")
    jurors = _people(Role.JUROR, JURORS, "juror")
    programmers = _people(Role.PROGRAMMER, PROGRAMMERS, "programmer")

    runtimes = [rng.randint(60, 1800) for _ in range(submissions)]
    film_ids = _inserted_ids(
        Film,
        [
            {
                "owner_id": filmmakers[n % len(filmmakers)],
                "title": f"Film {n}",
                "runtime_s": runtimes[n],
                "year": 2026,
                "countries": rng.sample(COUNTRIES, 2 if rng.random() < 0.1 else 1),
                "languages": ["ko"],
                "genres": ["drama"],
            }
            for n in range(submissions)
        ],
    )
    screener_ids = _inserted_ids(
        Screener,
        [
            {
                "film_id": film_id,
                "version": 1,
                "state": ScreenerState.READY,
                "original_path": f"uploads/{film_id}/original.mov",
                "original_bytes": 1024,
                "probe": {"duration_s": float(runtime)},
            }
            for film_id, runtime in zip(film_ids, runtimes, strict=True)
        ],
    )
    statuses = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES], k=submissions)
    waivers = [w.id for w in edition.waiver_codes]
    submission_rows = []
    for n, (film_id, status) in enumerate(zip(film_ids, statuses, strict=True)):
        deadline = rng.choice(edition.deadlines)
        waiver = rng.choice(waivers) if rng.random() < 0.05 else None
        submission_rows.append(
            {
                "film_id": film_id,
                "edition_id": edition.id,
                "category_id": edition.categories[n % len(edition.categories)].id,
                "deadline_id": deadline.id,
                "waiver_code_id": waiver,
                "status": status,
                "fee_cents": 0 if waiver else deadline.fee_cents,
                "currency": "KRW" if rng.random() < 0.9 else "USD",
                "is_paid": waiver is None and rng.random() < 0.85,
                "submitted_at": None if status is SubmissionStatus.DRAFT else now,
            }
        )
    submission_ids = _inserted_ids(Submission, submission_rows)
    entered = [
        (submission_id, screener_id)
        for submission_id, screener_id, status in zip(
            submission_ids, screener_ids, statuses, strict=True
        )
        if status is not SubmissionStatus.DRAFT
    ]

    screening = _round(
        edition,
        RoundStage.SCREENING,
        "Screening",
        [CriterionDraft("Rating", 1, 1, 5, "")],
        programmers,
    )
    _judge(rng, screening, entered, programmers, reviews=1, submitted_share=0.8, runtimes=None)
    jury = _round(
        edition,
        RoundStage.JURY,
        "Jury",
        [CriterionDraft(f"Criterion {c + 1}", 10 + c, 1, 10, "") for c in range(CRITERIA)],
        jurors,
    )
    by_screener = dict(zip(screener_ids, runtimes, strict=True))
    _judge(
        rng,
        jury,
        entered,
        jurors,
        reviews=REVIEWS_PER_FILM,
        submitted_share=0.9,
        runtimes=by_screener,
    )
    progress.rebuild([screening.id, jury.id])  # the rows went in past the ORM's listener
    db.session.commit()
    return edition.id


def _judge(rng, round_, entered, reviewers, *, reviews, submitted_share, runtimes) -> None:
    """The round's entries, `reviews` assignments each (to distinct reviewers, in turn), most of
    them with a submitted review with scores; with `runtimes`, what each reviewer played."""
    now = utcnow()
    entry_ids = _inserted_ids(
        RoundEntry,
        [
            {"round_id": round_.id, "submission_id": submission_id, "screener_id": screener_id}
            for submission_id, screener_id in entered
        ],
    )
    pairs = [
        (entry_id, screener_id, reviewers[(n * reviews + k) % len(reviewers)])
        for n, (entry_id, (_submission, screener_id)) in enumerate(
            zip(entry_ids, entered, strict=True)
        )
        for k in range(reviews)
    ]
    assignment_ids = _inserted_ids(
        Assignment,
        [
            {
                "round_id": round_.id,
                "entry_id": entry_id,
                "reviewer_id": reviewer,
                "origin": AssignmentOrigin.AUTOMATIC,
            }
            for entry_id, _screener, reviewer in pairs
        ],
    )
    played = {}
    if runtimes is not None:
        for _entry, screener_id, reviewer in pairs:
            duration_ms = runtimes[screener_id] * 1000
            played[(reviewer, screener_id)] = int(duration_ms * min(1.0, rng.random() * 1.3))
        _insert(
            Viewing,
            [
                {
                    "user_id": user_id,
                    "screener_id": screener_id,
                    "intervals": [[0, ms]],
                    "watched_ms": ms,
                }
                for (user_id, screener_id), ms in played.items()
            ],
        )
    submitted = [
        (assignment_id, played.get((reviewer, screener_id)))
        for assignment_id, (_entry, screener_id, reviewer) in zip(
            assignment_ids, pairs, strict=True
        )
        if rng.random() < submitted_share
    ]
    review_ids = _inserted_ids(
        Review,
        [
            {
                "assignment_id": assignment_id,
                "state": ReviewState.SUBMITTED,
                "watched_ms": watched,
                "submitted_at": now,
                "total": 5.0,
            }
            for assignment_id, watched in submitted
        ],
    )
    criteria = [c.id for c in round_.criteria]
    _insert(
        Score,
        [
            {"review_id": review_id, "criterion_id": criterion_id, "value": rng.randint(1, 5)}
            for review_id in review_ids
            for criterion_id in criteria
        ],
    )


def _fresh_postgresql(url: str) -> None:
    """Drop every table of the benchmark database, so the app's migrations make them again."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory() as instance:
        if url:
            _fresh_postgresql(url)
        app = create_app({"INSTANCE_PATH": instance, "SECRET_KEY": "bench"})
        database = "postgresql" if url else "sqlite"
        started = time.perf_counter()
        with app.app_context():
            edition_id = make_dashboard_festival()
        made_s = time.perf_counter() - started
        print(f"{database}: made {SUBMISSIONS} submissions in {made_s:.1f} s")
        p95 = measure_dashboard(app, edition_id)
        print(f"  dashboard p95 {p95:.1f} ms over {REQUESTS} requests")
    print(
        json.dumps(
            {
                "database": database,
                "submissions": SUBMISSIONS,
                "jurors": JURORS,
                "dashboard_p95_ms": round(p95, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
