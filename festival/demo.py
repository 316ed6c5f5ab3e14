"""The demo festival that `flask festival seed-demo` (and so the README's first command) makes:
an account per role, an open edition, the AI tool list, a film of the demo filmmaker with
a complete AI disclosure, entered through the same services a filmmaker's clicks call, and
a screening round and a blind jury round with that film assigned to the demo juror."""

from __future__ import annotations

from flask import current_app

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.accounts.services import create_user, find_by_email
from festival.audit.services import record
from festival.disclosure import services as disclosures
from festival.disclosure.enums import AudienceNotice, ConsentBasis, ConsentKind, Element, Extent
from festival.disclosure.validation import (
    Attestations,
    DisclosureDraft,
    ElementAnswer,
    SegmentDraft,
    ToolUse,
)
from festival.editions.demo import seed_demo_edition
from festival.editions.models import Edition
from festival.films.enums import CreditRole, Genre
from festival.films.models import Film
from festival.films.queries import films_owned_by
from festival.films.services import CreditEntry, create_film
from festival.judging.demo import seed_demo_rounds
from festival.media.demo import demo_screener
from festival.media.ingest import ingest
from festival.submissions.services import submit_film

PASSWORD = "quiet sea lantern"
ACCOUNTS = (
    ("admin@example.org", "Ada Admin", {Role.ADMIN}),
    ("programmer@example.org", "Pat Programmer 박", {Role.PROGRAMMER}),
    ("juror@example.org", "Jun Juror 정", {Role.JUROR}),
    ("filmmaker@example.org", "Kim Filmmaker 김", {Role.FILMMAKER}),
    ("programmer-juror@example.org", "Robin Both", {Role.PROGRAMMER, Role.JUROR}),
)
FILM_TITLE = "The Quiet Sea"
SECOND_FILM_TITLE = "Neon Rain"


def seed() -> tuple[list[User], Edition]:
    """Create what is missing of the demo festival; running it again changes nothing."""
    accounts = [ensure_account(*account) for account in ACCOUNTS]
    admin, filmmaker = accounts[0], accounts[3]
    edition = seed_demo_edition(actor=admin)
    disclosures.seed_tool_suggestions()
    titles = {film.title for film in films_owned_by(filmmaker)}
    seconds = current_app.config["DEMO_SCREENER_SECONDS"]
    if FILM_TITLE not in titles:
        film = demo_film(filmmaker, seconds)
        ingest(demo_screener(film, seconds=seconds, look=0).id)
        submit_film(film, edition, [edition.categories[1]], actor=filmmaker)
    if SECOND_FILM_TITLE not in titles:
        second = second_film(filmmaker, seconds)
        demo_screener(second, seconds=seconds, look=1)  # the worker ingests it at first start
    programmer, juror, both = accounts[1], accounts[2], accounts[4]
    seed_demo_rounds(edition, programmers=[programmer, both], jurors=[juror, both], actor=admin)
    return accounts, edition


def ensure_account(email: str, name: str, roles: set[Role]) -> User:
    user = find_by_email(email)
    if user is None:
        user = create_user(email, name, roles, password=PASSWORD)
        record("created", user, after={"roles": sorted(roles)}, reason="demo festival")
    return user


def demo_film(owner: User, seconds: int) -> Film:
    film = _korean_film(
        owner,
        seconds,
        title=FILM_TITLE,
        original_title="고요한 바다",
        romanised_title="Goyohan Bada",
        logline="A lighthouse keeper teaches a generated sea to be calm.",
        synopsis="등대지기가 생성된 바다에게 잔잔해지는 법을 가르친다.",
        languages=["ko"],
        genres=[Genre.SCIENCE_FICTION.value, Genre.DRAMA.value],
        contact_name=owner.name,
        contact_email=owner.email,
        credits=[
            CreditEntry(CreditRole.DIRECTOR, "김하늘"),
            CreditEntry(CreditRole.AI_SUPERVISOR, "Lee Min-jun"),
            CreditEntry(CreditRole.CAST, "박서연"),
        ],
    )
    disclosure = disclosures.editable_disclosure(film, actor=owner)
    disclosures.save_disclosure(disclosure, demo_disclosure(seconds * 1000), actor=owner)
    return film


def second_film(owner: User, seconds: int) -> Film:
    return _korean_film(
        owner,
        seconds,
        title=SECOND_FILM_TITLE,
        original_title="네온 비",
        logline="A city sings to itself in the rain.",
        languages=["zxx"],
        genres=[Genre.MUSIC_VIDEO.value],
        credits=[CreditEntry(CreditRole.AI_DIRECTOR, "정유나")],
    )


def _korean_film(owner: User, seconds: int, **details) -> Film:
    """A Korean film of 2026 at 24 fps, of `seconds`, that `owner` makes."""
    return create_film(
        actor=owner,
        owner=owner,
        runtime_s=seconds,
        frame_rate="24",
        year=2026,
        countries=["KR"],
        **details,
    )


def demo_disclosure(runtime_ms: int) -> DisclosureDraft:
    elements = {element: ElementAnswer(Extent.NONE) for element in Element}
    elements[Element.VISUAL_FOOTAGE] = ElementAnswer(
        Extent.MOSTLY_GENERATED,
        [ToolUse("Veo", "3", "Google")],
        inputs="Our own storyboards and location photos.",
        human_contribution="Prompting, selection of takes, compositing over live action.",
    )
    elements[Element.VFX_COMPOSITING] = ElementAnswer(
        Extent.MOSTLY_GENERATED,
        [ToolUse("Runway", "Gen-4", "Runway")],
        inputs="Plates shot on location.",
        human_contribution="Compositing and grading by our VFX artist.",
    )
    elements[Element.VOICE_DIALOGUE] = ElementAnswer(
        Extent.ASSISTED,
        [ToolUse("ElevenLabs", "v3", "ElevenLabs")],
        human_contribution="The narrator recorded every line; AI cleaned the noise.",
    )
    return DisclosureDraft(
        elements=elements,
        segments=[
            SegmentDraft(
                runtime_ms // 12, runtime_ms * 7 // 12, Element.VISUAL_FOOTAGE, "Veo", "The sea"
            ),
            SegmentDraft(
                runtime_ms // 2, runtime_ms * 10 // 12, Element.VFX_COMPOSITING, "Runway", "Storm"
            ),
        ],
        consents=[
            disclosures.ConsentData(
                person="박서연",
                kind=ConsentKind.VOICE,
                basis=ConsentBasis.IS_THE_FILMMAKER,
                statement="The voice is our lead actor's own, cleaned with AI; she co-produced.",
            )
        ],
        human_statement="Actors performed every scene; we shot, wrote, edited and graded it.",
        attestations=Attestations(True, True, True),
        evidence_available={"prompts", "project_files"},
        audience_notice=AudienceNotice.END_CREDITS,
        ai_share_estimate=75,
    )
