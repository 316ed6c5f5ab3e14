"""Small factories: each makes one valid object with sensible defaults, flushed, not committed."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.accounts.passwords import hash_password
from festival.database import utcnow
from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.extensions import db

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_user(
    role: Role | str | None = Role.FILMMAKER,
    *,
    roles: set[Role] | None = None,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    locale: str | None = "en",
    is_active: bool = True,
) -> User:
    n = next(_sequence)
    granted = roles if roles is not None else ({Role(role)} if role else set())
    user = User(
        email=email or f"person{n}@example.org",
        name=name or f"Person {n}",
        password_hash=hash_password(password) if password else None,
        locale=locale,
        is_active=is_active,
        role_grants=[UserRole(role=r) for r in sorted(granted)],
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_edition(
    *,
    name: str | None = None,
    slug: str | None = None,
    year: int = 2027,
    timezone: str = "Asia/Seoul",
    currency: str = "KRW",
    opens_on: date | None = None,
    categories: list[tuple[str, int, int | None]] | None = None,
    deadlines: list[tuple[str, date, int]] | None = None,
    waiver_codes: list[tuple[str, int]] | None = None,
    is_published: bool = True,
    is_archived: bool = False,
    **fields,
) -> Edition:
    """An edition open today: categories as (name, max minutes, min AI %), deadlines as
    (name, last day, fee in minor units), waiver codes as (CODE, uses left); by default two
    categories, Early/Regular/Late deadlines and one waiver code."""
    n = next(_sequence)
    today = date.today()
    if categories is None:
        categories = [("AI Short", 30, 70), ("AI Feature", 180, None)]
    if deadlines is None:
        deadlines = [
            ("Early", today + timedelta(days=10), 30_000),
            ("Regular", today + timedelta(days=40), 50_000),
            ("Late", today + timedelta(days=70), 70_000),
        ]
    if waiver_codes is None:
        waiver_codes = [(f"FRIENDS-{n}", 10)]
    edition = Edition(
        name=name or f"AI Film Festival {n}",
        slug=slug or f"edition-{n}",
        year=year,
        timezone=timezone,
        currency=currency,
        opens_on=opens_on or today - timedelta(days=10),
        is_published=is_published,
        archived_at=utcnow() if is_archived else None,
        categories=[
            Category(name=title, max_runtime_minutes=minutes, min_ai_share_percent=share)
            for title, minutes, share in categories
        ],
        deadlines=[
            Deadline(name=title, last_day_on=day, fee_cents=fee) for title, day, fee in deadlines
        ],
        waiver_codes=[WaiverCode(code=code, uses_left=uses) for code, uses in waiver_codes],
        **fields,
    )
    db.session.add(edition)
    db.session.flush()
    return edition


# --- submissions ----------------------------------------------------------------------------


def make_submission(film=None, category=None, status="submitted", **overrides):
    """A submission made directly (not through the workflow), with one history event; by
    default a new film of a new filmmaker in the first category of a new edition, charged
    the edition's first fee tier."""
    from festival.submissions.enums import SubmissionStatus
    from festival.submissions.models import Submission, SubmissionEvent

    film = film if film is not None else make_film()
    category = category if category is not None else make_edition().categories[0]
    edition = category.edition
    deadline = overrides.pop("deadline", edition.deadlines[0] if edition.deadlines else None)
    status = SubmissionStatus(status)
    now = utcnow()
    submission = Submission(
        film=film,
        edition=edition,
        category=category,
        deadline=deadline,
        fee_cents=deadline.fee_cents if deadline is not None else 0,
        currency=edition.currency,
        status=status,
        submitted_at=None if status is SubmissionStatus.DRAFT else now,
        events=[SubmissionEvent(from_status=None, to_status=status, at=now)],
    )
    for name, value in overrides.items():
        setattr(submission, name, value)
    db.session.add(submission)
    db.session.flush()
    return submission


# --- films ----------------------------------------------------------------------------------


def make_film(owner=None, **overrides):
    """A film with a Hangul original title, 12 minutes long, directed by one person; owned by
    `owner`, by default a new filmmaker. `overrides` set any Film attribute (`credits` too)."""
    from festival.films.enums import CreditRole
    from festival.films.models import Credit, Film

    owner = owner if owner is not None else make_user(Role.FILMMAKER)
    film = Film(
        owner=owner,
        title="The Quiet Sea",
        original_title="고요한 바다",
        romanised_title="Goyohan Bada",
        logline="A lighthouse keeper teaches a generated sea to be calm.",
        synopsis="",
        runtime_s=12 * 60,
        year=2026,
        countries=["KR"],
        languages=["ko"],
        genres=["drama"],
        contact_name=owner.name,
        contact_email=owner.email,
        credits=[Credit(role=CreditRole.DIRECTOR, name="김하늘", position=0)],
    )
    for name, value in overrides.items():
        setattr(film, name, value)
    db.session.add(film)
    db.session.flush()
    return film


