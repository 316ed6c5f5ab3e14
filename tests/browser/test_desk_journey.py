"""A programmer works through an edition on the desk: filters it, saves the view and opens it
again, finds a film by a word of its Korean title, moves entries on and records decisions in
bulk; the filmmaker, who reads the site in Korean, still sees the entries in consideration.
Then the programmer previews every message and releases them, and the filmmaker reads the
outcome, on the dashboard and in the email, in Korean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.actions import (
    emailed,
    header,
    log_in,
    open_call_and_enter_films,
    status_message,
    wait_for,
)
from tests.browser.conftest import Person

pytestmark = pytest.mark.browser

EDITION_NAME = "Gangneung AI Film Desk 2027"
EDITION_SLUG = "gangneung-ai-desk-2027"
SHORTS, ANIMATION = "Sea shorts", "Animation"

FILMMAKER = Person("김다은", "kim.daeun@example.org", "a filmmaker's passphrase for the desk")
PROGRAMMER = Person("Oh Seung-min", "seungmin@example.org", "a programmer's passphrase, desk")

RUNTIME, RUNTIME_S = "0:06", 6
LIGHTHOUSE, BRIDGE, ROBOTS = "등대지기의 노래", "Paper Moon Bridge", "Rice Field Robots"
FILMS = {  # title: (category, logline)
    LIGHTHOUSE: (SHORTS, "A lighthouse keeper records the songs the sea sings at night."),
    BRIDGE: (SHORTS, "Two ferrymen build a bridge of paper lanterns across the bay."),
    ROBOTS: (ANIMATION, "Small robots learn to plant rice from an old farmer's diary."),
}
VIEW = "Sea shorts, first pass"


# --- the Korean side -----------------------------------------------------------------------------


def korean_header(page: Page):
    return page.get_by_role("navigation", name="주 메뉴")


def log_in_in_korean(page: Page, person: Person) -> None:
    """The log-in page in Korean (the browser remembers the language the person chose)."""
    page.goto("/")
    korean_header(page).get_by_role("link", name="로그인").click()
    main = page.get_by_role("main")
    main.get_by_label("이메일").fill(person.email)
    main.get_by_label("비밀번호", exact=True).fill(person.password)
    main.get_by_role("button", name="로그인").click()
    expect(korean_header(page).get_by_role("button", name="로그아웃")).to_be_visible()


def submission_card(page: Page, title: str):
    """The filmmaker's dashboard card of the entry of `title`."""
    korean_header(page).get_by_role("link", name="내 출품").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 출품")
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))


# --- the programmer ------------------------------------------------------------------------------


def open_submissions(page: Page) -> None:
    header(page).get_by_role("link", name="Editions").click()
    page.get_by_role("link", name=EDITION_NAME).click()
    page.get_by_role("main").get_by_role("link", name="Submissions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Submissions to {EDITION_NAME}")


def open_desk(page: Page) -> None:
    open_submissions(page)
    page.get_by_role("main").get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Desk: {EDITION_NAME}")


def open_decisions(page: Page) -> None:
    open_submissions(page)
    page.get_by_role("link", name="Decisions and their release").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decisions of {EDITION_NAME}")


def open_view(page: Page) -> None:
    views = page.get_by_role("region", name="Saved views")
    views.get_by_role("link", name=VIEW, exact=True).click()


def matching(page: Page, count: int):
    return page.get_by_text(f"Entries matching: {count}.", exact=True)


def desk_titles(page: Page):
    """The title cells of the desk's rows (each row is headed by its film's title)."""
    return page.get_by_role("table").get_by_role("rowheader")


def filters(page: Page):
    return page.get_by_role("group", name="Filter")


def apply_in_bulk(page: Page, action: str, **parameters: str) -> None:
    """With the entries ticked on the desk: the bulk action, its parameters chosen by their
    labels, applied."""
    bulk = page.get_by_role("group", name="Bulk action")
    bulk.get_by_label("With the chosen entries").select_option(label=action)
    for label, option in parameters.items():
        bulk.get_by_label(label, exact=True).select_option(label=option)
    bulk.get_by_role("button", name="Apply to the chosen entries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Bulk action on entries of {EDITION_NAME}"
    )


def results_say(page: Page, text: str) -> None:
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(text)


# --- the journey ---------------------------------------------------------------------------------


