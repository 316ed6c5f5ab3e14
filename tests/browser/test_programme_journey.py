"""From the selection to the published programme: the programmer selects three films in bulk
and releases the decisions, builds a block of them and orders it by keyboard and by drag
(the order kept on the server), adds two venues, schedules the block, is warned before
saving when one of its films would play in two places at once and changes that screening,
confirms the block's screening and publishes the programme. A visitor, logged out, reads it in
Korean: the block's Korean title, its venue, its time on the festival's clock, and a film's
page with its AI disclosure card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.actions import (
    header,
    log_in,
    log_out,
    open_call_and_enter_films,
    status_message,
)
from tests.browser.conftest import Person

pytestmark = pytest.mark.browser

EDITION_NAME = "Gangneung AI Film Programme 2027"
EDITION_SLUG = "gangneung-ai-programme-2027"
SHORTS = "Night shorts"

FILMMAKER = Person("이서준", "lee.seojun@example.org", "a filmmaker's passphrase for the programme")
PROGRAMMER = Person("Han Ji-woo", "jiwoo@example.org", "a programmer's passphrase, programme")

RUNTIME, RUNTIME_S = "0:06", 6
HARBOUR, LANTERNS, TIDE = "밤바다의 항구", "Lantern Tide", "Salt Wind Radio"
FILMS = {  # title: (the word it is found by, logline)
    HARBOUR: ("항구", "A harbour pilot guides generated ships home through the fog."),
    LANTERNS: ("Lantern", "Lanterns drift out to sea and come back as stars."),
    TIDE: ("Radio", "A night radio host answers calls from the tide."),
}
BLOCK_TITLE, BLOCK_TITLE_KO = "Shorts by the Night Sea", "밤바다 단편선"
VENUE_A, VENUE_A_KO = "Harbour Hall", "항구 홀"
VENUE_B, VENUE_B_KO = "Lantern Room", "등불 상영관"
DAY = "2027-07-10"


# --- the programmer --------------------------------------------------------------------------


def open_edition(page: Page) -> None:
    header(page).get_by_role("link", name="Editions").click()
    page.get_by_role("link", name=EDITION_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EDITION_NAME)


def open_edition_link(page: Page, name: str) -> None:
    """From the edition's staff page, one of its pages (Submissions, Programme blocks...)."""
    open_edition(page)
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()


def open_decisions(page: Page) -> None:
    open_edition_link(page, "Submissions")
    page.get_by_role("link", name="Decisions and their release").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decisions of {EDITION_NAME}")


def lineup(page: Page):
    """The block's films in order, one row each."""
    return page.locator("#block-films").get_by_role("listitem")


def lineup_row(page: Page, title: str):
    return lineup(page).filter(has=page.get_by_role("link", name=title, exact=True))


def expect_lineup(page: Page, titles: list[str]) -> None:
    expect(lineup(page).get_by_role("link")).to_have_text(titles)
    expect(lineup(page).locator(".lineup-position")).to_have_text(
        [f"{position}." for position in range(1, len(titles) + 1)]
    )


def add_to_block(page: Page, title: str, word: str) -> None:
    """On the block's page: search the selected films for `word`, add `title`."""
    search = page.get_by_role("search")
    search.get_by_label("Search the selected films").fill(word)
    search.get_by_role("button", name="Search").click()
    page.locator("#block-candidates").get_by_role("button", name=f"Add {title}").click()
    expect(status_message(page, f"“{title}” added.")).to_be_visible()


def schedule_form(page: Page):
    return page.get_by_role("main").locator("form")


def fill_schedule(page: Page, *, venue: str, at: str, block: str = "", film: str = "") -> None:
    form = schedule_form(page)
    if block:
        form.get_by_label("Block").select_option(label=block)
    if film:
        form.get_by_label("Or a single film").select_option(label=film)
    form.get_by_label("Venue").select_option(label=venue)
    form.get_by_label("Day").fill(DAY)
    form.get_by_label("Starts at").fill(at)
    form.get_by_role("button", name="Check and save").click()


# --- the journey -------------------------------------------------------------------------------