def png_bytes(width: int = 640, height: int = 480, color=(200, 80, 40), mode: str = "RGB") -> bytes:
    """A PNG made in memory, for image uploads."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new(mode, (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_film_image(film, kind="still", *, data: bytes | None = None):
    """An image stored through the films service (files written under MEDIA_ROOT)."""
    from io import BytesIO

    from festival.films.services import add_image

    return add_image(film, kind, BytesIO(data or png_bytes()), actor=film.owner)


# --- disclosure -----------------------------------------------------------------------------


def make_disclosure(
    film,
    *,
    complete: bool = True,
    frozen: bool = False,
    published: bool = False,
    document: bytes | None = None,
    **overrides,
):
    """A disclosure of `film` saved through the service. Complete: every element answered
    (VFX partly generated, voice assisted, the rest none), two segments, one consent with a
    basis, attestations true. Incomplete: only an empty draft. `document` bytes are stored as
    the consent's signed document; `frozen`/`published` freeze it and publish its card."""
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    from festival.disclosure import services
    from festival.disclosure.documents import store_consent_document
    from festival.disclosure.enums import (
        AudienceNotice,
        ConsentBasis,
        ConsentKind,
        Element,
        Evidence,
        Extent,
    )
    from festival.disclosure.validation import (
        Attestations,
        DisclosureDraft,
        ElementAnswer,
        SegmentDraft,
        ToolUse,
    )

    actor = film.owner
    disclosure = services.editable_disclosure(film, actor=actor)
    draft = DisclosureDraft()
    if complete:
        elements = {element: ElementAnswer(Extent.NONE) for element in Element}
        elements[Element.VFX_COMPOSITING] = ElementAnswer(
            Extent.PARTLY_GENERATED, [ToolUse("Runway Gen-4", "Gen-4", "Runway")]
        )
        elements[Element.VOICE_DIALOGUE] = ElementAnswer(
            Extent.ASSISTED, [ToolUse("ElevenLabs", "v3", "ElevenLabs")]
        )
        stored = None
        if document is not None:
            upload = FileStorage(BytesIO(document), filename="consent.pdf")
            stored = store_consent_document(disclosure.id, upload)
        draft = DisclosureDraft(
            elements=elements,
            segments=[
                SegmentDraft(60_000, 95_000, Element.VFX_COMPOSITING, "Runway Gen-4", "explosion"),
                SegmentDraft(120_000, 150_000, Element.VOICE_DIALOGUE, "ElevenLabs", ""),
            ],
            consents=[
                services.ConsentData(
                    person="김지원",
                    kind=ConsentKind.VOICE,
                    basis=ConsentBasis.SIGNED_DOCUMENT if stored else ConsentBasis.IS_THE_FILMMAKER,
                    statement="" if stored else "The voice is the director's own.",
                    document=stored,
                )
            ],
            human_statement="Actors performed every scene; we shot, edited and graded it.",
            attestations=Attestations(True, True, True),
            evidence_available={Evidence.PROMPTS, Evidence.PROJECT_FILES},
            audience_notice=AudienceNotice.END_CREDITS,
            ai_share_estimate=10,
        )
    for name, value in overrides.items():
        setattr(draft, name, value)
    services.save_disclosure(disclosure, draft, actor=actor)
    if frozen or published:
        services.freeze_disclosure(disclosure, actor=actor)
    if published:
        services.publish_card(disclosure, actor=actor)
    return disclosure


def make_tool_suggestion(name: str = "Test Tool", vendor: str = ""):
    from festival.disclosure.models import ToolSuggestion

    tool = ToolSuggestion(name=f"{name} {next(_sequence)}", vendor=vendor, elements=[])
    db.session.add(tool)
    db.session.flush()
    return tool


# --- media ----------------------------------------------------------------------------------


