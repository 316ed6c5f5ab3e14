"""How long one bulk action takes to decide 1,000 entries of the desk (issue 13: < 5 s).

`measure_bulk_decide(app, submission_ids)` posts one "record a decision" bulk action for the
ids (with the `seen-<id>` versions the desk shows) as a programmer, through the real view, and
returns the seconds it took. `python bench/lists_decide.py` makes its own edition of 1,200
entries (on a fresh SQLite database in a temporary folder, or on `BENCH_DATABASE_URL`, whose
tables it drops and creates again) and decides 1,000 of them. Last line: one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import create_app
from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.extensions import db
from festival.films.models import Film
from festival.programming import bulk, decisions
from festival.programming.models.decisions import Decision
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

ENTRIES = 1_200
DECIDED = 1_000


def programmer() -> User:
    user = db.session.scalar(
        db.select(User).join(UserRole).where(UserRole.role == Role.PROGRAMMER).limit(1)
    )
    if user is None:
        user = User(
            email="bench-programmer@example.org",
            name="Bench Programmer",
            locale="en",
            role_grants=[UserRole(role=Role.PROGRAMMER)],
        )
        db.session.add(user)
        db.session.commit()
    return user


def measure_bulk_decide(app, submission_ids) -> float:
    """Seconds for one bulk "record a decision" of `submission_ids` through the view."""
    with app.app_context():
        submissions = db.session.scalars(
            db.select(Submission).where(Submission.id.in_(list(submission_ids)))
        ).all()
        edition = submissions[0].edition
        outcomes = decisions.outcome_statuses(edition)
        if not outcomes:
            decisions.add_usual_outcomes(edition, actor=None)
            db.session.commit()
            outcomes = decisions.outcome_statuses(edition)
        outcome_id = next(iter(outcomes))
        data = {
            "action": "decide",
            "outcome_id": str(outcome_id),
            "submission_ids": [str(s.id) for s in submissions],
        } | {f"seen-{s.id}": bulk.seen_as(s) for s in submissions}
        token, edition_id = programmer().session_token, edition.id
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    started = time.perf_counter()
    response = client.post(f"/manage/editions/{edition_id}/desk/bulk", data=data)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"bulk decide answered {response.status_code}")
    return elapsed


def make_entries(app, count: int) -> list[int]:
    """An edition with `count` entries in consideration, each its own filmmaker's film."""
    from tests import factories

    with app.app_context():
        edition = factories.make_edition(name="Bench Festival")
        category = edition.categories[0]
        deadline = edition.deadlines[0]
        submissions = []
        for n in range(count):
            owner = User(email=f"maker{n}@example.org", name=f"Maker {n}", locale="en")
            film = Film(
                owner=owner,
                title=f"Film {n}",
                runtime_s=600,
                year=2026,
                countries=["KR"],
                languages=["ko"],
                genres=["drama"],
                contact_name=owner.name,
                contact_email=owner.email,
            )
            submissions.append(
                Submission(
                    film=film,
                    edition=edition,
                    category=category,
                    deadline=deadline,
                    fee_cents=deadline.fee_cents,
                    currency=edition.currency,
                    status=SubmissionStatus.IN_CONSIDERATION,
                )
            )
        db.session.add_all(submissions)
        db.session.commit()
        return [s.id for s in submissions]


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="bench-decide-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{instance / 'bench.db'}"
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "AUTO_UPGRADE_DATABASE": False,
            "WTF_CSRF_ENABLED": False,
            "HUEY_SQLITE_PATH": str(instance / "queue.db"),
            "MEDIA_ROOT": str(instance / "media"),
            "SITE_URL": "http://festival.test",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    ids = make_entries(app, ENTRIES)
    seconds = measure_bulk_decide(app, ids[:DECIDED])
    with app.app_context():
        decided = db.session.scalar(db.select(db.func.count(Decision.id)))
        dialect = db.engine.dialect.name
    assert decided == DECIDED, decided
    print(f"decided {decided} entries in one bulk action on {dialect}: {seconds:.2f} s")
    print(json.dumps({"database": dialect, "bulk_decide_1000_s": round(seconds, 3)}))


if __name__ == "__main__":
    main()
