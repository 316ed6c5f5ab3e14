"""Browser journeys: Debian's Chromium, driven by Playwright, against the real site.

The `live_server` is what `scripts/run-site` starts (gunicorn and the job worker) in a temporary
instance folder with its own SQLite database, on a free loopback port. Each test gets a fresh
browser context; `screenshot("step")` saves tests/browser/screenshots/<test>/NN-step.png, and a
failing test leaves a last `NN-failure.png` there."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from festival import demo
from festival.config import ENVIRONMENT_SETTINGS, SWITCH_SETTINGS
from tests.browser.accessibility import AccessibilityAudit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).parent / "screenshots"
STARTUP_TIMEOUT_S = 60
ACTION_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    password: str


ADMIN = Person("Ada Admin", "admin@example.org", "admin password for journeys")


# The suite's autouse fixtures open the in-process app's database for every test; journeys
# talk to the live server instead, so they are switched off here.
@pytest.fixture(autouse=True)
def _rolled_back_transaction():
    yield


@pytest.fixture(autouse=True)
def _fresh_limits_and_queue():
    yield


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (scripts/run-tests installs Debian's chromium)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    instance: Path
    env: dict[str, str]

    @property
    def log(self) -> Path:
        return self.instance / "server.log"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def flask(self, *args: str) -> str:
        """Run `flask --app app festival ARGS` against this server's instance; return stdout."""
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "festival", *args],
            cwd=REPOSITORY_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"flask festival {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout}{result.stderr}"
            )
        return result.stdout

    def wait_until_healthy(self, processes: list[subprocess.Popen]) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        last_answer = "no answer"
        while time.monotonic() < deadline:
            for process in processes:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{process.args} exited {process.returncode} while starting:\n"
                        + self.log_tail()
                    )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return
            except urllib.error.HTTPError as error:
                last_answer = f"{error.code}: {error.read().decode(errors='replace')[:300]}"
            except OSError as error:
                last_answer = str(error)
            time.sleep(0.2)
        raise RuntimeError(
            f"{self.url}/healthz not healthy after {STARTUP_TIMEOUT_S} s ({last_answer}):\n"
            + self.log_tail()
        )


def server_environment(instance: Path) -> dict[str, str]:
    """The caller's environment without any site settings, pointed at `instance`."""
    dropped = {*ENVIRONMENT_SETTINGS, *SWITCH_SETTINGS, "FESTIVAL_INSTANCE_PATH"}
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in dropped and not name.startswith(("TEST_", "FLASK_"))
    }
    env.update(
        FESTIVAL_INSTANCE_PATH=str(instance),
        SECRET_KEY="browser-journeys-secret-key",
        PYTHONUNBUFFERED="1",
    )
    return env


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def serving(instance: Path, *, before_start=None) -> Iterator[LiveServer]:
    """The site (gunicorn and the job worker) on `instance`, on a free loopback port;
    `before_start(server)` runs first (the worker not yet started)."""
    # Cheap password hashes, and room for every journey's logins from the one loopback address.
    (instance / "config.py").write_text(
        'PASSWORD_HASH_PROFILE = "cheapest"\nLOGIN_RATE_LIMIT = "1000 per minute"\n'
        "DEMO_SCREENER_SECONDS = 12\n"
    )
    server = LiveServer(f"http://127.0.0.1:{free_port()}", instance, server_environment(instance))
    if before_start is not None:
        before_start(server)
    bind = server.url.removeprefix("http://")
    commands = [
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "--bind",
            bind,
            "--threads",
            "4",
            "app:app",
        ],
        [sys.executable, "-m", "flask", "--app", "app", "festival", "worker"],
    ]
    processes: list[subprocess.Popen] = []
    with server.log.open("ab") as log:
        try:
            for command in commands:
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=REPOSITORY_ROOT,
                        env=server.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                    )
                )
            server.wait_until_healthy(processes)
            yield server
        finally:
            stop(processes)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    require_chromium()
    with serving(tmp_path_factory.mktemp("browser-instance")) as server:
        yield server