def make_screener(
    film,
    *,
    state="ready",
    version=None,
    c2pa=None,
    qc=None,
    files=True,
    probe=None,
    preview_360=False,
    storyboard_sheets=0,
):
    """A screener version of `film` made directly (not through the ingest job); when ready
    and `files`, with small stand-in files for its 720p preview and poster under MEDIA_ROOT.
    Optionally a 360p preview too, and `storyboard_sheets` sheets (`storyboard_000.jpg`...,
    two 160x90 tiles each, one every 10 s) with their WebVTT thumbnail track."""
    from pathlib import Path

    from flask import current_app

    from festival.media.enums import AssetKind, ScreenerState
    from festival.media.models import MediaAsset, Screener
    from festival.media.services import next_version

    screener = Screener(
        film=film,
        version=version or next_version(film.id),
        state=ScreenerState(state),
        original_path=f"uploads/{film.id}/original-{next(_sequence)}.part",
        original_filename="screener.mov",
        original_bytes=1024,
        c2pa=c2pa,
        qc=qc,
        probe=probe,
    )
    db.session.add(screener)
    db.session.flush()
    if files and screener.state == ScreenerState.READY:
        folder = Path(current_app.config["MEDIA_ROOT"]) / "screeners" / str(screener.id)
        folder.mkdir(parents=True, exist_ok=True)
        stand_ins = [
            (AssetKind.PREVIEW_720, "preview_720.mp4", b"\x00\x00\x00\x18ftypisom" + bytes(1000)),
            (AssetKind.POSTER, "poster.jpg", b"\xff\xd8\xff\xe0" + bytes(100)),
        ]
        if preview_360:
            stand_ins.append(
                (AssetKind.PREVIEW_360, "preview_360.mp4", b"\x00\x00\x00\x18ftypisom" + bytes(500))
            )
        cues = []
        for sheet in range(storyboard_sheets):
            name = f"storyboard_{sheet:03d}.jpg"
            stand_ins.append((AssetKind.STORYBOARD, name, b"\xff\xd8\xff\xe0" + bytes(50)))
            for tile in range(2):
                start = (sheet * 2 + tile) * 10
                cues.append(
                    f"00:{start // 60:02d}:{start % 60:02d}.000 --> "
                    f"00:{(start + 10) // 60:02d}:{(start + 10) % 60:02d}.000\n"
                    f"{name}#xywh={tile * 160},0,160,90"
                )
        if storyboard_sheets:
            track = "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
            stand_ins.append((AssetKind.STORYBOARD_VTT, "storyboard.vtt", track.encode()))
        for kind, name, data in stand_ins:
            (folder / name).write_bytes(data)
            screener.assets.append(
                MediaAsset(
                    kind=kind,
                    path=f"screeners/{screener.id}/{name}",
                    bytes=len(data),
                    width=640 if kind == AssetKind.PREVIEW_360 else 1280,
                    height=360 if kind == AssetKind.PREVIEW_360 else 720,
                    position=int(name[11:14]) if kind == AssetKind.STORYBOARD else 0,
                )
            )
        db.session.flush()
    return screener


# --- media uploads --------------------------------------------------------------------------


def make_upload(
    film=None, *, length: int = 1024, filename: str = "screener.mov", data: bytes = b""
):
    """A tus upload of `length` bytes for the film (by default a new one), made by its owner
    through the real service, with `data` already received."""
    from io import BytesIO

    from festival.media import uploads

    film = film if film is not None else make_film()
    upload = uploads.create_upload(
        film, length=length, metadata={"filename": filename}, actor=film.owner
    )
    if data:
        uploads.receive(
            upload,
            BytesIO(data),
            offset=0,
            content_length=len(data),
            checksum=None,
            actor=film.owner,
        )
    return upload


# --- judging --------------------------------------------------------------------------------


def make_round(
    edition=None,
    *,
    stage="jury",
    name=None,
    is_blind=True,
    is_open_screening=False,
    reviews_per_film=2,
    opens_in_days=-1,
    closes_in_days=14,
    criteria=None,
    members=(),
    submissions=(),
    statuses=("submitted", "shortlisted"),
    **fields,
):
    """A round made through the service, open now by default, with a rubric of Story (60)
    and Craft (40) on 1–10, `members` (users) and entries for `submissions`."""
    from datetime import timedelta

    from festival.judging import rounds
    from festival.judging.enums import RoundStage
    from festival.judging.models import RoundEntry, RoundMember
    from festival.judging.rubrics import CriterionDraft

    edition = edition if edition is not None else make_edition()
    now = utcnow()
    settings = rounds.RoundSettings(
        name=name or f"Round {next(_sequence)}",
        stage=RoundStage(stage),
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        reviews_per_film=reviews_per_film,
        is_blind=is_blind,
        is_open_screening=is_open_screening,
        statuses=list(statuses),
        **fields,
    )
    drafts = criteria or [
        CriterionDraft("Story", 60, 1, 10, "Narrative."),
        CriterionDraft("Craft", 40, 1, 10, "Image and sound."),
    ]
    round_ = rounds.create_round(edition, settings, drafts, actor=None)
    for user in members:
        round_.members.append(RoundMember(user_id=user.id, preferred_category_ids=[]))
    for submission in submissions:
        entry = RoundEntry(submission=submission)
        round_.entries.append(entry)
        rounds.pin_screener(entry)
    db.session.flush()
    return round_


def make_assignment(round_, entry, reviewer):
    from festival.judging.enums import AssignmentOrigin
    from festival.judging.models import Assignment

    assignment = Assignment(
        round_id=round_.id, entry=entry, reviewer_id=reviewer.id, origin=AssignmentOrigin.MANUAL
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_review(assignment, scores=None, *, submit=True, comment="", note_to_filmmaker=""):
    """A review saved through the service by its reviewer, from the revision it is at:
    `scores` maps criterion ids to values (by default 7 on every criterion)."""
    from festival.judging import reviews

    if scores is None:
        scores = {criterion.id: 7 for criterion in assignment.round.criteria}
    return reviews.save_review(
        assignment,
        actor=assignment.reviewer,
        scores=scores,
        comment=comment,
        note_to_filmmaker=note_to_filmmaker,
        revision=assignment.review.revision if assignment.review else 0,
        submit=submit,
        now=utcnow(),
    )
