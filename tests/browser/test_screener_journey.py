"""A filmmaker's screener upload survives a cut connection and a closed tab, and a programmer
watches it with the disclosed AI segments on the timeline."""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, Request, Response, expect

from tests.browser.actions import (
    create_account,
    fill_segments,
    film_id_of,
    header,
    log_in,
    log_out,
    make_screener,
    screener_status,
    start_upload,
    upload_progress,
    wait_for,
    wait_for_upload_progress,
    wait_until_ready,
)
from tests.browser.conftest import Person

pytestmark = pytest.mark.browser

FILMMAKER = Person("Choi Da-eun", "daeun@example.org", "a passphrase for the screener journey")
PROGRAMMER = Person("Oh Hye-jin", "hyejin@example.org", "a programmer's long passphrase")

TITLE = "Tide Lines"
RUNTIME = "0:20"
RUNTIME_S = 20
# (start, end, element, tool, note), inside the 20-second film.
SEGMENTS = [
    ("00:00:02", "00:00:06", "VFX and compositing", "Runway Gen-4", "the wave breaks"),
    ("00:00:11.500", "00:00:17", "Voice and dialogue", "ElevenLabs", "the narrator"),
]
SEGMENT_SECONDS = [(2.0, 6.0), (11.5, 17.0)]

# About 25 MB sent at 4 MB/s: the upload lasts long enough to be cut and closed mid-way.
VIDEO_BITRATE = "12M"
UPLOAD_BYTES_PER_S = 4 * 1024 * 1024
RELAY_BUFFER_BYTES = 256 * 1024
FIRST_CUT_PERCENT = 20
TAB_CLOSED_PERCENT = 55
POSITION_TOLERANCE = 0.01  # of the timeline's width
SEEK_TOLERANCE_S = 0.5