def test_desk_bulk_decisions_and_their_release_in_korean(
    page, new_page, screenshot, screenshots, live_server, admin, tmp_path
):
    # 1. The call opens in two categories; the filmmaker enters three films, then reads the
    # site in Korean from now on.
    filmmaker = open_call_and_enter_films(
        page,
        new_page,
        live_server,
        admin,
        tmp_path,
        edition=(EDITION_NAME, EDITION_SLUG),
        categories=(SHORTS, ANIMATION),
        people=((FILMMAKER, "filmmaker"), (PROGRAMMER, "programmer")),
        films=FILMS,
        runtime=(RUNTIME, RUNTIME_S),
    )
    footer = filmmaker.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option(label="한국어")
    footer.get_by_role("button", name="Change").click()
    card = submission_card(filmmaker, LIGHTHOUSE)
    expect(card).to_contain_text(re.compile(r"상태\s*접수됨"))  # status: submitted
    screenshots.save(filmmaker, "filmmaker-entries-in-korean")

    # 2. The programmer gives the edition the usual outcomes, then opens the desk.
    log_in(page, PROGRAMMER.email, PROGRAMMER.password)
    open_decisions(page)
    page.get_by_role("button", name=re.compile(r"^Add the usual outcomes")).click()
    expect(status_message(page, "3 outcomes added.")).to_be_visible()
    for outcome, status in (
        ("Selected", "Selected"),
        ("Waitlisted", "Shortlisted"),
        ("Not selected", "Not selected"),
    ):
        given = page.get_by_label(f"Status at release {outcome}", exact=True)
        expect(given.get_by_role("option", name=status, selected=True)).to_have_count(1)
    screenshot("outcomes")

    open_desk(page)
    expect(matching(page, 3)).to_be_visible()
    expect(desk_titles(page)).to_have_count(3)
    screenshot("desk")

    # 3. Filtered to one category, saved as a shared view; the view opens again.
    filters(page).get_by_label("Category").select_option(label=SHORTS)
    filters(page).get_by_role("button", name="Show").click()
    expect(matching(page, 2)).to_be_visible()
    expect(desk_titles(page)).to_have_text([LIGHTHOUSE, BRIDGE])
    save = page.locator("form").filter(has=page.get_by_role("button", name="Save this view"))
    save.get_by_label("Name of the view").fill(VIEW)
    save.get_by_label("Share with the festival's staff").check()
    save.get_by_role("button", name="Save this view").click()
    expect(status_message(page, "The view is saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Desk: {EDITION_NAME} · {VIEW}")

    page.get_by_role("link", name="Clear the filter").click()
    expect(matching(page, 3)).to_be_visible()
    open_view(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Desk: {EDITION_NAME} · {VIEW}")
    expect(matching(page, 2)).to_be_visible()
    expect(
        filters(page).get_by_label("Category").get_by_role("option", name=SHORTS, selected=True)
    ).to_have_count(1)
    screenshot("saved-view")

    # 4. Every entry of the view moves to "in consideration" at once.
    page.get_by_label("Select all on this page").check()
    for title in (LIGHTHOUSE, BRIDGE):
        expect(page.get_by_role("checkbox", name=title)).to_be_checked()
    apply_in_bulk(page, "Change the status", **{"New status": "In consideration"})
    results_say(page, "Change the status: Changed: 2.")
    page.get_by_role("link", name="Back to the list").click()
    expect(matching(page, 2)).to_be_visible()
    for title in (LIGHTHOUSE, BRIDGE):
        expect(page.get_by_role("row", name=title)).to_contain_text("In consideration")

    # 5. A word of the Korean title finds its film; it is selected. The other is not.
    filters(page).get_by_label("Search titles, logline, synopsis and credits").fill("등대지기")
    filters(page).get_by_role("button", name="Show").click()
    expect(matching(page, 1)).to_be_visible()
    expect(desk_titles(page)).to_have_text([LIGHTHOUSE])
    page.get_by_role("checkbox", name=LIGHTHOUSE).check()
    screenshot("search-in-hangul")
    apply_in_bulk(page, "Record a decision", Decision="Selected")
    results_say(page, "Record a decision: Changed: 1.")

    open_desk(page)
    open_view(page)
    page.get_by_role("checkbox", name=BRIDGE).check()
    apply_in_bulk(page, "Record a decision", Decision="Not selected")
    results_say(page, "Record a decision: Changed: 1.")
    screenshot("decided")

    # 6. Before the release the filmmaker still sees both entries in consideration.
    for title in (LIGHTHOUSE, BRIDGE):
        card = submission_card(filmmaker, title)
        expect(card).to_contain_text(re.compile(r"상태\s*검토 중"))  # status: in consideration
        expect(card).to_contain_text(re.compile(r"심사 결과\s*아직 결과 없음"))  # no outcome yet
        expect(card.get_by_role("region", name="결정")).to_have_count(0)  # no decision
    expect(submission_card(filmmaker, ROBOTS)).to_contain_text(re.compile(r"상태\s*접수됨"))
    screenshots.save(filmmaker, "filmmaker-before-release")
    korean_header(filmmaker).get_by_role("button", name="로그아웃").click()
    expect(filmmaker.get_by_role("status")).to_contain_text("로그아웃되었습니다.")

    # 7. The programmer previews every message, in the filmmaker's language, and releases.
    open_decisions(page)
    release = page.get_by_role("region", name="Release", exact=True)
    expect(release).to_contain_text("Decisions waiting to be released: 2.")
    release.get_by_role("link", name="Preview every message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the messages")
    expect(page.get_by_text("Messages the release will send: 2.")).to_be_visible()
    selected_subject = f"{EDITION_NAME}: 「{LIGHTHOUSE}」 선정 안내"
    not_selected_subject = f"{EDITION_NAME}: 「{BRIDGE}」 심사 결과 안내"
    for title, subject, outcome in (
        (LIGHTHOUSE, selected_subject, "Selected"),
        (BRIDGE, not_selected_subject, "Not selected"),
    ):
        message = page.get_by_role("article").filter(
            has=page.get_by_role("heading", name=re.compile(re.escape(title)))
        )
        expect(message).to_contain_text(f"{FILMMAKER.email} (한국어)")
        expect(message).to_contain_text(f"{outcome} (by {PROGRAMMER.name})")
        expect(message).to_contain_text(subject)
        expect(message).to_contain_text(f"{FILMMAKER.name} 님께")
    screenshot("preview")
    page.get_by_role("link", name=f"Decisions of {EDITION_NAME}").click()
    page.get_by_role("button", name="Release now").click()
    expect(
        status_message(page, "2 decisions released; the messages are on their way.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Release now")).to_have_count(0)

    # The worker sends both messages, in Korean; the release counts them sent.
    body = emailed(page, live_server, FILMMAKER.email, selected_subject)
    assert f"{FILMMAKER.name} 님께" in body
    assert f"「{LIGHTHOUSE}」이(가) {EDITION_NAME} {SHORTS} 부문에 선정되었음을" in body
    assert re.search(r"/submissions/\d+/attendance", body), body
    body = emailed(page, live_server, FILMMAKER.email, not_selected_subject)
    assert "아쉽게도 올해에는 선정되지 않았음을" in body

    def delivered():
        page.reload()
        release = page.get_by_role("region", name="Releases").get_by_role("row").nth(1)
        # When, state, messages, sent, waiting, failing:
        return release.get_by_role("cell").all_inner_texts()[1:] == ["Released", "2", "2", "0", "0"]

    wait_for(page, "the release to count both messages sent", delivered)
    screenshot("released")

    # 8. The filmmaker logs in and reads the outcome in Korean.
    log_in_in_korean(filmmaker, FILMMAKER)
    card = submission_card(filmmaker, LIGHTHOUSE)
    expect(card).to_contain_text(re.compile(r"상태\s*선정"))  # status: selected
    # The outcome as the festival named it in Korean (the usual outcomes come in both).
    expect(card).to_contain_text(re.compile(r"심사 결과\s*선정"))
    decision = card.get_by_role("region", name="결정")
    expect(decision).to_contain_text("참석 여부를 확인하고 상영본을 골라 주세요.")
    expect(decision.get_by_role("link", name=f"참석 여부와 상영본 {LIGHTHOUSE}")).to_be_visible()
    card = submission_card(filmmaker, BRIDGE)
    expect(card).to_contain_text(re.compile(r"상태\s*미선정"))  # status: not selected
    expect(card.get_by_role("region", name="결정")).to_have_count(1)
    screenshots.save(filmmaker, "filmmaker-after-release")
