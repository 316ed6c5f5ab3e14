"""Blind judging: nothing a juror of a blind round can reach of their film (pages, JSON,
tracks, file headers) names the filmmaker or anyone credited; the same pages in a round that
is not blind do, which shows the checks below can fail."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pytest

from festival.accounts.enums import Role
from festival.audit.models import AuditEvent
from festival.disclosure.enums import Element
from festival.disclosure.validation import SegmentDraft
from festival.films.enums import CreditRole
from festival.films.models import Credit
from festival.judging import blind
from festival.judging.models import Assignment
from festival.media.enums import AssetKind
from tests import factories
from tests.conftest import sign_in
from tests.judging.conftest import scores_of

OWNER = "Dana Whitfield"
OWNER_EMAIL = "dana.whitfield@whitfield-films.example"
CONTACT = "Morgan Reyes"
CONTACT_EMAIL = "morgan.reyes@agency.example"
CONTACT_PHONE = "+82 10 5555 0101"
COMPANY = "Northlight Pictures"
DOP = "Jun-ho Bae"
DOP_EMAIL = "bae.junho@light.example"
ACTOR = "한소희"

IDENTIFIERS = [
    OWNER,
    OWNER_EMAIL,
    "dana.whitfield",
    CONTACT,
    CONTACT_EMAIL,
    "morgan.reyes",
    CONTACT_PHONE,
    COMPANY,
    DOP,
    DOP_EMAIL,
    "bae.junho",
    ACTOR,
]

SYNOPSIS = f"A story by {OWNER}, produced by {COMPANY} with {ACTOR} in the lead."
LOGLINE = f"{OWNER.upper()} returns to the salt flats."
STATEMENT = f"Every scene was shot by {OWNER} and lit by {DOP}."
NOTE = f"Sea wall explosion, comped by {OWNER}"


@dataclass
class Setup:
    juror: object
    film: object
    screener: object
    round: object
    assignment: Assignment


def judged_film(is_blind: bool) -> Setup:
    edition = factories.make_edition()
    owner = factories.make_user(Role.FILMMAKER, name=OWNER, email=OWNER_EMAIL)
    film = factories.make_film(
        owner=owner,
        title="Salt and Static",
        original_title="소금과 잡음",
        logline=LOGLINE,
        synopsis=SYNOPSIS,
        contact_name=CONTACT,
        contact_email=CONTACT_EMAIL,
        contact_phone=CONTACT_PHONE,
        credits=[
            Credit(role=CreditRole.DIRECTOR, name=OWNER, email=OWNER_EMAIL, position=0),
            Credit(role=CreditRole.PRODUCER, name=COMPANY, position=1),
            Credit(role=CreditRole.CINEMATOGRAPHER, name=DOP, email=DOP_EMAIL, position=2),
            Credit(role=CreditRole.CAST, name=ACTOR, position=3),
        ],
    )
    factories.make_disclosure(
        film,
        human_statement=STATEMENT,
        segments=[
            SegmentDraft(60_000, 95_000, Element.VFX_COMPOSITING, "Runway Gen-4", NOTE),
            SegmentDraft(120_000, 150_000, Element.VOICE_DIALOGUE, "ElevenLabs", ""),
        ],
    )
    screener = factories.make_screener(
        film, probe={"duration_s": 600.0}, preview_360=True, storyboard_sheets=1
    )
    submission = factories.make_submission(film, edition.categories[0], status="shortlisted")
    juror = factories.make_user(Role.JUROR, name="Blind Juror")
    round_ = factories.make_round(
        edition, is_blind=is_blind, members=[juror], submissions=[submission]
    )
    assignment = factories.make_assignment(round_, round_.entries[0], juror)
    return Setup(juror, film, screener, round_, assignment)


def everything_the_juror_reaches(app, setup: Setup) -> dict[str, str]:
    """Every page, JSON body, track and file header the juror can reach for the film."""
    client = sign_in(app.test_client(), setup.juror)
    assignment, screener = setup.assignment, setup.screener
    review_url = f"/judging/assignments/{assignment.id}"
    seen = {}

    def keep(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        headers = "\n".join(f"{key}: {value}" for key, value in response.headers.items())
        body = (
            ""
            if response.mimetype.startswith(("video/", "image/"))
            else response.get_data(as_text=True)
        )
        seen[name] = headers + "\n\n" + body

    keep("dashboard", client.get("/judging"))
    keep("review page", client.get(review_url))
    keep("abstain page", client.get(f"{review_url}/abstain"))
    keep("conflicts page", client.get("/judging/conflicts"))
    draft = client.post(
        f"{review_url}/draft",
        json={"scores": scores_of(setup.round, 7, None), "comment": "Half way.", "revision": 0},
    )
    keep("draft JSON", draft)
    keep(
        "stale save page",
        client.post(review_url, data={"comment": "Mine.", "revision": "0", "action": "save"}),
        409,
    )
    keep("refused draft JSON", client.post(f"{review_url}/draft", json={"revision": 0}), 409)
    keep("chapters track", client.get(f"/screeners/{screener.id}/ai-segments.vtt"))
    keep("storyboard track", client.get(f"/screeners/{screener.id}/storyboard.vtt"))
    keep(
        "viewing report",
        client.post(f"/screeners/{screener.id}/viewing", json={"intervals": [[0, 1000]]}),
    )
    for asset in screener.assets:
        if asset.kind is not AssetKind.STORYBOARD_VTT:
            keep(f"asset {asset.kind.value}", client.get(f"/media/{asset.id}"))
    story, craft = setup.round.criteria
    submitted = client.post(
        review_url,
        data={
            f"score-{story.id}": "7",
            f"score-{craft.id}": "6",
            "comment": "Done.",
            "revision": str(draft.get_json()["revision"]),
            "action": "submit",
        },
    )
    assert submitted.status_code == 302
    keep("review page, submitted", client.get(review_url))
    return seen


def test_the_identifiers_are_every_name_email_and_contact_of_the_film(app_ctx):
    setup = judged_film(is_blind=True)

    assert set(blind.identifiers_of(setup.film)) == set(IDENTIFIERS)


def test_nothing_a_blind_juror_reaches_names_the_filmmaker(app, app_ctx):
    setup = judged_film(is_blind=True)

    seen = everything_the_juror_reaches(app, setup)

    assert len(seen) >= 15
    for name, text in seen.items():
        for identifier in IDENTIFIERS:
            assert identifier.casefold() not in text.casefold(), f"{identifier!r} in {name}"
        assert "whitfield" not in text.casefold(), name


def test_a_blind_juror_reads_the_films_own_words_with_the_names_hidden(app, app_ctx):
    setup = judged_film(is_blind=True)

    seen = everything_the_juror_reaches(app, setup)

    page = seen["review page"]
    assert "A story by ███, produced by ███ with ███ in the lead." in page
    assert "███ returns to the salt flats." in page
    assert "Every scene was shot by ███ and lit by ███." in page
    assert "Sea wall explosion, comped by ███" in page
    assert "Blind review: who made the film is hidden" in page
    assert "VFX and compositing: Sea wall explosion, comped by ███" in seen["chapters track"]
    assert "Salt and Static" in seen["dashboard"]
    for asset in ("asset preview_720", "asset preview_360", "asset poster", "asset storyboard"):
        assert "Content-Disposition: inline; filename=" in seen[asset]


def test_a_juror_of_a_round_that_is_not_blind_sees_who_made_the_film(app, app_ctx):
    setup = judged_film(is_blind=False)

    seen = everything_the_juror_reaches(app, setup)

    page = seen["review page"]
    assert "███" not in page
    assert OWNER in page
    assert SYNOPSIS in page and LOGLINE in page and STATEMENT in page and NOTE in page
    assert f"Producer: {COMPANY}" in page and ACTOR in page
    assert f"VFX and compositing: {NOTE}" in seen["chapters track"]


def test_staff_always_see_who_made_the_film(app, app_ctx):
    setup = judged_film(is_blind=True)
    programmer = factories.make_user(Role.PROGRAMMER)
    client = sign_in(app.test_client(), programmer)

    chapters = client.get(f"/screeners/{setup.screener.id}/ai-segments.vtt").get_data(as_text=True)
    assignments = client.get(f"/manage/rounds/{setup.round.id}/assignments")

    assert NOTE in chapters
    assert assignments.status_code == 200


@pytest.mark.parametrize(
    "text, expected",
    [
        ("dana   WHITFIELD said so", "███ said so"),
        ("write to dana.whitfield@whitfield-films.example", "write to ███"),
        ("한소희와 함께", "███와 함께"),
        ("", ""),
    ],
)
def test_the_redactor_hides_any_case_and_spacing_of_an_identifier(app_ctx, text, expected):
    hide = blind.redactor(IDENTIFIERS)

    assert hide(text) == expected


def test_words_too_short_to_hide_safely_are_left_alone():
    assert blind.redactor(blind._meaningful(["Al", "이", "Bo Ra"]))("Al and Bo Ra met 이") == (
        "Al and ███ met 이"
    )


def test_a_title_naming_the_filmmaker_is_hidden_on_every_page_that_lists_it(app, app_ctx):
    setup = judged_film(is_blind=True)
    setup.film.title = f"{OWNER}'s Salt Flats"
    factories.db.session.flush()
    client = sign_in(app.test_client(), setup.juror)
    review_url = f"/judging/assignments/{setup.assignment.id}"

    for url in ("/judging", review_url, f"{review_url}/abstain", "/judging/conflicts"):
        page = client.get(url).get_data(as_text=True)
        assert OWNER not in page, url
        assert f"{blind.HIDDEN}&#39;s Salt Flats" in page or f"{blind.HIDDEN}'s Salt Flats" in page


# --- partial identities: name parts, possessives, handles, stems, spelled-out addresses ------

PARTIAL_OWNER = "Jisoo Kim"
PARTIAL_EMAIL = "jisoo.kim@gmail.com"
PARTIAL_COMPANY = "Moonlight Pictures Ltd."
PARTIAL_ACTOR = "김이준"
PARTIAL_TEXTS = {
    "title": "Tides for Jisoo",
    "original_title": "이준의 바다",
    "logline": "ＫＩＭ's last summer in Busan.",
    "synopsis": (
        "The Kims' house stands empty. Follow @kimjisoo92 or kim_jisoo, write to jisoo dot kim "
        "at gmail dot com. A Moonlight production; 김이준은 plays the grandson."
    ),
    "human_statement": "Shot by Jisoo with the crew; contact jisoo.kim [at] gmail [dot] com.",
    "human_contribution": "Kim's team graded every frame.",
    "segment_note": "Comped by jisoo (at) example (dot) org",
    "segment_tool": "jisoo-kim LoRA",
    "tool": "Moonlight LoRA",
    "credit_note": "Voice of 이준's grandmother",
}
PARTIAL_IDENTIFIERS = {
    "first name": r"jisoo",
    "surname": r"(?<![a-z])kims?(?![a-z])",
    "company stem": r"moonlight",
    "Hangul given name": r"이준",
    "spelled-out email": r"gmail|\(at\)|\[at\]|\(dot\)|\bdot com\b|example",
}


def partially_named_film(is_blind: bool) -> Setup:
    """A film whose texts name its makers only in part: a first name, a possessive surname in
    full-width letters, handles, the company's stem, spelled-out addresses, a Hangul given
    name with its particle."""
    edition = factories.make_edition()
    owner = factories.make_user(Role.FILMMAKER, name=PARTIAL_OWNER, email=PARTIAL_EMAIL)
    film = factories.make_film(
        owner=owner,
        title=PARTIAL_TEXTS["title"],
        original_title=PARTIAL_TEXTS["original_title"],
        logline=PARTIAL_TEXTS["logline"],
        synopsis=PARTIAL_TEXTS["synopsis"],
        credits=[
            Credit(role=CreditRole.DIRECTOR, name=PARTIAL_OWNER, email=PARTIAL_EMAIL, position=0),
            Credit(role=CreditRole.PRODUCER, name=PARTIAL_COMPANY, position=1),
            Credit(
                role=CreditRole.CAST,
                name=PARTIAL_ACTOR,
                note=PARTIAL_TEXTS["credit_note"],
                position=2,
            ),
        ],
    )
    from festival.disclosure.enums import Extent
    from festival.disclosure.validation import ElementAnswer, ToolUse

    elements = {element: ElementAnswer(Extent.NONE) for element in Element}
    elements[Element.VFX_COMPOSITING] = ElementAnswer(
        Extent.PARTLY_GENERATED,
        [ToolUse(PARTIAL_TEXTS["tool"])],
        human_contribution=PARTIAL_TEXTS["human_contribution"],
    )
    factories.make_disclosure(
        film,
        elements=elements,
        human_statement=PARTIAL_TEXTS["human_statement"],
        segments=[
            SegmentDraft(
                60_000,
                95_000,
                Element.VFX_COMPOSITING,
                PARTIAL_TEXTS["segment_tool"],
                PARTIAL_TEXTS["segment_note"],
            ),
        ],
    )
    screener = factories.make_screener(
        film, probe={"duration_s": 600.0}, preview_360=True, storyboard_sheets=1
    )
    submission = factories.make_submission(film, edition.categories[0], status="shortlisted")
    juror = factories.make_user(Role.JUROR, name="Blind Juror")
    round_ = factories.make_round(
        edition, is_blind=is_blind, members=[juror], submissions=[submission]
    )
    assignment = factories.make_assignment(round_, round_.entries[0], juror)
    return Setup(juror, film, screener, round_, assignment)


def leaks_in(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [name for name, pattern in PARTIAL_IDENTIFIERS.items() if re.search(pattern, folded)]


def test_nothing_a_blind_juror_reaches_names_the_filmmaker_even_in_part(app, app_ctx):
    setup = partially_named_film(is_blind=True)

    seen = everything_the_juror_reaches(app, setup)

    assert len(seen) >= 15
    leaks = {name: found for name, text in seen.items() if (found := leaks_in(text))}
    assert leaks == {}


def test_a_juror_of_a_round_that_is_not_blind_reads_the_partial_names(app, app_ctx):
    setup = partially_named_film(is_blind=False)

    seen = everything_the_juror_reaches(app, setup)

    assert set(leaks_in(seen["review page"])) == set(PARTIAL_IDENTIFIERS)
    assert leaks_in(seen["chapters track"]) == ["first name", "spelled-out email"]


# --- staff check what blind jurors read, and rewrite it for them ----------------------------


def juror_copy_url(setup: Setup) -> str:
    return f"/manage/rounds/{setup.round.id}/entries/{setup.round.entries[0].id}/juror-copy"


def test_staff_see_what_the_redactor_hides_and_what_looks_like_a_name(app, app_ctx):
    setup = partially_named_film(is_blind=True)
    setup.film.synopsis += " Kimberly and Jisso were there."
    factories.db.session.flush()
    client = sign_in(app.test_client(), factories.make_user(Role.PROGRAMMER))

    assignments = client.get(f"/manage/rounds/{setup.round.id}/assignments").get_data(as_text=True)
    page = client.get(juror_copy_url(setup)).get_data(as_text=True)

    assert juror_copy_url(setup) in assignments
    assert 'class="blind-hidden" title="Hidden from jurors">Jisoo</mark>' in page
    assert 'class="blind-hidden" title="Hidden from jurors">김이준</mark>' in page
    assert 'Looks like “kim”">Kimberly</mark>' in page
    assert 'Looks like “jisoo”">Jisso</mark>' in page


def test_staff_rewrite_what_blind_jurors_read_without_touching_the_film(app, app_ctx):
    setup = partially_named_film(is_blind=True)
    client = sign_in(app.test_client(), factories.make_user(Role.PROGRAMMER))
    own_synopsis = setup.film.synopsis

    saved = client.post(
        juror_copy_url(setup),
        data={
            "title": "Tides",
            "logline": "",
            "synopsis": "A grandson and the sea; Jisoo's friend Kimberly visits.",
            "human_statement": "Shot by the crew.",
        },
    )
    juror = sign_in(app.test_client(), setup.juror)
    review = juror.get(f"/judging/assignments/{setup.assignment.id}").get_data(as_text=True)
    dashboard = juror.get("/judging").get_data(as_text=True)

    assert saved.status_code == 302
    assert setup.film.synopsis == own_synopsis and setup.film.title == PARTIAL_TEXTS["title"]
    assert "A grandson and the sea; ███&#39;s friend Kimberly visits." in review
    assert "Shot by the crew." in review and "Review: Tides<" in review
    assert "Tides</a>" in dashboard
    assert "last summer in Busan" in review  # the logline left empty: the film's own
    event = factories.db.session.scalar(
        factories.db.select(AuditEvent).where(AuditEvent.verb == "juror_copy_saved")
    )
    assert event is not None and event.after["title"] == "Tides"


def test_a_refused_copy_keeps_what_staff_typed(app, app_ctx):
    setup = partially_named_film(is_blind=True)
    client = sign_in(app.test_client(), factories.make_user(Role.PROGRAMMER))

    refused = client.post(
        juror_copy_url(setup),
        data={"title": "T" * 301, "synopsis": "Typed with care."},
    )

    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Keep the Title under 300 characters." in page
    assert "Typed with care." in page
    assert setup.round.entries[0].juror_copy is None
