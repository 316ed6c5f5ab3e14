"""What a visitor does on every journey, written as they would do it: by labels and names."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from festival.disclosure.enums import Element


def header(page: Page):
    return page.get_by_role("navigation", name="Main")


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/")
    header(page).get_by_role("link", name="Log in").click()
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password", exact=True).fill(password)
    main.get_by_role("button", name="Log in").click()
    expect(header(page).get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: Page) -> None:
    header(page).get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")


def status_message(page: Page, text: str):
    """The flashed message `text` (a page may have more than one status region)."""
    return page.get_by_role("status").filter(has_text=text)


def form_headed(page: Page, heading: str):
    """The form a visitor finds under `heading`, e.g. "Add a category"."""
    return page.locator("form").filter(has=page.get_by_role("heading", name=heading))


def create_edition(page: Page, name: str, slug: str, time_zone: str, *, policy: str = "") -> None:
    """The logged-in administrator creates an edition open since yesterday, in KRW."""
    header(page).get_by_role("link", name="Editions").click()
    page.get_by_role("link", name="New edition").click()
    form = page.get_by_role("main")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Year").fill("2027")
    form.get_by_label("Web address").fill(slug)
    form.get_by_label("Opens on").fill((date.today() - timedelta(days=1)).isoformat())
    form.get_by_label("Time zone").fill(time_zone)
    form.get_by_label("Currency").fill("KRW")
    if policy:
        form.get_by_label("AI disclosure policy").fill(policy)
    form.get_by_role("button", name="Create edition").click()
    expect(status_message(page, f"{name} is created.")).to_be_visible()


def add_category(page: Page, name: str, max_minutes: int, min_ai_percent: int | None = None):
    """On the edition's page: a category, with a minimum AI share if given."""
    category = form_headed(page, "Add a category")
    category.get_by_label("Name", exact=True).fill(name)
    category.get_by_label("Maximum runtime (minutes)").fill(str(max_minutes))
    if min_ai_percent is not None:
        category.get_by_label("Minimum AI-generated share (%)").fill(str(min_ai_percent))
    category.get_by_role("button", name="Add category").click()
    expect(status_message(page, f"Category {name} is added.")).to_be_visible()


def add_deadline(page: Page, name: str, fee_krw: int) -> None:
    """On the edition's page: a deadline 30 days from now."""
    deadline = form_headed(page, "Add a deadline")
    deadline.get_by_label("Name").fill(name)
    deadline.get_by_label("Last day").fill((date.today() + timedelta(days=30)).isoformat())
    deadline.get_by_label("Fee (KRW)").fill(str(fee_krw))
    deadline.get_by_role("button", name="Add deadline").click()
    expect(status_message(page, f"Deadline {name} is added.")).to_be_visible()


def publish_edition(page: Page, name: str) -> None:
    details = page.get_by_role("region", name="Details")
    details.get_by_label("Published").check()
    details.get_by_role("button", name="Save details").click()
    expect(status_message(page, f"Changes to {name} are saved.")).to_be_visible()


def emailed_link(page: Page, live_server, address: str) -> str:
    """The path of the link in the last email to `address`. Without `SMTP_URL` the worker
    writes each email into the server log; wait until it has."""

    def link_in_log():
        log = live_server.log.read_text(errors="replace")
        last = log.rfind(f"email not sent (no SMTP_URL) to {address}\n")
        found = re.search(r"https?://[^/\s]+(/\S+)", log[last:]) if last >= 0 else None
        return found and found.group(1)

    return wait_for(page, f"an email to {address}", link_in_log, explain=live_server.log_tail)


def emailed(page: Page, live_server, address: str, subject: str) -> str:
    """The body of the email to `address` under `subject`, once the worker has written it
    into the server log (without `SMTP_URL`, it writes each email there)."""
    opening = f"email not sent (no SMTP_URL) to {address}\nSubject: {subject}\n\n"

    def body_in_log():
        log = live_server.log.read_text(errors="replace")
        start = log.rfind(opening)
        if start < 0:
            return None
        body = log[start + len(opening) :]
        next_record = re.search(r"^\[?\d{4}-\d\d-\d\d[ T]\d\d:", body, re.MULTILINE)
        return body[: next_record.start() if next_record else None].strip()

    return wait_for(page, f"“{subject}” to {address}", body_in_log, explain=live_server.log_tail)


