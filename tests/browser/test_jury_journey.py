"""A programmer sets up a jury round with the festival's rubric and assigns the shortlisted
films automatically; a juror's draft survives a closed tab, the review is submitted, and the
ranking counts it."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_time
from playwright.sync_api import Page, expect

from tests.browser.actions import (
    add_category,
    add_deadline,
    create_account,
    create_edition,
    enter_film,
    header,
    log_in,
    log_out,
    make_screener,
    publish_edition,
    status_message,
    submit_film,
)
from tests.browser.conftest import Person

pytestmark = pytest.mark.browser

EDITION_NAME = "Jeonju AI Film Jury 2027"
EDITION_SLUG = "jeonju-ai-jury-2027"
TIME_ZONE = "Asia/Seoul"
CATEGORY = "Jury shorts"

FILMMAKER = Person("Yoon Ha-rin", "harin@example.org", "a filmmaker's passphrase for the jury")
PROGRAMMER = Person("Seo Ji-ho", "jiho@example.org", "a programmer's passphrase for the jury")
JURORS = [
    Person("Han Soo-ah", "sooah@example.org", "the first juror's long passphrase"),
    Person("Bae Min-seok", "minseok@example.org", "the second juror's long passphrase"),
]
JUROR = JURORS[0]

# Two short films, so that their screeners are made and ingested in seconds.
RUNTIME = "0:06"
RUNTIME_S = 6
FILMS = ["Salt Wind", "Glass Orchard"]
LOGLINES = {
    "Salt Wind": "A ferry captain hears the island's old songs in the engine's hum.",
    "Glass Orchard": "Two sisters grow a generated orchard on their grandmother's roof.",
}

ROUND_NAME = "Jury: shorts"
REVIEWS_PER_FILM = 2
# The "AI film jury" template: (criterion, weight), every one scored from 1 to 10.
RUBRIC = [
    ("Story", "30"),
    ("Visual craft", "25"),
    ("Creative use of AI", "25"),
    ("Sound", "10"),
    ("Transparency of disclosure", "10"),
]
DRAFT_SCORES = {"Story": "8", "Visual craft": "7"}
LAST_SCORES = {"Creative use of AI": "9", "Sound": "6", "Transparency of disclosure": "10"}
# (0.30·7 + 0.25·6 + 0.25·8 + 0.10·5 + 0.10·9) / 9 of the way from 1 to 10.
TOTAL = "8.00"
COMMENT = "A confident, moving film; the generated harbour never hides the performances."


# --- the films ---------------------------------------------------------------------------------


def open_call(page: Page) -> None:
    """The logged-in administrator opens a call for entries with one category."""
    create_edition(page, EDITION_NAME, EDITION_SLUG, TIME_ZONE)
    add_category(page, CATEGORY, 20)
    add_deadline(page, "Regular", 10_000)
    publish_edition(page, EDITION_NAME)


# --- the programmer ----------------------------------------------------------------------------


def open_edition(page: Page) -> None:
    header(page).get_by_role("link", name="Editions").click()
    page.get_by_role("link", name=EDITION_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EDITION_NAME)


def shortlist(page: Page, title: str) -> None:
    """On the staff page of the entry: submitted → in consideration → shortlisted."""
    open_edition(page)
    page.get_by_role("main").get_by_role("link", name="Submissions", exact=True).click()
    page.get_by_role("row", name=title).get_by_role("link", name=title).click()
    for status in ("In consideration", "Shortlisted"):
        change = page.get_by_role("region", name="Change status")
        change.get_by_label("New status").select_option(label=status)
        change.get_by_role("button", name="Change status").click()
        expect(status_message(page, f"The status is now “{status}”.")).to_be_visible()


def seoul_now() -> datetime:
    """The edition's wall clock, to the minute, as a datetime-local field takes it."""
    return datetime.now(ZoneInfo(TIME_ZONE)).replace(second=0, microsecond=0, tzinfo=None)


