"""A demo call for entries, open today, to try the site with (`seed_demo_edition`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from festival.editions import queries, services, waivers
from festival.editions.models import Edition

DEMO_SLUG = "seoul-ai-film-2027"
DEMO_TIMEZONE = "Asia/Seoul"
DEMO_WAIVER_CODE = "DEMO-WAIVER"

RULES = """\
1. 출품작은 2026년 1월 1일 이후 완성된 작품이어야 합니다.
   Films must have been completed after 1 January 2026.
2. 한 작품은 한 부문에만 출품할 수 있습니다.
   A film may be entered in one category only.
3. 한국어 이외의 대사는 한국어 또는 영어 자막이 필요합니다.
   Dialogue in languages other than Korean needs Korean or English subtitles.
4. 출품료는 환불되지 않습니다.
   Entry fees are not refunded."""

DISCLOSURE_POLICY = """\
모든 출품작은 생성형 AI 사용 내역을 공개해야 합니다: 영상, 음성, 음악, 각본 등 요소별로 \
사용한 도구와 범위, 그리고 AI로 만든 장면의 타임코드를 적어 주세요. 실존 인물의 얼굴이나 \
목소리를 사용한 경우 본인의 동의서가 필요합니다.

Every entry discloses its use of generative AI: for each element (image, voice, music, \
script...) the tools used and how much of it they made, with the timecodes of AI-made \
segments. A real person's likeness or voice needs that person's written consent."""

CATEGORIES = (
    {
        "name": "AI Feature",
        "description": "AI 장편 · Feature-length films made substantially with generative AI.",
        "max_runtime_minutes": 180,
        "min_ai_share_percent": 50,
    },
    {
        "name": "AI Short",
        "description": "AI 단편 · Short films up to 30 minutes.",
        "max_runtime_minutes": 30,
        "min_ai_share_percent": 70,
    },
    {
        "name": "AI Music Video",
        "description": "AI 뮤직비디오 · Music videos with AI-generated images.",
        "max_runtime_minutes": 10,
        "min_ai_share_percent": 80,
    },
)

DEADLINES = (  # name, days from today, fee in KRW (no minor unit)
    ("Early", 14, 30_000),
    ("Regular", 45, 50_000),
    ("Late", 75, 70_000),
)


def seed_demo_edition(actor, *, today: date | None = None) -> Edition:
    """Create "Seoul AI Film Festival 2027", published and open today in Seoul time.

    Idempotent: when an edition already has the demo slug, it is returned unchanged.
    `actor` (a User, or None for the system) is recorded in the audit; the caller commits."""
    existing = queries.edition_by_slug(DEMO_SLUG)
    if existing is not None:
        return existing
    today = today or datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    edition = services.create_edition(
        actor=actor,
        name="Seoul AI Film Festival 2027",
        year=2027,
        slug=DEMO_SLUG,
        timezone=DEMO_TIMEZONE,
        currency="KRW",
        opens_on=today - timedelta(days=14),
        rules=RULES,
        disclosure_policy=DISCLOSURE_POLICY,
    )
    for category in CATEGORIES:
        services.add_category(edition, actor=actor, **category)
    for name, days, fee in DEADLINES:
        services.add_deadline(
            edition,
            actor=actor,
            name=name,
            last_day_on=today + timedelta(days=days),
            fee_cents=fee,
        )
    waivers.add_waiver_code(edition, actor=actor, code=DEMO_WAIVER_CODE, uses_left=50)
    services.update_edition(edition, actor=actor, is_published=True)
    return edition