@pytest.fixture(scope="session")
def admin(live_server) -> Person:
    """An administrator account on the live server, made with the operator command."""
    live_server.flask(
        "create-user",
        "--email",
        ADMIN.email,
        "--name",
        ADMIN.name,
        "--role",
        "admin",
        "--password",
        ADMIN.password,
    )
    return ADMIN


@dataclass(frozen=True)
class DemoFestival:
    """The demo festival on the live server: its people and the addresses of its main pages."""

    server: LiveServer
    pages: dict[str, str]
    filmmaker: Person = Person("Kim Filmmaker 김", "filmmaker@example.org", demo.PASSWORD)
    juror: Person = Person("Jun Juror 정", "juror@example.org", demo.PASSWORD)
    programmer: Person = Person("Pat Programmer 박", "programmer@example.org", demo.PASSWORD)


def seed_demo_festival(server: LiveServer) -> dict[str, str]:
    """`flask festival seed-demo` and a published programme (tests/browser/demo_festival.py),
    as `scripts/run-site` seeds it: before the worker starts (the seed ingests its first
    screener itself). Returns the addresses of the main pages."""
    server.flask("seed-demo")
    result = subprocess.run(
        [sys.executable, "-m", "tests.browser.demo_festival"],
        cwd=REPOSITORY_ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="session")
def demo_festival(tmp_path_factory) -> DemoFestival:
    """The demo festival, served apart from the journeys' site (whose worker is running and
    whose people and calls the journeys count)."""
    require_chromium()
    pages: dict[str, str] = {}
    with serving(
        tmp_path_factory.mktemp("demo-instance"),
        before_start=lambda server: pages.update(seed_demo_festival(server)),
    ) as server:
        yield DemoFestival(server, pages)


@pytest.fixture(scope="session")
def browser() -> Browser:
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class ScreenshotFolder:
    """tests/browser/screenshots/<test name>/, emptied when the test starts; files numbered."""

    def __init__(self, test_name: str):
        self.path = SCREENSHOTS / re.sub(r"[^\w.-]+", "-", test_name)
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        self.count = 0

    def save(self, page: Page, step: str) -> Path:
        self.count += 1
        path = self.path / f"{self.count:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def screenshots(request) -> ScreenshotFolder:
    return ScreenshotFolder(request.node.name)


@pytest.fixture
def new_page(request, browser, live_server, screenshots):
    """`new_page()` opens a page in a browser of its own (a fresh context: another person at
    another computer, with no cookie of the others); `new_page(viewport=..., ...)` with other
    context options. Every page it opened must not log a Content-Security-Policy refusal, and
    axe must find no serious or critical violation on any page they visited; a failing test
    leaves a screenshot of each."""
    opened: list[tuple[Page, list[str]]] = []
    audit = AccessibilityAudit()

    def open_page(**options) -> Page:
        context = browser.new_context(
            **{
                "base_url": live_server.url,
                "locale": "en-GB",
                "viewport": {"width": 1280, "height": 800},
                **options,
            }
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        audit.watch(context)
        page = context.new_page()
        refused = []  # what the Content-Security-Policy blocked: a script or style it should allow
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        opened.append((page, refused))
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    for page, _ in opened:
        for tab in page.context.pages:
            audit.settle(tab)
        if report is not None and report.failed and not page.is_closed():
            screenshots.save(page, "failure")
        page.context.close()
    refused = [text for _, texts in opened for text in texts]
    assert refused == [], "the Content-Security-Policy blocked:\n" + "\n".join(refused)
    problems = audit.report()
    assert not problems, problems
    assert audit.pages_checked, "axe checked none of the pages the test visited"


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture
def screenshot(page, screenshots):
    """`screenshot("registration-form")` saves the page as the test's next numbered step."""

    def save(step: str) -> Path:
        return screenshots.save(page, step)

    return save