def register(page: Page, live_server, name: str, email: str, password: str, screenshot=None):
    """Register from the header's link as a filmmaker, finishing with the emailed link."""
    header(page).get_by_role("link", name="Register").click()
    form = page.get_by_role("main")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Email").fill(email)
    form.get_by_label("Language").select_option(label="English")
    if screenshot:
        screenshot("registration-filled")
    form.get_by_role("button", name="Continue").click()
    expect(status_message(page, f"We have sent an email to {email}.")).to_be_visible()
    if screenshot:
        screenshot("registration-check-your-email")
    page.goto(emailed_link(page, live_server, email))
    form = page.get_by_role("main")
    expect(form).to_contain_text(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_label("Repeat the password").fill(password)
    form.get_by_role("button", name="Create account").click()
    expect(status_message(page, f"Welcome, {name}.")).to_be_visible()


def create_account(live_server, person, role: str) -> None:
    """An account made as an operator would, with `flask festival create-user`."""
    live_server.flask(
        "create-user",
        "--email",
        person.email,
        "--name",
        person.name,
        "--role",
        role,
        "--password",
        person.password,
    )


def film_id_of(page: Page) -> int:
    """The film's id from the address of one of its pages, e.g. /films/7/disclosure."""
    match = re.search(r"/films/(\d+)(?:/|$)", page.url)
    assert match, f"not a film's page: {page.url}"
    return int(match[1])


def fill_segments(page: Page, segments) -> None:
    """Timecoded AI segments, (start, end, element, tool, note) each, one row per segment."""
    region = page.get_by_role("region", name="2. Timecoded segments")
    rows = region.get_by_role("listitem")
    blank_rows = rows.count()
    for index, (start, end, element, tool, note) in enumerate(segments):
        if index:
            # Every further segment goes into a row of its own, added with the button.
            region.get_by_role("button", name="Add another segment").click()
            expect(rows).to_have_count(blank_rows + index)
            expect(rows.last.get_by_label("Start")).to_be_focused()
        row = rows.first if index == 0 else rows.last
        row.get_by_label("Start").fill(start)
        row.get_by_label("End").fill(end)
        row.get_by_label("Element").select_option(label=element)
        row.get_by_label("Tool").fill(tool)
        row.get_by_label("Note").fill(note)


# --- screeners ---------------------------------------------------------------------------------

READY_TIMEOUT_MS = 90_000


def make_screener(path: Path, seconds: float, *, video_bitrate: str | None = None) -> Path:
    """A 720p test-pattern film with a 440 Hz tone, `seconds` long, made with ffmpeg."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is missing (the worker needs it to ingest screeners too)")
    bitrate = ["-b:v", video_bitrate, "-maxrate", video_bitrate, "-bufsize", "2M"]
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24",
            "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", str(seconds),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            *(bitrate if video_bitrate else []),
            "-c:a", "aac", "-movflags", "+faststart",
            str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


def start_upload(page: Page, video: Path) -> None:
    """On the screener page: choose `video` and press Upload."""
    form = page.locator("#screener-upload")
    form.get_by_label("Screener file").set_input_files(video)
    form.get_by_role("button", name="Upload", exact=True).click()


def upload_progress(page: Page) -> float:
    """The upload's progress bar, in percent."""
    return page.get_by_label("Upload progress").evaluate("bar => bar.value")


def wait_for_upload_progress(page: Page, percent: float, timeout_ms: float = 60_000) -> None:
    page.wait_for_function(
        "percent => document.getElementById('screener-progress').value >= percent",
        arg=percent,
        polling="raf",
        timeout=timeout_ms,
    )


def screener_status(page: Page):
    """The live status box of the newest screener version (upload page or film page)."""
    return page.locator(".screener-status")


def wait_until_ready(page: Page, timeout_ms: float = READY_TIMEOUT_MS) -> None:
    """The worker has probed, transcoded and checked the upload; the box says so."""
    expect(screener_status(page).locator("[data-status-label]")).to_have_text(
        "Ready", timeout=timeout_ms
    )


def wait_for(page: Page, what: str, probe, *, timeout_s: float = 15, explain=None):
    """Ask `probe()` until it answers something true; return that answer. Between two asks
    the page's events are delivered (a plain sleep would hold them back). On a timeout, the
    error says `what` was awaited, and what `explain()` returns."""
    deadline = time.monotonic() + timeout_s
    while True:
        answer = probe()
        if answer:
            return answer
        if time.monotonic() > deadline:
            details = f":\n{explain()}" if explain else ""
            raise AssertionError(f"still waiting after {timeout_s} s for {what}{details}")
        page.wait_for_timeout(100)


# --- a filmmaker's films ----------------------------------------------------------------------


def enter_film(page: Page, title: str, logline: str, runtime: str, video: Path) -> None:
    """The logged-in filmmaker enters a film of `runtime` ("0:06"), discloses its footage as
    mostly generated with Veo (from 1 s to 5 s) and starts the screener's upload; the
    festival's worker ingests it while the filmmaker goes on."""
    header(page).get_by_role("link", name="My films").click()
    page.get_by_role("main").get_by_role("link", name="New film").click()
    form = page.get_by_role("main")
    form.get_by_label("Title", exact=True).fill(title)
    form.get_by_label("Logline").fill(logline)
    form.get_by_label("Runtime").fill(runtime)
    form.get_by_label("Year of completion").fill("2026")
    form.get_by_role("button", name="Save film").click()
    expect(status_message(page, f"{title} is saved.")).to_be_visible()

    page.get_by_role("navigation", name="Film actions").get_by_role(
        "link", name="AI disclosure"
    ).click()
    elements = page.get_by_role("region", name="1. Each element of the film")
    answers = elements.get_by_role("group").filter(
        has=page.get_by_role("radio", name="None", exact=True)
    )
    expect(answers).to_have_count(len(Element))  # the page is there: `all()` does not wait
    for group in answers.all():
        group.get_by_role("radio", name="None", exact=True).check()
    footage = elements.get_by_role("group", name="Visual footage and shots", exact=True)
    footage.get_by_role("radio", name="Mostly generated", exact=True).check()
    footage.get_by_role("listitem").first.get_by_label("Tool").fill("Veo")
    fill_segments(page, [("00:00:01", "00:00:05", "Visual footage and shots", "Veo", "")])
    page.get_by_role("region", name="3. What people did").get_by_label(
        "What people did", exact=True
    ).fill("Written, performed, edited and scored by people.")
    audience = page.get_by_role("region", name="5. The audience, evidence and training data")
    audience.get_by_role("group", name="How the audience is told").get_by_label(
        "In the end credits"
    ).check()
    attestations = page.get_by_role("region", name="6. Attestations")
    for box in attestations.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Save the disclosure").click()
    expect(status_message(page, "The disclosure is saved and complete.")).to_be_visible()

    header(page).get_by_role("link", name="My films").click()
    page.get_by_role("main").get_by_role("link", name=title).click()
    page.get_by_role("navigation", name="Film actions").get_by_role("link", name="Screener").click()
    start_upload(page, video)
    expect(screener_status(page)).to_contain_text("Version 1", timeout=15_000)


def submit_film(page: Page, title: str, edition_name: str, category: str) -> None:
    """Once the film's page says its screener is ready, the filmmaker enters it in `category`
    of the edition."""
    header(page).get_by_role("link", name="My films").click()
    page.get_by_role("main").get_by_role("link", name=title).click()
    wait_until_ready(page)
    page.get_by_role("navigation", name="Film actions").get_by_role(
        "link", name="Submit to a festival"
    ).click()
    another_call = page.get_by_role("link", name=f"Enter in {edition_name}")
    if another_call.count():  # other journeys may have opened calls too
        another_call.click()
    expect(page.get_by_text(f"In {edition_name}.")).to_be_visible()
    page.get_by_label(category).check()
    page.get_by_role("button", name="Submit entry").click()
    expect(status_message(page, f"{title} is entered in {edition_name}.")).to_be_visible()


def open_call_and_enter_films(
    page: Page,
    new_page,
    live_server,
    admin,
    tmp_path: Path,
    *,
    edition: tuple[str, str],
    categories: tuple[str, ...],
    people: tuple,
    films: dict[str, tuple[str, str]],
    runtime: tuple[str, int],
) -> Page:
    """Where a programmer's work starts: the accounts (`people`: the filmmaker first, each a
    Person with its role) made by the operator command and the screeners by ffmpeg while the
    administrator opens the call `edition` (name, slug; Asia/Seoul) in `categories`; then the
    filmmaker enters each of `films` (title: (category, logline)) with its disclosure and
    screener, and submits it. Returns the filmmaker's page, logged in."""
    (name, slug), (typed_runtime, runtime_s) = edition, runtime
    with ThreadPoolExecutor(max_workers=1) as pool:
        accounts = [pool.submit(create_account, live_server, *person) for person in people]
        videos = {
            title: pool.submit(make_screener, tmp_path / f"film-{index}.mp4", runtime_s)
            for index, title in enumerate(films)
        }
        log_in(page, admin.email, admin.password)
        create_edition(page, name, slug, "Asia/Seoul")
        for category in categories:
            add_category(page, category, 20)
        add_deadline(page, "Regular", 10_000)
        publish_edition(page, name)
        log_out(page)
        for account in accounts:
            account.result()
        filmmaker_page = new_page()
        filmmaker = people[0][0]
        log_in(filmmaker_page, filmmaker.email, filmmaker.password)
        for title, (_, logline) in films.items():
            enter_film(filmmaker_page, title, logline, typed_runtime, videos[title].result())
    for title, (category, _) in films.items():
        submit_film(filmmaker_page, title, name, category)
    return filmmaker_page
