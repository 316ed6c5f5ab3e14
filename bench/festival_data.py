"""A festival at full scale for the benchmarks: `make_festival(app, submissions=20000)`.

One edition with three categories, three deadline tiers and a waiver code; `submissions`
films of as many filmmakers, each with two credits, an AI disclosure (three answered elements
with their tools, one or two timecoded segments), a ready screener with its probe and QC
measurements, and a submission; a screening round where a programmer rated every entry,
tags on a tenth of them, conflicts on a fiftieth, and a jury round of 200 jurors with three
reviews per film over six criteria. Titles are English or Korean (and a Korean original title
beside an English one), so search meets both scripts.

Rows go in by bulk inserts (`db.session.execute(insert(Model), rows)`), seeded, with ids
given here, into an empty database; then the desk's rows are built by
`programming.desk_rows.refresh_rows` and the jury scores by `refresh_jury_scores`, as the app
does. Returns a `Festival` naming what the timings need."""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.disclosure.models import Disclosure, DisclosureElement, DisclosureSegment
from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.extensions import db
from festival.films.models import Credit, Film
from festival.judging import progress
from festival.judging.models import (
    Assignment,
    Conflict,
    Criterion,
    Review,
    Round,
    RoundEntry,
    RoundMember,
    Score,
    SubmissionTag,
)
from festival.media.models import Screener
from festival.programming.desk_rows import refresh_jury_scores, refresh_rows
from festival.submissions.models import Submission

JURORS = 200
REVIEWS_PER_FILM = 3
CRITERIA = 6
WEIGHTS = (30, 20, 20, 10, 10, 10)
STATUSES = ("submitted", "in_consideration", "shortlisted", "not_selected")
COUNTRIES = ("KR", "FR", "US", "JP", "DE", "BR", "IN", "NG", "GB", "ES")
LANGUAGES = ("ko", "fr", "en", "ja", "de", "pt", "hi", "es")
TOOLS = ("Runway Gen-4", "Sora", "Veo", "Kling", "ElevenLabs", "Suno", "Midjourney", "Flux")
ELEMENTS = ("visual_footage", "voice_dialogue", "music_score", "vfx_compositing")
EXTENTS = ("none", "assisted", "partly_generated", "mostly_generated", "fully_generated")
TAGS = ("horror", "vfx-heavy", "추천", "documentary", "animation")
WORDS = [
    "quiet",
    "sea",
    "night",
    "bus",
    "rain",
    "forecast",
    "garden",
    "machine",
    "river",
    "memory",
    "light",
    "city",
    "winter",
    "signal",
    "orchard",
    "mirror",
    "paper",
    "harbour",
    "glass",
    "echo",
    "lantern",
]
SYLLABLES = [
    "서울",
    "바다",
    "고요",
    "밤",
    "버스",
    "비",
    "정원",
    "기계",
    "강",
    "기억",
    "빛",
    "도시",
    "겨울",
    "신호",
    "과수원",
    "거울",
    "종이",
    "항구",
    "유리",
    "메아리",
    "등불",
]
FIRST_NAMES = ("Minho", "Jiwon", "Amélie", "Lucas", "Aiko", "Kwame", "Priya", "Sofia")
LAST_NAMES = ("Park", "Kim", "Durand", "Silva", "Tanaka", "Mensah", "Sharma", "García")


@dataclass(frozen=True)
class Festival:
    edition_id: int
    staff_id: int
    category_ids: list[int]
    submissions: int
    jury_round_id: int


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _bulk(model, rows: list[dict], chunk: int = 5_000) -> None:
    for start in range(0, len(rows), chunk):
        db.session.execute(insert(model), rows[start : start + chunk])


def _probe(duration_s: float) -> dict:
    video = {
        "index": 0, "codec": "h264", "profile": "High", "width": 1920, "height": 1080,
        "display_width": 1920, "display_height": 1080, "sample_aspect": "1:1",
        "display_aspect": 1920 / 1080, "rotation": 0, "avg_frame_rate": "24/1",
        "r_frame_rate": "24/1", "frame_rate": 24.0, "is_variable_frame_rate": False,
        "pix_fmt": "yuv420p", "bit_depth": 8, "color_primaries": "bt709",
        "color_transfer": "bt709", "color_space": "bt709", "color_range": "tv",
        "hdr_format": None, "field_order": "progressive", "nb_frames": None,
    }  # fmt: skip
    audio = {"index": 1, "codec": "aac", "channels": 2, "channel_layout": "stereo"}
    return {
        "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "demuxer": "mov,mp4,m4a,3gp,3g2,mj2",
        "container": "mp4", "duration_s": duration_s, "size_bytes": 500_000_000,
        "bit_rate": 8_000_000, "video": video, "audio": [audio | {"sample_rate": 48000}],
    }  # fmt: skip


