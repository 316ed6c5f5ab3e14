"""Every main page at a phone's width and at 200 % zoom: nothing wider than the window, no
control cut off, the player's controls in reach and its watermark inside the picture.

The phone is 390 CSS px wide (the iPhone 12 to 16), as a desktop window of that width: a mobile
emulation would let the browser zoom a too-wide page out to fit it and hide the fault. 200 % zoom
of a 1280 px window is a 640 px wide window at a device pixel ratio of 2: that is what the
browser's zoom does to the layout (media queries, `innerWidth` and the screenshots alike), where
CSS `zoom` on the page would leave the media queries at 1280 px. A screenshot of each page at
each size is kept in test-artifacts/screenshots/<size>/ (git-ignored)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page

from tests.browser.actions import log_in, log_out
from tests.browser.conftest import REPOSITORY_ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = REPOSITORY_ROOT / "test-artifacts" / "screenshots"
SIZES = {
    "phone-390": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1},
    "zoom-200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
# The main pages, by who sees them: None for a visitor, else the demo festival's person.
MAIN_PAGES = {
    None: ["home", "call", "login", "register", "programme", "programme_film"],
    "filmmaker": ["films", "film", "disclosure", "upload", "submit", "submissions", "account"],
    "juror": ["reviews", "review"],
    "programmer": ["desk", "submission", "watch"],
}
PLAYER_PAGES = {"review", "watch"}

# The interactive elements on the page that a scroll container does not hold, and that stick
# out of the window or out of an ancestor that hides its overflow (they cannot be reached).
CLIPPED_CONTROLS = """() => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [role=slider], media-time-range, media-time-display';
  const parentOf = (node) => node.assignedSlot || node.parentElement
    || (node.getRootNode() instanceof ShadowRoot ? node.getRootNode().host : null);
  const describe = (control, box) => {
    const name = control.getAttribute('aria-label') || control.textContent.trim().slice(0, 40);
    const from = Math.round(box.left), to = Math.round(box.right);
    return `<${control.localName}> "${name}" at ${from}–${to} px`;
  };
  const clipped = [];
  for (const control of document.querySelectorAll(controls)) {
    const box = control.getBoundingClientRect();
    if (!control.checkVisibility() || !box.width || !box.height) continue;
    if (control.closest('.visually-hidden, .skip-link')) continue;
    let outside = box.left < -1 || box.right > innerWidth + 1;
    for (let node = parentOf(control); node && node !== document.documentElement;
         node = parentOf(node)) {
      if (!(node instanceof Element)) continue;
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { outside = false; break; }
      if (overflow === 'hidden' || overflow === 'clip') {
        const outer = node.getBoundingClientRect();
        if (box.left < outer.left - 1 || box.right > outer.right + 1) { outside = true; break; }
      }
    }
    if (outside) clipped.push(describe(control, box));
  }
  return clipped;
}"""
# The innermost elements that reach past the window's right edge: what makes the page too wide.
TOO_WIDE = """() => {
  const past = (element) => element.getBoundingClientRect().right > innerWidth + 1;
  const name = (element) => element.localName
    + (element.id ? `#${element.id}` : '')
    + [...element.classList].map((name) => `.${name}`).join('');
  return [...document.body.querySelectorAll('*')]
    .filter((element) => past(element) && ![...element.children].some(past))
    .slice(0, 5)
    .map((element) => `${name(element.parentElement)} > ${name(element)}`
      + ` (to ${Math.round(element.getBoundingClientRect().right)} px)`);
}"""
WATERMARK_OUTSIDE_THE_PICTURE = """() => {
  const mark = document.querySelector('[data-player-watermark]').getBoundingClientRect();
  const video = document.querySelector('video[data-player-video]').getBoundingClientRect();
  const inside = mark.left >= video.left - 1 && mark.right <= video.right + 1
    && mark.top >= video.top - 1 && mark.bottom <= video.bottom + 1;
  const box = (b) => `${Math.round(b.left)},${Math.round(b.top)}–`
    + `${Math.round(b.right)},${Math.round(b.bottom)}`;
  return inside ? null : `the watermark (${box(mark)}) is outside the picture (${box(video)})`;
}"""


def problems_of(page: Page, name: str) -> list[str]:
    """What does not fit on the page, each said with the page's name."""
    found = []
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    if overflow[0] > overflow[1]:
        found.append(
            f"the page is {overflow[0]} px wide in a {overflow[1]} px window; too wide: "
            + ", ".join(page.evaluate(TOO_WIDE))
        )
    found += [f"{control} is cut off" for control in page.evaluate(CLIPPED_CONTROLS)]
    if name in PLAYER_PAGES:
        outside = page.evaluate(WATERMARK_OUTSIDE_THE_PICTURE)
        if outside:
            found.append(outside)
    return [f"{name} ({page.url}): {problem}" for problem in found]


def wait_for_player(page: Page) -> None:
    """The video knows its length and the player's script has drawn the AI ranges."""
    page.wait_for_function(
        "() => document.querySelector('video[data-player-video]').readyState >= 1"
        " && [...document.querySelectorAll('.ai-range')].every(range => range.style.left)"
    )


@pytest.mark.parametrize("size", SIZES)
def test_every_main_page_fits_a_phone_and_200_percent_zoom(new_page, demo_festival, size):
    folder = SCREENSHOTS / size
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    page = new_page(base_url=demo_festival.server.url, **SIZES[size])
    problems: list[str] = []
    number = 0
    for role, names in MAIN_PAGES.items():
        person = getattr(demo_festival, role) if role else None
        if person:
            log_in(page, person.email, person.password)
        for name in names:
            page.goto(demo_festival.pages[name])
            if name in PLAYER_PAGES:
                wait_for_player(page)
            problems += problems_of(page, name)
            number += 1
            page.screenshot(path=folder / f"{number:02d}-{name}.png", full_page=True)
        if person:
            log_out(page)
    assert not problems, f"at {size}:\n" + "\n".join(problems)
