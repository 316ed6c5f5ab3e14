"""A filmmaker enters a film with its AI disclosure, and the festival publishes its card."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect

from tests.browser.actions import (
    add_category,
    add_deadline,
    create_edition,
    fill_segments,
    form_headed,
    header,
    log_in,
    log_out,
    make_screener,
    publish_edition,
    register,
    screener_status,
    start_upload,
    status_message,
    wait_until_ready,
)

pytestmark = pytest.mark.browser

EDITION_NAME = "Busan AI Short Film Awards 2027"
EDITION_SLUG = "busan-ai-shorts-2027"
TIME_ZONE = "Asia/Seoul"
CATEGORY = "Korean shorts"
DEADLINE = "Early bird"
WAIVER_CODE = "BUSAN-FRIENDS"

FILMMAKER_NAME = "Kim Seo-yeon"
FILMMAKER_EMAIL = "seoyeon@example.org"
FILMMAKER_PASSWORD = "another long enough passphrase"

TITLE = "고요한 바다"
ROMANISED_TITLE = "Goyohan Bada"
VOICE_ACTOR = "Lee Ji-woo"

# Every element of the form by its label: (extent, tools as (name, version, vendor)).
ANSWERS = {
    "Story and script": ("None", []),
    "Visual footage and shots": ("None", []),
    "Characters and creatures": ("None", []),
    "VFX and compositing": ("Partly generated", [("Runway Gen-4", "", "Runway")]),
    "Likeness of real people": ("None", []),
    "Voice and dialogue": (
        "Partly generated",
        [("ElevenLabs", "Multilingual v2", "ElevenLabs"), ("Sync Labs", "lipsync-2", "")],
    ),
    "Music and score": ("None", []),
    "Sound effects": ("None", []),
    "Editing, colour and upscaling": ("Assisted", [("Topaz Video AI", "5", "Topaz Labs")]),
    "Subtitles and translation": ("None", []),
    "Marketing materials": ("None", []),
}
# The film is short, so that its screener is made and ingested in seconds.
RUNTIME = "0:20"
RUNTIME_S = 20
# (start, end, element, tool, note); their union is 4 s + 3.5 s of the 20-second film.
SEGMENTS = [
    ("00:00:03", "00:00:07", "VFX and compositing", "Runway Gen-4", "storm over the harbour"),
    ("00:00:12.500", "00:00:16", "Voice and dialogue", "ElevenLabs", "the mother's voice"),
]
AI_SHARE = "37.5%"


def open_call_for_entries(page: Page, screenshot) -> None:
    """The logged-in administrator creates and publishes an edition that is open now."""
    create_edition(
        page,
        EDITION_NAME,
        EDITION_SLUG,
        TIME_ZONE,
        policy="Disclose every AI-generated shot and voice.",
    )
    add_category(page, CATEGORY, 15, min_ai_percent=10)
    add_deadline(page, DEADLINE, 20_000)

    waiver = form_headed(page, "Add a waiver code")
    waiver.get_by_label("Code").fill(WAIVER_CODE.lower())
    waiver.get_by_label("Uses left").fill("1")
    waiver.get_by_role("button", name="Add waiver code").click()
    expect(status_message(page, f"Waiver code {WAIVER_CODE} is added.")).to_be_visible()
    expect(form_headed(page, WAIVER_CODE).get_by_label("Uses left")).to_have_value("1")

    publish_edition(page, EDITION_NAME)
    screenshot("admin-opened-the-call")


def enter_film(page: Page) -> None:
    header(page).get_by_role("link", name="My films").click()
    page.get_by_role("main").get_by_role("link", name="New film").click()
    form = page.get_by_role("main")
    form.get_by_label("Title", exact=True).fill(TITLE)
    form.get_by_label("Original title (optional)").fill(TITLE)
    form.get_by_label("Romanised title (optional)").fill(ROMANISED_TITLE)
    form.get_by_label("Logline").fill(
        "A fisherman's daughter hears her late mother's voice in the storm."
    )
    form.get_by_label("Runtime").fill(RUNTIME)
    form.get_by_label("Year of completion").fill("2026")
    form.get_by_label("Countries of production").select_option(label="South Korea")
    form.get_by_label("Languages").select_option(label="Korean")
    form.get_by_label("Drama").check()
    credit = form.get_by_role("group", name="Credit 1")
    credit.get_by_label("Role").select_option(label="Director")
    credit.get_by_label("Name").fill(FILMMAKER_NAME)


def fill_disclosure(page: Page, consent_pdf) -> None:
    elements = page.get_by_role("region", name="1. Each element of the film")
    for label, (extent, tools) in ANSWERS.items():
        element = elements.get_by_role("group", name=label, exact=True)
        element.get_by_role("radio", name=extent, exact=True).check()
        if not tools:
            expect(element.get_by_label("What went in")).to_be_hidden()
            continue
        for index, (name, version, vendor) in enumerate(tools):
            if index:
                element.get_by_role("button", name="Add another tool").click()
            row = element.get_by_role("listitem").nth(index)
            row.get_by_label("Tool").fill(name)
            row.get_by_label("Version or model").fill(version)
            row.get_by_label("Vendor").fill(vendor)
        element.get_by_label("What went in").fill("Our own footage shot in Tongyeong.")
        element.get_by_label("What people did to the output").fill(
            "Chose among generations, composited and graded by hand."
        )

    fill_segments(page, SEGMENTS)

    people = page.get_by_role("region", name="3. What people did")
    people.get_by_label("What people did", exact=True).fill(
        "Cast of three, shot on location by our cinematographer, edited and scored by people."
    )

    consent = page.get_by_role("region", name="4. Real people's likeness and voice")
    row = consent.get_by_role("listitem").first
    row.get_by_label("Person").fill(VOICE_ACTOR)
    row.get_by_label("Kind").select_option(label="Voice")
    row.get_by_label("Basis").select_option(label="A signed consent or release")
    row.get_by_label("Consent document").set_input_files(consent_pdf)

    audience = page.get_by_role("region", name="5. The audience, evidence and training data")
    audience.get_by_role("group", name="How the audience is told").get_by_label(
        "In the end credits"
    ).check()
    audience.get_by_label("Prompts").check()
    audience.get_by_label("Your estimate of the AI share of the runtime (%)").fill("40")

    attestations = page.get_by_role("region", name="6. Attestations")
    for attestation in (
        "I have the right to use the generated material under the terms of the tools I used.",
        "I did not knowingly reproduce material under someone else's copyright.",
        "This disclosure is complete and true.",
    ):
        attestations.get_by_label(attestation).check()


def viewer_dates() -> set[str]:
    """Today as the filmmaker's own page shows dates: on their clock, the site's default UTC."""
    now = datetime.now(ZoneInfo("UTC"))
    return {format_date(now.date(), "medium", locale="en")}


def test_filmmaker_submits_a_film_with_its_ai_disclosure(
    page, screenshot, admin, live_server, tmp_path
):
    # 1. The festival opens a call for entries with a waiver code.
    log_in(page, admin.email, admin.password)
    open_call_for_entries(page, screenshot)
    log_out(page)

    # 2. A filmmaker registers and enters a film with a Korean title.
    page.goto("/")
    register(page, live_server, FILMMAKER_NAME, FILMMAKER_EMAIL, FILMMAKER_PASSWORD)
    screenshot("filmmaker-registered")
    enter_film(page)
    screenshot("film-form-filled")
    page.get_by_role("button", name="Save film").click()
    expect(status_message(page, f"{TITLE} is saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(f"{TITLE} · {ROMANISED_TITLE}")).to_be_visible()
    details = page.get_by_role("region", name="Details")
    for fact in (RUNTIME, "South Korea", "Korean", "Drama"):
        expect(details).to_contain_text(fact)
    screenshot("film-saved")

    # 3. The AI disclosure, every element answered.
    page.get_by_role("navigation", name="Film actions").get_by_role(
        "link", name="AI disclosure"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_text("Not started yet.")).to_be_visible()
    screenshot("disclosure-empty")
    consent_pdf = tmp_path / "voice-consent-lee-ji-woo.pdf"
    consent_pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    fill_disclosure(page, consent_pdf)
    screenshot("disclosure-filled")
    page.get_by_role("button", name="Save the disclosure").click()
    expect(status_message(page, "The disclosure is saved and complete.")).to_be_visible()
    expect(page.get_by_text("This disclosure is complete.")).to_be_visible()
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text(AI_SHARE)
    expect(summary).to_contain_text("compositeWithTrainedAlgorithmicMedia")
    segments = page.get_by_role("region", name="2. Timecoded segments")
    expect(segments.get_by_label("Start").first).to_have_value(SEGMENTS[0][0])
    expect(segments.get_by_label("Start").nth(1)).to_have_value(SEGMENTS[1][0])
    consents = page.get_by_role("region", name="4. Real people's likeness and voice")
    expect(consents.get_by_role("link", name=consent_pdf.name)).to_be_visible()
    screenshot("disclosure-complete")

    # 4. The screener: uploaded from the film's page, ingested by the festival's worker.
    header(page).get_by_role("link", name="My films").click()
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    panel = page.get_by_role("region", name="Screener", exact=True)
    expect(panel).to_contain_text("No screener has been uploaded yet.")
    panel.get_by_role("link", name="Upload a screener").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Screener for {TITLE}")
    video = make_screener(tmp_path / "goyohan-bada-screener.mp4", RUNTIME_S)
    start_upload(page, video)
    screenshot("screener-uploading")
    wait_until_ready(page)
    expect(screener_status(page)).to_contain_text("Version 1")
    screenshot("screener-ready")
    page.get_by_role("link", name=f"Back to {TITLE}").click()
    panel = page.get_by_role("region", name="Screener", exact=True)
    expect(panel.get_by_role("link", name="Watch")).to_be_visible()
    expect(panel.get_by_role("link", name="Upload a new version")).to_be_visible()

    # 5. The entry, with the fee waived.
    page.get_by_role("navigation", name="Film actions").get_by_role(
        "link", name="Submit to a festival"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Enter {TITLE}")
    another_call = page.get_by_role("link", name=f"Enter in {EDITION_NAME}")
    if another_call.count():  # other journeys may have opened calls too
        another_call.click()
    expect(page.get_by_text(f"In {EDITION_NAME}.")).to_be_visible()
    expect(page.get_by_text("20,000")).to_be_visible()
    category = page.get_by_role("listitem").filter(has=page.get_by_label(CATEGORY))
    for check in ("Call for entries", "Runtime", "AI disclosure", "AI-generated share", "Screener"):
        expect(category.get_by_role("listitem").filter(has_text=check)).to_have_text(
            re.compile(rf"{check}:\s+met\s*$")
        )
    page.get_by_label(CATEGORY).check()
    page.get_by_label("Waiver code (optional)").fill(WAIVER_CODE.lower())
    screenshot("entry-filled")
    dates_before = viewer_dates()
    page.get_by_role("button", name="Submit entry").click()
    expect(status_message(page, f"{TITLE} is entered in {EDITION_NAME}.")).to_be_visible()
    dates = dates_before | viewer_dates()
    expect(page.get_by_role("heading", level=1)).to_have_text("My submissions")
    entry = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=TITLE, exact=True)
    )
    expect(entry).to_contain_text(EDITION_NAME)
    expect(entry).to_contain_text(CATEGORY)
    expect(entry).to_contain_text(f"Waived (code {WAIVER_CODE})")
    expect(entry.locator("dd").filter(has_text="Submitted")).to_have_count(1)
    event = entry.locator(".submission-history > li")
    expect(event).to_have_count(1)
    expect(event).to_contain_text("Submitted")
    stamp = event.locator("time")
    expect(stamp).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"))
    expect(stamp).to_contain_text(re.compile("|".join(re.escape(day) for day in dates)))
    expect(stamp).to_contain_text(re.compile(r"\d:\d\d\W[AP]M \(UTC\)$"))
    screenshot("dashboard-submitted")
    log_out(page)

    # 6. The festival publishes the disclosure card; anyone can read it.
    log_in(page, admin.email, admin.password)
    header(page).get_by_role("link", name="Editions").click()
    page.get_by_role("link", name=EDITION_NAME).click()
    expect(form_headed(page, WAIVER_CODE).get_by_label("Uses left")).to_have_value("0")
    page.get_by_role("main").get_by_role("link", name="Submissions", exact=True).click()
    page.get_by_role("row", name=TITLE).get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    screenshot("staff-submission")
    page.get_by_role("link", name="Read the disclosure and its versions").click()
    version = page.get_by_role("region", name="Version 1")
    expect(version).to_contain_text("Not published")
    version.get_by_role("button", name="Publish the card").click()
    expect(status_message(page, "The disclosure card of version 1 is public.")).to_be_visible()
    card_link = page.get_by_role("region", name="Version 1").get_by_role(
        "link", name=re.compile("^Published on ")
    )
    card_url = card_link.get_attribute("href")
    assert card_url and re.fullmatch(r"/cards/[\w-]+", card_url), card_url
    screenshot("card-published")
    log_out(page)

    page.goto(card_url)
    expect(header(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    how = page.get_by_role("region", name="How AI was used")
    for label, (extent, tools) in ANSWERS.items():
        row = how.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=label, exact=True)
        )
        expect(row).to_contain_text(extent)
        for name, *_ in tools:
            expect(row).to_contain_text(name)
    segment_rows = page.get_by_role("region", name="Segments with AI material").get_by_role("row")
    expect(segment_rows).to_have_count(1 + len(SEGMENTS))
    for index, (start, end, element, *_) in enumerate(SEGMENTS, start=1):
        expect(segment_rows.nth(index).get_by_role("cell")).to_have_text([start, end, element])
    card_summary = page.get_by_role("region", name="Summary")
    expect(card_summary).to_contain_text(AI_SHARE)
    expect(card_summary).to_contain_text("In the end credits")
    expect(page.get_by_role("main")).not_to_contain_text(VOICE_ACTOR)
    screenshot("public-card")

    response = page.request.get(f"{card_url}.json")
    assert response.ok, response.status
    assert response.headers["access-control-allow-origin"] == "*"
    card = response.json()
    assert card["film"] == {"title": TITLE, "original_title": TITLE}
    assert card["version"] == 1
    assert card["segments"] == [
        {
            "start": "00:00:03",
            "end": "00:00:07",
            "start_ms": 3_000,
            "end_ms": 7_000,
            "element": "vfx_compositing",
        },
        {
            "start": "00:00:12.500",
            "end": "00:00:16",
            "start_ms": 12_500,
            "end_ms": 16_000,
            "element": "voice_dialogue",
        },
    ]
    extents = {row["element"]: row["extent"] for row in card["elements"]}
    assert extents["vfx_compositing"] == "partly_generated"
    assert extents["voice_dialogue"] == "partly_generated"
    assert extents["story_script"] == "none"
    assert None not in extents.values()
    assert card["ai_share_of_runtime"] == pytest.approx(0.375, abs=0.0001)
    assert card["consents_on_file"] is True
    assert card["audience_notice"] == "end_credits"
    assert card["iptc_digital_source_type"]["code"] == "compositeWithTrainedAlgorithmicMedia"
    assert card["published_at"]
    assert VOICE_ACTOR not in response.text()
