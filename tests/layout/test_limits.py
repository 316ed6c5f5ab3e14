"""Bad input and limits on the production layout (tests/layout/conftest.py), through nginx:
slow clients are held by nginx, not by the web processes, and cut at its timeouts; a body
larger than a location takes stops at nginx with the site's own page (or JSON); with no web
process answering, nginx shows its static page in both languages."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import requests

from festival.extensions import db
from tests import factories
from tests.layout.conftest import NGINX, Process, free_port, render_nginx, wait_until_healthy
from tests.layout.test_through_nginx import signed_in

pytestmark = pytest.mark.layout

SLOW_CLIENTS = 30  # of each kind: 60 connections, against 2 gunicorns of 2 × 4 threads
HEADER_TIMEOUT_S = 10  # deploy/nginx/festival.conf: client_header_timeout
BODY_TIMEOUT_S = 20  # client_body_timeout
LIVENESS_BOUND_S = 10  # generous: a page answers while the slow clients are connected
FORM_LIMIT = 8 * 1024 * 1024  # client_max_body_size on most locations
FILE_PAGE_LIMIT = 64 * 1024 * 1024  # on the pages that take a file
TOO_LARGE = "The upload is larger than this site accepts."
TOO_LARGE_KO = "업로드 파일이 이 사이트에서 허용하는 크기보다 큽니다."


class SlowClients:
    """Connections that send a request a byte at a time: `headers` ones never finish the
    request line and headers; the others finish them, then trickle a form's body."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.sockets: dict[socket.socket, tuple[str, bytes]] = {}
        self.closed_after: dict[socket.socket, float] = {}
        self.sending_bodies = True
        self.stopped = threading.Event()
        self.started = time.monotonic()

    def open(self, count: int) -> None:
        body_headers = (
            b"POST /login HTTP/1.1\r\nHost: festival\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        )
        for _ in range(count):
            slow_headers = socket.create_connection(self.address)
            slow_headers.setblocking(False)
            self.sockets[slow_headers] = ("headers", b"GET /login HTTP/1.1\r\nHost: festival\r\n")
            slow_body = socket.create_connection(self.address)
            slow_body.sendall(body_headers)
            slow_body.setblocking(False)
            self.sockets[slow_body] = ("body", b"email=")

    def trickle(self) -> None:
        """One byte a second on every open connection (bodies only while `sending_bodies`);
        note when nginx closes each."""
        sent = 0
        while not self.stopped.is_set() and len(self.closed_after) < len(self.sockets):
            for connection, (kind, data) in self.sockets.items():
                if connection in self.closed_after:
                    continue
                if self.is_closed(connection):
                    self.closed_after[connection] = time.monotonic() - self.started
                    continue
                if kind == "body" and not self.sending_bodies:
                    continue
                try:
                    connection.send(data[sent % len(data) : sent % len(data) + 1])
                except OSError:
                    self.closed_after[connection] = time.monotonic() - self.started
            sent += 1
            self.stopped.wait(1)

    @staticmethod
    def is_closed(connection: socket.socket) -> bool:
        """Whether nginx closed it (an answer such as 408 may come first; it is read away)."""
        try:
            while chunk := connection.recv(4096):
                del chunk
            return True
        except BlockingIOError:
            return False
        except OSError:
            return True

    def closed(self, kind: str) -> list[float]:
        return [
            after
            for connection, after in self.closed_after.items()
            if self.sockets[connection][0] == kind
        ]

    def close_all(self) -> None:
        self.stopped.set()
        for connection in self.sockets:
            connection.close()


def test_slow_clients_are_held_by_nginx_and_cut_at_its_timeouts(layout):
    clients = SlowClients(layout.url)
    trickling = threading.Thread(target=clients.trickle, daemon=True)
    try:
        clients.open(SLOW_CLIENTS)
        trickling.start()
        time.sleep(2)
        # Every thread of both web processes would be waiting on a body by now were nginx not
        # reading it first: a page that needs a web process and the database still answers.
        for _ in range(5):
            page = requests.get(f"{layout.url}/login", timeout=LIVENESS_BOUND_S)
            assert page.status_code == 200
            assert 'name="csrf_token"' in page.text
        clients.sending_bodies = False
        trickling.join(timeout=BODY_TIMEOUT_S + HEADER_TIMEOUT_S + 20)

        headers_cut, bodies_cut = clients.closed("headers"), clients.closed("body")
        assert len(headers_cut) == len(bodies_cut) == SLOW_CLIENTS
        # A client still sending a header byte every second is cut all the same: the timeout
        # bounds the whole header, not the wait for each byte.
        assert max(headers_cut) < HEADER_TIMEOUT_S + 5
        # A stalled body is cut once nothing has come for the body timeout.
        assert min(bodies_cut) >= BODY_TIMEOUT_S
    finally:
        clients.close_all()


def test_an_oversized_form_stops_at_nginx_with_the_site_page(layout):
    too_large = b"x" * (FORM_LIMIT + 1024)

    refused = requests.post(f"{layout.url}/login", data=too_large, timeout=30)
    in_korean = requests.post(
        f"{layout.url}/login",
        data=too_large,
        headers={"Accept-Language": "ko-KR,ko;q=0.9"},
        timeout=30,
    )

    assert refused.status_code == 413
    assert refused.headers["Content-Type"].startswith("text/html")
    assert TOO_LARGE in refused.text
    assert 'class="site-header"' in refused.text  # the site's layout, not nginx's page
    assert in_korean.status_code == 413
    assert '<html lang="ko">' in in_korean.text
    assert TOO_LARGE_KO in in_korean.text


def test_an_oversized_json_body_gets_a_json_reason(layout):
    refused = requests.post(
        f"{layout.url}/login",
        data=b'{"text": "' + b"x" * FORM_LIMIT + b'"}',
        headers={"Content-Type": "application/json"},
        timeout=30,
    )

    assert refused.status_code == 413
    assert refused.json() == {"error": TOO_LARGE, "status": 413}


def test_the_pages_that_take_a_file_take_a_larger_body(layout):
    with layout.app.app_context():
        film = factories.make_film()
        filmmaker, film_id = film.owner.email, film.id
        db.session.commit()
    session = signed_in(layout.url, filmmaker)
    page = session.get(f"{layout.url}/films/{film_id}", timeout=10).text
    token = re.search(r'name="still-csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post_still(size: int) -> requests.Response:
        # The app reads the whole file before it answers, as it does for any signed-in
        # filmmaker's still: an answer before the body is read would count against the web
        # process in nginx's upstream.
        return session.post(
            f"{layout.url}/films/{film_id}/stills",
            data={"still-csrf_token": token},
            files={"still-file": ("still.jpg", b"x" * size, "image/jpeg")},
            timeout=60,
        )

    reached_the_app = post_still(FORM_LIMIT + 1024)
    refused = post_still(FILE_PAGE_LIMIT + 1024)

    assert reached_the_app.status_code == 200  # the film's page, saying what is wrong
    assert TOO_LARGE not in reached_the_app.text
    assert refused.status_code == 413
    assert TOO_LARGE in refused.text


def test_with_no_web_process_nginx_shows_its_page_in_both_languages(layout, tmp_path):
    """The same site, its upstream pointing at ports where nothing listens."""
    port = free_port()
    config = render_nginx(tmp_path, port, (free_port(), free_port()), Path(layout.media_root))
    nginx = Process(
        "nginx (no upstream)",
        [str(NGINX), "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
        tmp_path / "nginx.log",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        nginx.start({})
        wait_until_healthy([f"{url}/static/errors/unavailable.html"], [nginx])
        page = requests.get(f"{url}/films", timeout=10)
        form = requests.post(f"{url}/login", data={"email": "a@example.org"}, timeout=10)
    finally:
        nginx.stop()

    for answer in (page, form):
        assert answer.status_code == 502
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "Back soon" in answer.text
        assert "곧 돌아옵니다" in answer.text
        assert answer.headers["Cache-Control"] == "no-store"
        assert "/static/css/site.css" in answer.text