class CuttableLine:
    """The filmmaker's slow line to the festival: a TCP relay in front of the live server that
    carries what the browser sends at `bytes_per_s`. `cut()` resets every open connection at
    once, as a dropped Wi-Fi does, and refuses new ones until `restore()`."""

    def __init__(self, upstream_url: str, bytes_per_s: int):
        self.upstream = ("127.0.0.1", int(upstream_url.rsplit(":", 1)[1]))
        self.bytes_per_s = bytes_per_s
        self.listener = socket.socket()
        # Small buffers: what the browser counts as sent is close to what reached the server.
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RELAY_BUFFER_BYTES)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.refusing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refusing:
                reset(client)
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.connections |= {client, upstream}
            for source, sink, rate in ((client, upstream, self.bytes_per_s), (upstream, client, 0)):
                threading.Thread(target=self._pump, args=(source, sink, rate), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, bytes_per_s: int) -> None:
        started, carried = time.monotonic(), 0
        try:
            while data := source.recv(RELAY_BUFFER_BYTES // 4):
                sink.sendall(data)
                carried += len(data)
                if bytes_per_s:  # keep to the line's speed
                    ahead = carried / bytes_per_s - (time.monotonic() - started)
                    if ahead > 0:
                        time.sleep(ahead)
        except OSError:
            pass
        # One end hung up: so does the other (shut down first, as the other direction's
        # thread still holds it).
        with self.lock:
            self.connections -= {source, sink}
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def cut(self) -> None:
        self.refusing = True
        with self.lock:
            cut, self.connections = self.connections, set()
        for connection in cut:
            reset(connection)

    def restore(self) -> None:
        self.refusing = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


def reset(connection: socket.socket) -> None:
    """Drop the connection at once: a reader blocked on it wakes up (shutdown), and the other
    end gets a TCP reset rather than a polite end of stream (no linger)."""
    with contextlib.suppress(OSError):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


@pytest.fixture
def line(live_server):
    relay = CuttableLine(live_server.url, UPLOAD_BYTES_PER_S)
    yield relay
    relay.close()


@dataclass
class TusTraffic:
    """The tus requests the browser sent, and where the upload is."""

    patches: list[int] = field(default_factory=list)
    """Upload-Offset of every PATCH, in the order sent."""
    done: list[int] = field(default_factory=list)
    """Upload-Offset answered to every PATCH that the server took."""
    location: str = ""
    log: list[str] = field(default_factory=list)
    """Every tus request and its outcome, for the failure message."""

    def on_request(self, request: Request) -> None:
        if "/uploads" not in request.url:
            return
        offset = request.headers.get("upload-offset", "")
        self.log.append(f"{request.method} {request.url} {offset}")
        if request.method == "PATCH":
            self.patches.append(int(offset))

    def report(self) -> str:
        return "\n".join(self.log)

    def on_request_failed(self, request: Request) -> None:
        if "/uploads" in request.url:
            self.log.append(f"  {request.method} failed: {request.failure}")

    def on_response(self, response: Response) -> None:
        method = response.request.method
        if "/uploads" in response.url:
            offset = response.headers.get("upload-offset", "")
            self.log.append(f"  {method} {response.status} {offset}")
        if method == "POST" and response.url.endswith("/uploads") and response.status == 201:
            self.location = response.headers["location"]
        elif method == "PATCH" and "/uploads/" in response.url and response.status == 204:
            self.done.append(int(response.headers["upload-offset"]))


def server_offset(page: Page, live_server, location: str) -> int:
    """Where the server says the upload stands (asked directly, not over the cut line)."""
    response = page.request.head(live_server.url + location, headers={"Tus-Resumable": "1.0.0"})
    assert response.status == 200, response.status
    return int(response.headers["upload-offset"])


def enter_film_with_segments(page: Page, screenshot) -> int:
    header(page).get_by_role("link", name="My films").click()
    page.get_by_role("main").get_by_role("link", name="New film").click()
    form = page.get_by_role("main")
    form.get_by_label("Title", exact=True).fill(TITLE)
    form.get_by_label("Logline").fill("Two sisters walk the shore after the storm.")
    form.get_by_label("Runtime").fill(RUNTIME)
    form.get_by_label("Year of completion").fill("2026")
    form.get_by_role("button", name="Save film").click()
    expect(page.get_by_role("status").filter(has_text=f"{TITLE} is saved.")).to_be_visible()
    film_id = film_id_of(page)

    page.get_by_role("navigation", name="Film actions").get_by_role(
        "link", name="AI disclosure"
    ).click()
    fill_segments(page, SEGMENTS)
    page.get_by_role("button", name="Save the disclosure").click()
    expect(page.get_by_role("status").filter(has_text="is saved")).to_be_visible()
    segments = page.get_by_role("region", name="2. Timecoded segments")
    expect(segments.get_by_label("Start").first).to_have_value(SEGMENTS[0][0])
    expect(segments.get_by_label("Start").nth(1)).to_have_value(SEGMENTS[1][0])
    screenshot("disclosure-with-two-segments")
    return film_id


def test_screener_upload_resumes_after_a_cut_and_plays_with_ai_ranges(
    page, screenshot, screenshots, live_server, line, tmp_path
):
    create_account(live_server, FILMMAKER, "filmmaker")
    create_account(live_server, PROGRAMMER, "programmer")
    video = make_screener(tmp_path / "tide-lines.mp4", RUNTIME_S, video_bitrate=VIDEO_BITRATE)
    size = video.stat().st_size
    assert size > 20 * 1024 * 1024, size

    # 1. The filmmaker enters a film and discloses two AI segments.
    log_in(page, FILMMAKER.email, FILMMAKER.password)
    film_id = enter_film_with_segments(page, screenshot)
    upload_page = f"{line.url}/films/{film_id}/screener"
    traffic = TusTraffic()
    page.context.on("request", traffic.on_request)
    page.context.on("response", traffic.on_response)
    page.context.on("requestfailed", traffic.on_request_failed)

    # 2. In a second tab, over a slow line, the upload starts and shows its progress and speed.
    upload_tab = page.context.new_page()
    upload_tab.goto(upload_page)
    expect(upload_tab.get_by_role("heading", level=1)).to_have_text(f"Screener for {TITLE}")
    start_upload(upload_tab, video)
    form = upload_tab.locator("#screener-upload")
    expect(form.get_by_role("button", name="Pause")).to_be_visible()
    wait_for_upload_progress(upload_tab, FIRST_CUT_PERCENT)
    expect(form.locator("[data-figure=speed]")).to_contain_text("MB/s")
    expect(form.locator("[data-figure=eta]")).to_contain_text("about")
    expect(form.locator("[data-figure=sent]")).to_contain_text(re.compile(r" of [\d.]+ MB \("))
    screenshots.save(upload_tab, "upload-running")

    # 3. The connection is cut mid-way. The server keeps what it received; once the line is
    # back, the upload goes on from that byte.
    line.cut()
    expect(form.get_by_role("status")).to_contain_text("The connection dropped.")
    screenshots.save(upload_tab, "connection-cut")
    assert traffic.patches == [0], traffic
    kept = wait_for(
        page,
        "the server to keep the bytes received before the cut",
        lambda: server_offset(page, live_server, traffic.location),
    )
    assert kept < size, kept
    line.restore()
    wait_for(
        page,
        "the upload to go on",
        lambda: len(traffic.patches) > 1,
        timeout_s=20,
        explain=traffic.report,
    )
    assert traffic.patches[1] == kept, (traffic, kept)
    wait_for_upload_progress(upload_tab, TAB_CLOSED_PERCENT)
    screenshots.save(upload_tab, "resumed-after-the-cut")

    # 4. The tab is closed mid-way. In another tab, the same file goes on where it stopped.
    upload_tab.close()
    kept = wait_for(
        page,
        "the server to keep the bytes received before the tab was closed",
        lambda: (offset := server_offset(page, live_server, traffic.location)) > kept and offset,
    )
    page.goto(upload_page)
    unfinished = page.get_by_role("region", name="Unfinished uploads")
    percent = kept * 100 // size
    expect(unfinished).to_contain_text(f"{video.name}: {percent}% received")
    assert page.evaluate("Object.keys(localStorage).some(key => key.startsWith('tus::'))")
    screenshot("unfinished-upload-listed")
    patches_before = len(traffic.patches)
    start_upload(page, video)
    form = page.locator("#screener-upload")
    expect(form.get_by_role("status")).to_contain_text("Continuing the earlier upload")
    wait_for(
        page,
        "the upload to continue",
        lambda: len(traffic.patches) > patches_before,
        explain=traffic.report,
    )
    assert traffic.patches[-1] == kept, (traffic, kept)
    assert upload_progress(page) >= percent
    screenshot("upload-continued-in-a-new-tab")

    # 5. The last byte arrives: the bar is full, then the page follows the ingest until ready.
    wait_for_upload_progress(page, 100)
    wait_for(page, "the server to take the last byte", lambda: traffic.done, explain=traffic.report)
    assert traffic.done == [size], traffic
    expect(screener_status(page)).to_contain_text("Version 1", timeout=15_000)
    screenshot("screener-processing")
    wait_until_ready(page)
    screenshot("screener-ready")
    page.goto("/")
    log_out(page)

    # 6. A programmer watches it: the AI segments are on the timeline and in a list.
    log_in(page, PROGRAMMER.email, PROGRAMMER.password)
    page.goto(f"/films/{film_id}")
    page.get_by_role("region", name="Screener", exact=True).get_by_role(
        "link", name="Watch"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Watch: {TITLE}")
    page.wait_for_function(
        "() => document.querySelector('video[data-player-video]').readyState >= 1"
    )
    duration = page.locator("video[data-player-video]").evaluate("video => video.duration")
    assert duration == pytest.approx(RUNTIME_S, abs=0.5), duration

    timeline = page.get_by_role("list", name="AI segments on the timeline")
    ranges = timeline.get_by_role("listitem")
    expect(ranges).to_have_count(len(SEGMENTS))
    expect(ranges.first).to_be_visible()
    # The player draws them once its script has loaded (the video may have its length first).
    for index in range(len(SEGMENTS)):
        expect(ranges.nth(index)).to_have_attribute("style", re.compile(r"left: [\d.]+%"))
    track = timeline.bounding_box()
    for index, (start, end) in enumerate(SEGMENT_SECONDS):
        box = ranges.nth(index).bounding_box()
        assert box is not None and track is not None
        left = (box["x"] - track["x"]) / track["width"]
        width = box["width"] / track["width"]
        assert left == pytest.approx(start / duration, abs=POSITION_TOLERANCE), (index, left)
        assert width == pytest.approx((end - start) / duration, abs=POSITION_TOLERANCE), (
            index,
            width,
        )
    expect(page.locator("[data-player-watermark]")).to_contain_text(PROGRAMMER.name)
    screenshot("player-with-ai-ranges")

    jumps = (
        page.get_by_role("complementary", name="AI segments")
        .get_by_role("listitem")
        .get_by_role("button")
    )
    expect(jumps).to_have_count(len(SEGMENTS))
    expect(jumps.nth(1)).to_contain_text("Voice and dialogue")
    jumps.nth(1).click()
    target = SEGMENT_SECONDS[1][0]
    page.wait_for_function(
        "([target, tolerance]) => {"
        " const video = document.querySelector('video[data-player-video]');"
        " return Math.abs(video.currentTime - target) <= tolerance; }",
        arg=[target, SEEK_TOLERANCE_S],
    )
    screenshot("jumped-to-the-second-segment")