def _title(rng: random.Random) -> tuple[str, str | None]:
    if rng.random() < 0.35:
        return " ".join(rng.sample(SYLLABLES, rng.randint(2, 3))), None
    english = " ".join(rng.sample(WORDS, rng.randint(2, 3))).title()
    korean = " ".join(rng.sample(SYLLABLES, 2)) if rng.random() < 0.3 else None
    return f"The {english}", korean


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def make_festival(app, submissions: int = 20_000, *, seed: int = 13) -> Festival:
    """Fill an empty database with one edition of `submissions` entries (see the module)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with app.app_context():
        db.session.add(
            Edition(
                id=1,
                name="Bench AI Film Festival",
                year=2027,
                slug="bench",
                timezone="Asia/Seoul",
                currency="KRW",
                opens_on=date.today() - timedelta(days=60),
                is_published=True,
                categories=[
                    Category(id=c + 1, name=name, max_runtime_minutes=minutes)
                    for c, (name, minutes) in enumerate(
                        (("AI Short", 30), ("AI Feature", 180), ("Music Video", 10))
                    )
                ],
                deadlines=[
                    Deadline(
                        id=d + 1,
                        name=name,
                        last_day_on=date.today() + timedelta(days=10 * (d + 1)),
                        fee_cents=fee,
                    )
                    for d, (name, fee) in enumerate(
                        (("Early", 30_000), ("Regular", 50_000), ("Late", 70_000))
                    )
                ],
                waiver_codes=[WaiverCode(id=1, code="FRIENDS", uses_left=10_000)],
            )
        )
        db.session.flush()
        n = submissions
        staff_id, juror_base, owner_base = 1, 2, 2 + JURORS
        users = [{"id": staff_id, "email": "staff@bench.test", "name": "Bench Programmer"}]
        users += [
            {"id": juror_base + j, "email": f"juror{j}@bench.test", "name": _person(rng)}
            for j in range(JURORS)
        ]
        users += [
            {"id": owner_base + f, "email": f"maker{f}@bench.test", "name": _person(rng)}
            for f in range(n)
        ]
        for user in users:
            user |= {"locale": "en", "is_active": True, "created_at": now}
        _bulk(User, users)
        grants = [{"user_id": staff_id, "role": Role.PROGRAMMER}]
        grants += [{"user_id": juror_base + j, "role": Role.JUROR} for j in range(JURORS)]
        grants += [{"user_id": owner_base + f, "role": Role.FILMMAKER} for f in range(n)]
        _bulk(UserRole, grants)
        _say(f"  users: {len(users)}")

        films, credits, disclosures, elements, segments, screeners, entries = ([] for _ in range(7))
        for f in range(n):
            film_id = f + 1
            title, original = _title(rng)
            runtime_s = rng.randint(60, 40 * 60) if f % 3 != 1 else rng.randint(45, 150) * 60
            films.append(
                {
                    "id": film_id,
                    "owner_id": owner_base + f,
                    "title": title,
                    "original_title": original,
                    "logline": " ".join(rng.sample(WORDS, 8)),
                    "synopsis": " ".join(rng.choices(WORDS + SYLLABLES, k=60)),
                    "runtime_s": runtime_s,
                    "year": 2026,
                    "countries": rng.sample(COUNTRIES, rng.randint(1, 2)),
                    "languages": rng.sample(LANGUAGES, 1),
                    "genres": ["drama"],
                    "created_at": now,
                    "updated_at": now,
                }
            )
            credits += [
                {"film_id": film_id, "role": role, "name": _person(rng), "position": p}
                for p, role in enumerate(("director", "producer"))
            ]
            disclosures.append({"id": film_id, "film_id": film_id, "version": 1, "frozen_at": now})
            for element in rng.sample(ELEMENTS, 3):
                elements.append(
                    {
                        "disclosure_id": film_id,
                        "element": element,
                        "extent": rng.choice(EXTENTS),
                        "tools": [{"name": rng.choice(TOOLS), "version": "", "vendor": ""}],
                    }
                )
            start = rng.randint(0, runtime_s // 2) * 1000
            for s in range(rng.randint(1, 2)):
                segments.append(
                    {
                        "disclosure_id": film_id,
                        "start_ms": start + s * 1000,
                        "end_ms": start + s * 1000 + rng.randint(2, max(3, runtime_s // 3)) * 1000,
                        "element": "visual_footage",
                        "tool": rng.choice(TOOLS),
                    }
                )
            screeners.append(
                {
                    "id": film_id,
                    "film_id": film_id,
                    "version": 1,
                    "state": "ready",
                    "original_path": f"uploads/{film_id}/original",
                    "original_bytes": 500_000_000,
                    "probe": _probe(runtime_s + rng.choice((0, 0, 0, 5, 30))),
                    "qc": {
                        "measurements": {
                            "integrated_lufs": rng.choice((-24.0, -23.5, -27.0, -35.0)),
                            "true_peak_dbtp": -2.0,
                        },
                        "notes": [],
                    },
                    "progress": 1.0,
                    "created_at": now,
                    "ready_at": now,
                }
            )
            deadline = rng.randint(1, 3)
            waived = rng.random() < 0.05
            entries.append(
                {
                    "id": film_id,
                    "film_id": film_id,
                    "edition_id": 1,
                    "category_id": 1 + f % 3,
                    "deadline_id": deadline,
                    "waiver_code_id": 1 if waived else None,
                    "disclosure_id": film_id,
                    "status": "draft" if f % 50 == 0 else rng.choice(STATUSES),
                    "fee_cents": 0 if waived else (30_000, 50_000, 70_000)[deadline - 1],
                    "currency": "KRW",
                    "is_paid": not waived and rng.random() < 0.8,
                    "submitted_at": now - timedelta(minutes=n - f),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for model, rows in (
            (Film, films),
            (Credit, credits),
            (Disclosure, disclosures),
            (DisclosureElement, elements),
            (DisclosureSegment, segments),
            (Screener, screeners),
            (Submission, entries),
        ):
            _bulk(model, rows)
            _say(f"  {model.__tablename__}: {len(rows)}")
        jury_round_id = _judging(rng, n, staff_id, juror_base, now)
        _fix_sequences()
        db.session.commit()
        _say(f"  inserted in {time.perf_counter() - started:.1f} s; building the desk rows")
        refresh_rows(range(1, n + 1))
        db.session.commit()
        refresh_jury_scores(db.session.get(Round, jury_round_id))
        # the rounds' rows went in past the ORM's listener: their progress figures likewise
        progress.rebuild(db.session.scalars(db.select(Round.id)))
        db.session.commit()
        _say(f"  festival ready in {time.perf_counter() - started:.1f} s")
        return Festival(
            edition_id=1,
            staff_id=staff_id,
            category_ids=[1, 2, 3],
            submissions=n,
            jury_round_id=jury_round_id,
        )


def _judging(rng: random.Random, n: int, staff_id: int, juror_base: int, now) -> int:
    """A screening round rated by the programmer, and a jury round of three reviews a film."""
    opens, closes = now - timedelta(days=30), now + timedelta(days=30)
    for round_id, stage in ((1, "screening"), (2, "jury")):
        db.session.execute(
            insert(Round),
            [
                {
                    "id": round_id,
                    "edition_id": 1,
                    "name": f"Bench {stage}",
                    "stage": stage,
                    "opens_at": opens,
                    "closes_at": closes,
                    "reviews_per_film": 1 if stage == "screening" else REVIEWS_PER_FILM,
                    "statuses": list(STATUSES),
                }
            ],
        )
    criteria = [
        {"id": 1, "round_id": 1, "name": "Rating", "weight": 1, "position": 0},
    ] + [
        {"id": 2 + c, "round_id": 2, "name": f"Criterion {c + 1}", "weight": w, "position": c}
        for c, w in enumerate(WEIGHTS[:CRITERIA])
    ]
    _bulk(Criterion, criteria)
    members = [{"round_id": 1, "user_id": staff_id, "preferred_category_ids": []}]
    members += [
        {"round_id": 2, "user_id": juror_base + j, "preferred_category_ids": []}
        for j in range(JURORS)
    ]
    _bulk(RoundMember, members)
    entries, assignments, reviews, scores, tags, conflicts = ([] for _ in range(6))
    assignment_id = 0
    for f in range(n):
        submission_id = f + 1
        quality = rng.gauss(6, 1.5)
        for round_id in (1, 2):
            entry_id = (round_id - 1) * n + submission_id
            entries.append({"id": entry_id, "round_id": round_id, "submission_id": submission_id})
            reviewers = (
                [staff_id]
                if round_id == 1
                else [juror_base + j for j in rng.sample(range(JURORS), REVIEWS_PER_FILM)]
            )
            for reviewer in reviewers:
                assignment_id += 1
                assignments.append(
                    {
                        "id": assignment_id,
                        "round_id": round_id,
                        "entry_id": entry_id,
                        "reviewer_id": reviewer,
                        "origin": "automatic",
                    }
                )
                ids = [1] if round_id == 1 else [2 + c for c in range(CRITERIA)]
                values = [min(10, max(1, round(quality + rng.gauss(0, 1)))) for _ in ids]
                weights = [1] if round_id == 1 else WEIGHTS[:CRITERIA]
                total = sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)
                reviews.append(
                    {
                        "id": assignment_id,
                        "assignment_id": assignment_id,
                        "state": "submitted",
                        "total": total,
                        "submitted_at": now,
                    }
                )
                scores += [
                    {"review_id": assignment_id, "criterion_id": c, "value": v}
                    for c, v in zip(ids, values, strict=True)
                ]
        if f % 10 == 0:
            tags.append({"submission_id": submission_id, "name": rng.choice(TAGS)})
        if f % 50 == 7:
            conflicts.append(
                {
                    "juror_id": juror_base + rng.randrange(JURORS),
                    "film_id": submission_id,
                    "kind": "other",
                    "source": "declared",
                }
            )
    for model, rows in (
        (RoundEntry, entries),
        (Assignment, assignments),
        (Review, reviews),
        (Score, scores),
        (SubmissionTag, tags),
        (Conflict, conflicts),
    ):
        _bulk(model, rows, chunk=20_000)
        _say(f"  {model.__tablename__}: {len(rows)}")
    return 2


def _fix_sequences() -> None:
    """PostgreSQL's id sequences follow the ids given here."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is not False:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
