"""The screener upload, the player with its AI ranges and a juror's scores, done with the
keyboard alone: Tab and Shift+Tab to reach a control, Enter, Space and the arrows to use it,
never a click. (A file is chosen with `set_input_files` on the focused field: the browser's file
dialog cannot be typed into.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.actions import log_in, log_out, make_screener, status_message

pytestmark = pytest.mark.browser

MOST_TABS = 120
SEEK_TOLERANCE_S = 0.5
SEEK_PRESSES = 10
SCORES = {"Story": "8", "Visual craft": "7", "Creative use of AI": "9", "Sound": "6"}
LAST_SCORE = ("Transparency of disclosure", "10")


# The focused control (or, in a Media Chrome range, the range input inside it) is
# :focus-visible and draws an outline; Media Chrome's controls draw their own focus ring.
SHOWS_ITS_FOCUS = """control =>
  (control.shadowRoot?.activeElement ?? control).matches(':focus-visible')
  && (control.localName.startsWith('media-')
      || getComputedStyle(control).outlineStyle !== 'none')"""


def is_focused(control: Locator) -> bool:
    return control.evaluate("control => control === document.activeElement")


def tab_to(page: Page, control: Locator, *, key: str = "Tab") -> None:
    """Press Tab (or `key`, e.g. Shift+Tab) until `control` has the focus, and see that it
    shows it."""
    for _ in range(MOST_TABS):
        if is_focused(control):
            assert control.evaluate(SHOWS_ITS_FOCUS), f"{control} hides its focus"
            return
        page.keyboard.press(key)
    raise AssertionError(f"{MOST_TABS} × {key} never reached {control}")


def arrow_to(page: Page, group: Locator, value: str) -> None:
    """In the focused radio group, press → until the radio of `value` is chosen."""
    choice = group.locator(f"input[type=radio][value='{value}']")
    for _ in range(MOST_TABS):
        if choice.is_checked():
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"→ never chose {value} in {group}")


def video_time(page: Page) -> float:
    return page.locator("video[data-player-video]").evaluate("video => video.currentTime")


def criterion(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=f"{name} weight", exact=False)


def test_upload_by_keyboard(new_page, demo_festival, tmp_path):
    page = new_page(base_url=demo_festival.server.url)
    video = make_screener(tmp_path / "keyboard.mp4", 2)
    log_in(page, demo_festival.filmmaker.email, demo_festival.filmmaker.password)
    page.goto(demo_festival.pages["second_film_upload"])
    chooser = page.get_by_label("Screener file")
    tab_to(page, chooser)
    chooser.set_input_files(video)  # the file dialog's part
    tab_to(page, page.get_by_role("button", name="Upload", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Upload complete")).to_be_visible(
        timeout=30_000
    )
    log_out(page)


def test_player_and_scores_by_keyboard(new_page, demo_festival):
    page = new_page(base_url=demo_festival.server.url)
    juror = demo_festival.juror
    log_in(page, juror.email, juror.password)
    page.goto(demo_festival.pages["review"])
    page.wait_for_function(
        "() => document.querySelector('video[data-player-video]').readyState >= 1"
    )
    page.locator("video[data-player-video]").evaluate("video => { video.muted = true; }")

    # Play and pause with the play button, reached with Tab.
    tab_to(page, page.locator("media-play-button"))
    play = page.locator("media-play-button")
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('video[data-player-video]').paused")
    # The button shows "pause" once the player told it the film plays (a moment later on a
    # busy machine); a Space before that would ask to play again.
    expect(play).not_to_have_attribute("mediapaused", re.compile(".*"))
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('video[data-player-video]').paused")

    # Seek along the timeline with the arrows (each press is 1 % of the film).
    before = video_time(page)
    tab_to(page, page.locator("media-time-range"))
    for _ in range(SEEK_PRESSES):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('video[data-player-video]').currentTime > before + 0.5",
        arg=before,
    )

    # Jump to the second AI segment from the list beside the player, then back to the first
    # with Shift+Tab.
    jumps = page.get_by_role("complementary", name="AI segments").get_by_role("button")
    expect(jumps).to_have_count(2)
    starts = [float(jump.get_attribute("data-seek-ms")) / 1000 for jump in jumps.all()]
    for index, key in ((1, "Tab"), (0, "Shift+Tab")):
        tab_to(page, jumps.nth(index), key=key)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "([start, tolerance]) => Math.abs("
            " document.querySelector('video[data-player-video]').currentTime - start)"
            " <= tolerance",
            arg=[starts[index], SEEK_TOLERANCE_S],
        )

    # The scores: each rubric's radio group reached with Tab, the score chosen with →.
    for name, value in SCORES.items():
        group = criterion(page, name)
        tab_to(page, group.locator("input[type=radio]:checked"))
        arrow_to(page, group, value)
    tab_to(page, page.get_by_label("Comment to the festival"))
    page.keyboard.type("Scored with the keyboard alone.")
    tab_to(page, page.get_by_role("button", name="Save draft"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review:")
    for name, value in SCORES.items():
        expect(criterion(page, name).get_by_role("radio", name=value, exact=True)).to_be_checked()
    expect(page.get_by_label("Comment to the festival")).to_have_value(
        "Scored with the keyboard alone."
    )

    name, value = LAST_SCORE
    group = criterion(page, name)
    tab_to(page, group.locator("input[type=radio]:checked"))
    arrow_to(page, group, value)
    tab_to(page, page.get_by_role("button", name="Submit review"))
    page.keyboard.press("Space")
    expect(status_message(page, "Your review is submitted. Thank you.")).to_be_visible()
    log_out(page)