def create_jury_round(page: Page, screenshot) -> datetime:
    """The round, open from an hour ago for ten days on the edition's clock; returns when it
    closes, on that clock."""
    open_edition(page)
    page.get_by_role("link", name="Judging rounds").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Judging rounds")
    page.get_by_role("link", name="New jury round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New round")

    form = page.locator("form").filter(has=page.get_by_role("button", name="Create the round"))
    # The rubric comes from the "AI film jury" template, with spare rows for more criteria.
    for number, (name, weight) in enumerate(RUBRIC, start=1):
        row = form.get_by_role("group", name=f"Criterion {number}", exact=True)
        expect(row.get_by_label("Criterion", exact=True)).to_have_value(name)
        expect(row.get_by_label("Weight (%)")).to_have_value(weight)
        expect(row.get_by_label("Lowest score")).to_have_value("1")
        expect(row.get_by_label("Highest score")).to_have_value("10")
    spare = form.get_by_role("group", name=f"Criterion {len(RUBRIC) + 1}", exact=True)
    expect(spare.get_by_label("Criterion", exact=True)).to_have_value("")
    expect(form.get_by_label("Kind of round")).to_have_value("jury")
    expect(form.get_by_label("Shortlisted")).to_be_checked()

    round_ = form.get_by_role("group", name="Round", exact=True)
    round_.get_by_label("Name", exact=True).fill(ROUND_NAME)
    opens = seoul_now() - timedelta(hours=1)
    round_.get_by_label("Opens").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    closes = opens + timedelta(days=10)
    round_.get_by_label("Closes").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    round_.get_by_label("Reviews each film needs").fill(str(REVIEWS_PER_FILM))
    round_.get_by_label("Blind: reviewers do not see who made the films").check()
    round_.get_by_label(CATEGORY).check()
    round_.get_by_label("Instructions for reviewers").fill(
        "Watch each film to the end before you score it."
    )
    screenshot("round-form-filled")
    form.get_by_role("button", name="Create the round").click()
    expect(status_message(page, "Round created. Now choose its members.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND_NAME)
    return closes


def choose_members_and_films(page: Page, screenshot) -> None:
    for juror in JURORS:
        page.get_by_label(juror.name).check()
    page.get_by_role("button", name="Save members").click()
    expect(status_message(page, "Members saved.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        f"{len(FILMS)} submissions match the round's categories and statuses; 0 are in the round."
    )
    screenshot("members-saved")
    page.get_by_role("button", name="Bring the matching films into the round").click()
    expect(
        status_message(page, f"{len(FILMS)} films added to the round, 0 taken out.")
    ).to_be_visible()


def assign_automatically(page: Page, screenshot) -> None:
    for title in FILMS:
        entry = page.get_by_role("region", name=title)
        expect(entry).to_contain_text("Judged version: 1")
        expect(entry).to_contain_text("Nobody is assigned yet.")
    page.get_by_role("link", name="Assign automatically (preview first)").click()
    expect(page.get_by_role("heading", name="Assignment preview")).to_be_visible()
    assignments = len(FILMS) * REVIEWS_PER_FILM
    expect(page.get_by_text(f"{assignments} new assignments.")).to_be_visible()
    who = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Film"))
    for title in FILMS:
        expect(who.get_by_role("row", name=title)).to_contain_text(JURORS[0].name)
        expect(who.get_by_role("row", name=title)).to_contain_text(JURORS[1].name)
    screenshot("assignment-preview")
    page.get_by_role("button", name="Apply these assignments").click()
    expect(status_message(page, f"{assignments} assignments made.")).to_be_visible()
    for title in FILMS:
        entry = page.get_by_role("region", name=title)
        for juror in JURORS:
            expect(entry.get_by_role("row", name=juror.name)).to_contain_text("Not started")
    screenshot("assignments-applied")


# --- the juror ---------------------------------------------------------------------------------


def criterion(page: Page, name: str):
    """The rubric's fieldset of one criterion, its legend the name and the weight."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(name)} weight"))


def pick(page: Page, scores: dict[str, str]) -> None:
    for name, value in scores.items():
        criterion(page, name).get_by_role("radio", name=value, exact=True).check()


def review_row(work, title: str):
    """The dashboard's row of the film, in the section of the round's `work`."""
    return work.get_by_role("row", name=title)


# --- the journey -------------------------------------------------------------------------------


def test_jury_round_with_a_draft_that_survives_a_closed_tab(
    page, screenshot, screenshots, live_server, admin, tmp_path
):
    # The accounts are made with the operator command, and the films' screeners with ffmpeg,
    # while the festival opens its call and the filmmaker enters the films.
    with ThreadPoolExecutor(max_workers=1) as pool:
        filmmaker = pool.submit(create_account, live_server, FILMMAKER, "filmmaker")
        videos = [
            pool.submit(make_screener, tmp_path / f"film-{index}.mp4", RUNTIME_S)
            for index in range(len(FILMS))
        ]
        people = [(PROGRAMMER, "programmer"), *((juror, "juror") for juror in JURORS)]
        accounts = [pool.submit(create_account, live_server, *person) for person in people]

        # 1. An open call, and a filmmaker who enters two films with their screeners.
        log_in(page, admin.email, admin.password)
        open_call(page)
        log_out(page)

        filmmaker.result()
        log_in(page, FILMMAKER.email, FILMMAKER.password)
        for title, video in zip(FILMS, videos, strict=True):
            enter_film(page, title, LOGLINES[title], RUNTIME, video.result())
        for title in FILMS:
            submit_film(page, title, EDITION_NAME, CATEGORY)
        screenshot("films-entered")
        log_out(page)
        for account in accounts:
            account.result()

    # 2. The programmer shortlists both films, then sets up the jury round.
    log_in(page, PROGRAMMER.email, PROGRAMMER.password)
    for title in FILMS:
        shortlist(page, title)
    screenshot("shortlisted")
    closes = create_jury_round(page, screenshot)
    choose_members_and_films(page, screenshot)
    assign_automatically(page, screenshot)
    log_out(page)

    # 3. A juror scores a film; the draft is saved as they go.
    log_in(page, JUROR.email, JUROR.password)
    header(page).get_by_role("link", name="My reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    work = page.get_by_role("region", name=re.compile(rf"^{re.escape(ROUND_NAME)} · "))
    # The round closes when the programmer said, on the edition's clock, which it names.
    due = (
        f"{format_date(closes, 'medium', locale='en')}, "
        f"{format_time(closes, 'short', locale='en')} (Korean Standard Time)"
    )
    expect(work).to_contain_text(f"Due {due}. 0 of {len(FILMS)} submitted.")
    for title in FILMS:
        expect(review_row(work, title)).to_contain_text("Not started")
    screenshot("juror-dashboard")
    title = FILMS[0]
    with page.context.expect_page() as opened:
        work.get_by_role("link", name=title).click(modifiers=["ControlOrMeta"])
    tab = opened.value
    tab.bring_to_front()  # the juror switches to the new tab
    expect(tab.get_by_role("heading", level=1)).to_have_text(f"Review: {title}")
    review_url = tab.url
    dossier = tab.get_by_role("region", name="The film")
    expect(dossier).to_contain_text("Blind review: who made the film is hidden")
    expect(dossier).to_contain_text(LOGLINES[title])
    expect(dossier).not_to_contain_text(FILMMAKER.name)
    expect(dossier.get_by_role("row", name="Visual footage and shots")).to_contain_text("Veo")
    tab.wait_for_function(
        "() => document.querySelector('video[data-player-video]').readyState >= 1"
    )
    # The juror plays the version the round judges, with the disclosed AI segment on the
    # timeline and their own name over the picture.
    ranges = tab.get_by_role("list", name="AI segments on the timeline").get_by_role("listitem")
    expect(ranges).to_have_count(1)
    expect(ranges.first).to_have_attribute("style", re.compile(r"left: [\d.]+%"))
    expect(tab.locator("[data-player-watermark]")).to_contain_text(JUROR.name)
    # The watermark's clock is UTC and says so, as the script keeps it ticking.
    utc_clock = re.compile(r"\d:\d\d\W[AP]M \(UTC\)$")
    expect(tab.locator("[data-watermark-time]")).to_have_text(utc_clock)
    tab.locator("video[data-player-video]").evaluate(
        "video => { video.muted = true; return video.play(); }"
    )
    tab.wait_for_function(
        "() => document.querySelector('video[data-player-video]').currentTime > 1"
    )
    screenshots.save(tab, "juror-plays-the-judged-version")
    for name, weight in RUBRIC:
        expect(criterion(tab, name)).to_have_accessible_name(f"{name} weight {weight}%")
    pick(tab, DRAFT_SCORES)
    tab.get_by_label("Comment to the festival").fill(COMMENT)
    expect(tab.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    # The autosave's time, written by the server, names the edition's clock as the page does.
    expect(tab.get_by_role("status").filter(has_text="Draft saved at")).to_contain_text(
        "(Korean Standard Time)"
    )
    screenshots.save(tab, "draft-saved")

    # The tab is closed; a new one comes back to the review and finds the draft.
    tab.close()
    tab = page.context.new_page()
    tab.goto(review_url)
    for name, value in DRAFT_SCORES.items():
        expect(criterion(tab, name).get_by_role("radio", name=value, exact=True)).to_be_checked()
    for name in LAST_SCORES:
        expect(criterion(tab, name).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(tab.get_by_label("Comment to the festival")).to_have_value(COMMENT)
    expect(tab.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    screenshots.save(tab, "draft-back-in-a-new-tab")

    pick(tab, LAST_SCORES)
    tab.get_by_role("button", name="Submit review").click()
    expect(status_message(tab, "Your review is submitted. Thank you.")).to_be_visible()
    expect(tab.get_by_role("heading", level=1)).to_have_text("My reviews")
    work = tab.get_by_role("region", name=re.compile(rf"^{re.escape(ROUND_NAME)} · "))
    expect(work).to_contain_text(f"1 of {len(FILMS)} submitted.")
    expect(review_row(work, title)).to_contain_text("Review submitted")
    expect(review_row(work, FILMS[1])).to_contain_text("Not started")
    screenshots.save(tab, "review-submitted")
    tab.close()
    log_out(page)

    # 4. The programmer reads the ranking: one review of the four is in.
    log_in(page, PROGRAMMER.email, PROGRAMMER.password)
    open_edition(page)
    page.get_by_role("link", name="Judging rounds").click()
    page.get_by_role("row", name=ROUND_NAME).get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND_NAME)
    needed = len(FILMS) * REVIEWS_PER_FILM
    expect(page.get_by_text(f"1 of {needed} reviews in.")).to_be_visible()
    ranking = page.get_by_role("region", name=CATEGORY)
    first = ranking.get_by_role("row").filter(has_text=title)
    expect(first.get_by_role("cell")).to_contain_text(
        ["1", title, f"1 / {REVIEWS_PER_FILM}", TOTAL]
    )
    expect(first).to_contain_text("incomplete")
    expect(ranking.get_by_role("row").filter(has_text=FILMS[1])).to_contain_text(
        f"0 / {REVIEWS_PER_FILM}"
    )
    screenshot("results")