def test_programme_from_block_to_public_page_in_korean(
    page, new_page, screenshot, screenshots, live_server, admin, tmp_path
):
    # 1. The call opens; the filmmaker enters three films, each with its disclosure and screener.
    open_call_and_enter_films(
        page,
        new_page,
        live_server,
        admin,
        tmp_path,
        edition=(EDITION_NAME, EDITION_SLUG),
        categories=(SHORTS,),
        people=((FILMMAKER, "filmmaker"), (PROGRAMMER, "programmer")),
        films={title: (SHORTS, logline) for title, (_, logline) in FILMS.items()},
        runtime=(RUNTIME, RUNTIME_S),
    )

    # 2. The programmer selects the three films in bulk on the desk and releases the decisions.
    log_in(page, PROGRAMMER.email, PROGRAMMER.password)
    open_decisions(page)
    page.get_by_role("button", name=re.compile(r"^Add the usual outcomes")).click()
    expect(status_message(page, "3 outcomes added.")).to_be_visible()
    open_edition_link(page, "Submissions")
    page.get_by_role("main").get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_text("Entries matching: 3.", exact=True)).to_be_visible()
    page.get_by_label("Select all on this page").check()
    bulk = page.get_by_role("group", name="Bulk action")
    bulk.get_by_label("With the chosen entries").select_option(label="Record a decision")
    bulk.get_by_label("Decision", exact=True).select_option(label="Selected")
    bulk.get_by_role("button", name="Apply to the chosen entries").click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        "Record a decision: Changed: 3."
    )
    open_decisions(page)
    page.get_by_role("button", name="Release now").click()
    expect(
        status_message(page, "3 decisions released; the messages are on their way.")
    ).to_be_visible()

    # 3. A block with an English and a Korean title; its films found by search.
    open_edition_link(page, "Programme blocks")
    page.get_by_role("link", name="New block").click()
    form = page.locator("#block-settings")
    form.get_by_label("Title", exact=True).fill(BLOCK_TITLE)
    form.get_by_label("Title in Korean").fill(BLOCK_TITLE_KO)
    form.get_by_label("Category").select_option(label=SHORTS)
    form.get_by_label("Slot (minutes)").fill("30")
    form.get_by_role("button", name="Create the block").click()
    expect(status_message(page, "Block created. Now add its films.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(BLOCK_TITLE)
    for title, (word, _) in FILMS.items():
        add_to_block(page, title, word)
    expect_lineup(page, [HARBOUR, LANTERNS, TIDE])
    expect(
        page.get_by_role("heading", name=re.compile(r"^Running time: \d+ minutes$"))
    ).to_be_visible()

    # 4. By keyboard: the first film, focused, moves down one; the move is announced, saved.
    expect(page.locator("#block-films.is-sortable")).to_have_count(1)  # lineup.js is running
    first = lineup_row(page, HARBOUR)
    first.focus()
    expect(first).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#lineup-status")).to_have_text(f"“{HARBOUR}” is now at position 2 of 3.")
    expect(lineup_row(page, HARBOUR)).to_be_focused()
    expect_lineup(page, [LANTERNS, HARBOUR, TIDE])
    screenshot("moved-by-keyboard")
    page.reload()
    expect_lineup(page, [LANTERNS, HARBOUR, TIDE])

    # 5. By drag: the last film dropped on the first goes to the top; saved as well.
    expect(page.locator("#block-films.is-sortable")).to_have_count(1)
    lineup_row(page, TIDE).drag_to(lineup_row(page, LANTERNS))
    expect(page.locator("#lineup-status")).to_have_text(f"“{TIDE}” is now at position 1 of 3.")
    expect_lineup(page, [TIDE, LANTERNS, HARBOUR])
    page.reload()
    expect_lineup(page, [TIDE, LANTERNS, HARBOUR])
    screenshot("moved-by-drag")

    # 6. Two venues.
    open_edition_link(page, "Screenings")
    page.get_by_role("main").get_by_role("link", name="Venues", exact=True).click()
    for name, name_ko, seats in ((VENUE_A, VENUE_A_KO, 240), (VENUE_B, VENUE_B_KO, 80)):
        form = page.get_by_role("main").locator("form")
        form.get_by_label("Name", exact=True).fill(name)
        form.get_by_label("Name in Korean").fill(name_ko)
        form.get_by_label("Seats").fill(str(seats))
        form.get_by_role("button", name="Add the venue").click()
        expect(status_message(page, "The venue is added.")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("rowheader")).to_have_text([VENUE_A, VENUE_B])

    # 7. The block at Harbour Hall at 19:30, pencilled in, then confirmed.
    page.get_by_role("main").get_by_role("link", name="Screenings", exact=True).click()
    page.get_by_role("link", name="Schedule a screening").click()
    expect(page.get_by_text("Times on the edition's clock (Asia/Seoul).")).to_be_visible()
    fill_schedule(page, block=BLOCK_TITLE, venue=VENUE_A, at="19:30")
    expect(status_message(page, "The screening is pencilled in.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(BLOCK_TITLE)
    page.get_by_role("button", name="Confirm").click()
    expect(status_message(page, "The screening is confirmed.")).to_be_visible()

    # 8. One of its films alone at the Lantern Room at the same time: warned before saving.
    page.get_by_role("main").get_by_role("link", name="Screenings", exact=True).click()
    page.get_by_role("link", name="Schedule a screening").click()
    fill_schedule(page, film=HARBOUR, venue=VENUE_B, at="19:30")
    warning = schedule_form(page).get_by_role("alert")
    expect(warning).to_contain_text(
        "This change would create these conflicts. Change it, or save anyway."
    )
    expect(warning).to_contain_text("Film in two places at once")
    expect(warning.get_by_role("link", name=BLOCK_TITLE)).to_be_visible()
    expect(warning).to_contain_text(VENUE_A)
    expect(warning.get_by_role("button", name="Save anyway")).to_be_visible()
    screenshot("conflict-warning")
    # The programmer changes it to later that night instead: no conflict, pencilled in.
    schedule_form(page).get_by_label("Starts at").fill("21:30")
    schedule_form(page).get_by_role("button", name="Check and save").click()
    expect(status_message(page, "The screening is pencilled in.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(HARBOUR)
    page.get_by_role("main").get_by_role("link", name="Conflicts", exact=True).click()
    expect(page.get_by_text("No conflicts.")).to_be_visible()

    # 9. The programme is published.
    open_edition_link(page, "Publish the programme")
    page.get_by_role("button", name="Publish the programme").click()
    expect(status_message(page, "The programme is published.")).to_be_visible()
    screenshot("published")
    log_out(page)

    # 10. A visitor reads the programme in Korean.
    visitor = new_page()
    visitor.goto(f"/editions/{EDITION_SLUG}")
    footer = visitor.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option(label="한국어")
    footer.get_by_role("button", name="Change").click()
    visitor.get_by_role("link", name="프로그램 보기").click()  # see the programme
    main = visitor.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(EDITION_NAME)
    expect(main).to_contain_text("시간은 영화제 현지 시간 기준입니다: Asia/Seoul.")
    expect(main.get_by_role("heading", level=2)).to_have_text("2027년 7월 10일 토요일")
    screenings = main.locator(".public-screening")
    expect(screenings).to_have_count(1)  # the pencilled film alone stays private
    expect(screenings).to_contain_text("오후 7:30")
    expect(screenings).to_contain_text(VENUE_A_KO)
    expect(main).not_to_contain_text(VENUE_B_KO)
    screenshots.save(visitor, "public-programme-in-korean")

    screenings.get_by_role("link", name=BLOCK_TITLE_KO).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(BLOCK_TITLE_KO)
    films = visitor.get_by_role("region", name="작품")  # films
    expect(films.get_by_role("heading", level=3)).to_have_text([TIDE, LANTERNS, HARBOUR])
    expect(visitor.get_by_role("region", name="상영")).to_contain_text(VENUE_A_KO)  # screenings

    films.get_by_role("link", name=HARBOUR).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(HARBOUR)
    expect(visitor.get_by_role("main")).to_contain_text(FILMS[HARBOUR][1])
    card = visitor.get_by_role("region", name="AI 사용 고지 카드")  # AI disclosure card
    expect(card).to_contain_text("관객에게 알리는 방법: 엔드 크레디트에 표기")  # in the end credits
    expect(card).to_contain_text(re.compile(r"영상 및 숏\s*대부분 생성\s*Veo"))  # footage: mostly
    film_screenings = visitor.get_by_role("region", name="상영")
    expect(film_screenings).to_contain_text("오후 7:30")
    expect(film_screenings).to_contain_text(VENUE_A_KO)
    screenshots.save(visitor, "public-film-in-korean")
