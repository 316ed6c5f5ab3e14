"""How fast a FilmFreeway export is imported.

Makes a realistic 5,000-row export (every one of its 63 columns, a third of the rows in Hangul,
two categories on some rows, several statuses), stages it in a fresh edition, then times the
whole apply (accounts invited, films, submissions, audit, outbox) through
`programming.importing.apply_run` and its commit, the work the import page does. SQLite in a
temporary instance by default; PostgreSQL when DATABASE_URL is set (its tables are made
afresh). Last line: one JSON object. `measure_import(app, rows)` serves bench/lists.py.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import create_app
from festival.accounts.enums import Role
from festival.accounts.services import create_user
from festival.editions import services as editions
from festival.extensions import db
from festival.programming import importing
from tests.programming.filmfreeway_export import export_file, export_row

ROWS = 5_000
CATEGORIES = ("AI Short", "AI Feature", "Experimental (any length, any genre)")


def realistic_export(rows: int) -> bytes:
    return export_file(
        [
            export_row(n, categories=CATEGORIES[:1] if n % 5 else CATEGORIES[::2])
            for n in range(1, rows + 1)
        ]
    )


def fresh_edition(suffix: str):
    today = date.today()
    edition = editions.create_edition(
        actor=None,
        name=f"Import bench {suffix}",
        year=2027,
        slug=f"import-bench-{suffix}",
        timezone="Asia/Seoul",
        currency="KRW",
        opens_on=today - timedelta(days=10),
    )
    for name in CATEGORIES:
        editions.add_category(edition, actor=None, name=name, max_runtime_minutes=180)
    editions.add_deadline(
        edition, actor=None, name="Regular", last_day_on=today + timedelta(days=30), fee_cents=0
    )
    return edition


def measure_import(app, rows: int = ROWS) -> dict:
    """Stage and apply a `rows`-row export into a fresh edition of `app`'s database; the
    seconds and rows per second of the apply and its commit (and its CPU seconds, which a
    machine shared with other work does not inflate)."""
    data = realistic_export(rows)
    with app.app_context():
        suffix = str(time.time_ns())
        edition = fresh_edition(suffix)
        actor = create_user(f"bench-{suffix}@example.org", "Bench", {Role.PROGRAMMER})
        run = importing.stage_file(edition, data, file_name="filmfreeway.csv", actor=actor)
        db.session.commit()
        started, cpu_started = time.perf_counter(), time.process_time()
        importing.apply_run(run, actor=actor)
        db.session.commit()
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        taken = run.rows_taken
    return {
        "import_rows": rows,
        "import_rows_taken": taken,
        "import_s": round(seconds, 2),
        "import_rows_per_s": round(rows / seconds, 1),
        "import_cpu_s": round(cpu_seconds, 2),
        "import_file_mb": round(len(data) / 1024 / 1024, 2),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as instance:
        settings = {"INSTANCE_PATH": instance, "SECRET_KEY": "bench", "MEDIA_ROOT": instance}
        if os.environ.get("DATABASE_URL"):
            settings["AUTO_UPGRADE_DATABASE"] = False
        app = create_app(settings)
        if os.environ.get("DATABASE_URL"):
            with app.app_context():
                db.drop_all()
                db.create_all()
        figures = measure_import(app, int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
        figures["database"] = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
