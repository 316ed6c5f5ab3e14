"""The production layout under load: a bounded mix of jurors, programmers, filmmakers and
visitors, with locust (headless, its Python API) on loopback.

Starts the layout of `tests/layout/conftest.py` (`started_layout`: nginx, two gunicorns, two
workers) on the PostgreSQL database `DATABASE_URL` and the Redis `REDIS_URL` names (both
emptied), or, without them, on a `festival_bench` database the `festival` role of the local
PostgreSQL creates and a private Redis on a spare port. Fills it with `make_festival`
(`--submissions`, 20,000 by default, 200 jurors, three reviews a film), gives every bench
account one password and each juror `--open` assignments still to review, then runs
`--users` simulated users (50 by default) for `--seconds` (120 by default: the rarest page of
the mix, saving a disclosure, then has ~140 requests behind its p95, not ~70), each signed in
once (session cookie, CSRF token from the page's meta tag), each waiting `--think` seconds on
average (1 s, between 0.5 and 1.5) before its next request: livelier than people (the review
page autosaves a second after the juror stops typing, the upload page polls every two seconds,
a reader reads), so the 50 users ask about 45 requests a second of the mix:

- jurors (4 in 10): their dashboard, a film's review page, the JSON autosave of a draft,
  submitting the scores;
- programmers (1 in 10): the desk under a filter, and its full-text search;
- filmmakers (2 in 10): polling their screener's status, opening and saving their disclosure;
- visitors (3 in 10, anonymous): the home page and the edition page (the bench edition has no
  published programme, so there is none to read).

Then the ceiling: as many users, at the same pace, asking `/hello` (routed only with the
setting `BENCH_HELLO`, on in this layout's instance config: nginx, gunicorn and the app's
middleware, no database) for as long: what these users would get if the pages cost nothing;
`throughput_over_hello` is the share of it the real pages deliver. Then both again saturated,
without think time (`--saturated-seconds`, 30 by default; 0 skips it): each user asks again as
soon as it is answered, so the layout runs flat out, and `saturated_rps`/`hello_saturated_rps`
say how many requests a second the mix and `/hello` get through at most on this machine.

No lost score: every save the server acknowledged (the autosave's 200, the submit's redirect)
is recorded, at the end every user finishes the request it is in, and afterwards each
assignment's scores and state in the database must be those of its last acknowledged save (or
of a later one that got no answer); any other is a lost score.

Progress goes to stderr; the last line of stdout is one JSON object: {"users", "requests",
"p50_ms", "p95_ms_max", "p99_ms_max", "errors", "lost_scores", "throughput_rps",
"throughput_over_hello", "hello_rps", "hello_p95_ms", "saturated_rps", "saturated_p95_ms_max",
"hello_saturated_rps", "saturated_over_hello", "acknowledged_saves", "submissions", "seconds",
"think_s", "sign_in_p95_ms", "pages": {name: {"requests", "p50_ms", "p95_ms", "p99_ms",
"errors"}}} (the saturated keys only when measured, with "saturated_errors"). The p95/p99
maxima are over every page of the mix; signing in, once per user before it starts, is listed
among the pages and has its own `sign_in_p95_ms`: checking a password costs about 100 ms of
CPU by design (Argon2id, RFC 9106's low-memory profile, `accounts/passwords.py`), so that a
stolen hash is slow to attack, and 50 users signing in at once queue behind it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import gevent
import locust  # noqa: F401  (first: it patches the standard library for gevent)
from locust import FastHttpUser, between, constant, task
from locust.env import Environment
from sqlalchemy import delete, func, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.festival_data import CRITERIA, JURORS, make_festival
from bench.layout import bench_layout, say
from bench.lists import LISTS, SEARCHES
from festival.accounts.models import User
from festival.accounts.passwords import hash_password
from festival.extensions import db
from festival.judging import progress
from festival.judging.models import Assignment, Review, Round, Score
from festival.programming.desk_rows import refresh_jury_scores

PASSWORD = "bench-load-password"
MAIL_DOMAIN = "@bench-festival.org"
EDITION_SLUG = "bench"
JURY_ROUND = 2
CRITERION_IDS = [2 + c for c in range(CRITERIA)]
SIGN_IN = ("sign in form", "sign in")
"""The requests of signing in, before a user's mix starts."""
META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


# --- the data -------------------------------------------------------------------------------


@dataclass
class Cast:
    """Who the simulated users are, and what each juror has left to review."""

    jurors: list[tuple[str, list[int]]]  # (email, open assignment ids)
    makers: list[tuple[str, int]]  # (email, film id)
    staff: str = f"staff{MAIL_DOMAIN}"


def prepare(app, submissions: int, open_per_juror: int) -> Cast:
    make_festival(app, submissions)
    with app.app_context():
        # the sign-in form refuses the special-use domain `.test` make_festival gives
        db.session.execute(
            update(User).values(
                password_hash=hash_password(PASSWORD),
                email=func.replace(User.email, "@bench.test", MAIL_DOMAIN),
            )
        )
        jurors = []
        for j in range(JURORS):
            juror_id = 2 + j
            ids = db.session.scalars(
                select(Assignment.id)
                .where(Assignment.round_id == JURY_ROUND, Assignment.reviewer_id == juror_id)
                .order_by(Assignment.id)
                .limit(open_per_juror)
            ).all()
            jurors.append((f"juror{j}{MAIL_DOMAIN}", list(ids)))
        reopened = [i for _, ids in jurors for i in ids]
        reviews = select(Review.id).where(Review.assignment_id.in_(reopened))
        db.session.execute(delete(Score).where(Score.review_id.in_(reviews)))
        db.session.execute(delete(Review).where(Review.assignment_id.in_(reopened)))
        db.session.commit()
        refresh_jury_scores(db.session.get(Round, JURY_ROUND))
        progress.rebuild([JURY_ROUND])
        db.session.commit()
        say(f"  {len(reopened)} jury assignments reopened for the jurors")
        # as an operator would after a bulk import: fresh statistics, no autovacuum under load
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    makers = [(f"maker{f}{MAIL_DOMAIN}", f + 1) for f in range(0, submissions, 7)]
    return Cast(jurors, makers)


# --- the simulated users --------------------------------------------------------------------


@dataclass
class Ledger:
    """Every score save the server acknowledged, the last one per assignment, and the saves
    sent after it without an answer (a user stopped while waiting): the database must hold
    the last acknowledged save, or one of those later ones."""

    acknowledged: int = 0
    last: dict[int, tuple[dict[int, int], bool]] = field(default_factory=dict)
    unanswered: dict[int, list[dict[int, int]]] = field(default_factory=dict)

    def send(self, assignment_id: int, scores: dict[int, int]) -> None:
        self.unanswered.setdefault(assignment_id, []).append(scores)

    def record(self, assignment_id: int, scores: dict[int, int], submitted: bool) -> None:
        self.acknowledged += 1
        self.last[assignment_id] = (scores, submitted)
        self.unanswered[assignment_id] = []


CAST: Cast | None = None
LEDGER = Ledger()
STOP_TIMEOUT_S = 60  # at the end each user finishes the task it is in, so saves are answered
SPAWN_RATE = 10
"""Users started a second: 50 users signing in within one second would queue behind Argon2."""
STARTED = {"users": 0}
NEXT = {"juror": itertools.count(), "maker": itertools.count()}


class FormFields(HTMLParser):
    """The fields a browser would send with the page's form whose action ends with `action`."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, []
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("action") or "").endswith(self.action) and a.get(
                "method", ""
            ).lower() == "post"
        if not self.inside or tag == "form":
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append(
                (name, a.get("value") or ("y" if a.get("type") == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self.select, self.select_value = name, None
        elif tag == "option" and self.select is not None:
            if self.select_value is None or "selected" in a:
                self.select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self.textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            self.fields.append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "textarea":
            self.textarea = None


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    csrf = ""

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")
                return ""
            found = META_CSRF.search(answer.text or "")
            if found:
                self.csrf = found.group(1)
            return answer.text

    def sign_in(self, email: str) -> None:
        self.page("/login", "sign in form")
        with self.client.post(
            "/login",
            data={"csrf_token": self.csrf, "email": email, "password": PASSWORD},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                said = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', answer.text or "")
                answer.failure(f"sign-in {email}: {answer.status_code} {said[:2]}")


class Juror(SignedIn):
    weight = 4

    def on_start(self):
        email, self.open = CAST.jurors[next(NEXT["juror"]) % len(CAST.jurors)]
        self.open = list(self.open)
        self.revisions: dict[int, int] = {}
        self.sign_in(email)
        self.page("/judging", "juror dashboard")
        started()

    @task(2)
    def dashboard(self):
        self.page("/judging", "juror dashboard")

    @task(3)
    def open_film(self):
        if self.open:
            self.page(f"/judging/assignments/{random.choice(self.open)}", "review page")

    @task(4)
    def save_draft(self):
        if not self.open:
            return
        assignment_id = random.choice(self.open)
        scores = {c: random.randint(1, 10) for c in CRITERION_IDS}
        body = {
            "scores": {str(c): v for c, v in scores.items()},
            "comment": "draft under load",
            "revision": self.revisions.get(assignment_id),
        }
        LEDGER.send(assignment_id, scores)
        with self.client.post(
            f"/judging/assignments/{assignment_id}/draft",
            json=body,
            headers={"X-CSRFToken": self.csrf},
            name="draft autosave",
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}: {(answer.text or '')[:200]}")
                return
            self.revisions[assignment_id] = answer.json()["revision"]
            LEDGER.record(assignment_id, scores, submitted=False)

    @task(1)
    def submit(self):
        if not self.open:
            return
        assignment_id = self.open[0]
        self.page(f"/judging/assignments/{assignment_id}", "review page")
        scores = {c: random.randint(1, 10) for c in CRITERION_IDS}
        form = {f"score-{c}": str(v) for c, v in scores.items()}
        form |= {"csrf_token": self.csrf, "comment": "scored under load", "action": "submit"}
        form["revision"] = str(self.revisions.get(assignment_id, 0))
        LEDGER.send(assignment_id, scores)
        with self.client.post(
            f"/judging/assignments/{assignment_id}",
            data=form,
            name="submit scores",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"{answer.status_code}")
                return
            LEDGER.record(assignment_id, scores, submitted=True)
            self.open.pop(0)


class Programmer(SignedIn):
    weight = 1

    def on_start(self):
        self.sign_in(CAST.staff)
        started()

    @task(3)
    def filter_desk(self):
        query = random.choice(LISTS) | {"page": random.choice((1, 1, 2, 5))}
        self.page(f"/manage/editions/1/desk?{urlencode(query)}", "desk filtered")

    @task(1)
    def search_desk(self):
        self.page(
            f"/manage/editions/1/desk?{urlencode({'q': random.choice(SEARCHES)})}", "desk search"
        )


class Filmmaker(SignedIn):
    weight = 2

    def on_start(self):
        email, self.film_id = CAST.makers[next(NEXT["maker"]) % len(CAST.makers)]
        self.sign_in(email)
        started()

    @task(5)
    def poll_upload(self):
        self.client.get(f"/films/{self.film_id}/screener/status.json", name="upload status")

    @task(2)
    def open_disclosure(self):
        self.page(f"/films/{self.film_id}/disclosure", "disclosure page")

    @task(1)
    def edit_disclosure(self):
        path = f"/films/{self.film_id}/disclosure"
        form = FormFields(path)
        form.feed(self.page(path, "disclosure page"))
        fields = [(k, v) for k, v in form.fields if k != "human_statement"]
        fields.append(("human_statement", f"Edited under load {random.random():.6f}"))
        with self.client.post(
            path,
            data=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name="disclosure save",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"{answer.status_code}")


class Visitor(FastHttpUser):
    weight = 3
    wait_time = constant(0)

    def on_start(self):
        started()

    @task(1)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def edition(self):
        self.client.get(f"/editions/{EDITION_SLUG}", name="edition page")


MIX = [Juror, Programmer, Filmmaker, Visitor]


class Hello(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        started()

    @task
    def hello(self):
        self.client.get("/hello", name="hello")


# --- running and reading --------------------------------------------------------------------


def run(url: str, user_classes: list, users: int, seconds: float) -> dict:
    """The figures of `users` users for `seconds`, counted from when every one of them has
    started (signed in, `SPAWN_RATE` a second), with what signing in took and any error
    before."""
    env = Environment(user_classes=user_classes, host=url, stop_timeout=STOP_TIMEOUT_S)
    runner = env.create_local_runner()
    STARTED["users"] = 0
    runner.start(users, spawn_rate=SPAWN_RATE)
    deadline = time.monotonic() + STOP_TIMEOUT_S + users / SPAWN_RATE
    while STARTED["users"] < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    before = summary(env)
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    result = summary(env)
    result["errors"] += before["errors"]
    result["failures"] |= before["failures"]
    result["pages"] |= {name: page for name, page in before["pages"].items() if name in SIGN_IN}
    return result


def started() -> None:
    """A simulated user is ready (signed in, when it signs in)."""
    STARTED["users"] += 1


def summary(env: Environment) -> dict:
    pages = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        pages[name] = {
            "requests": entry.num_requests,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "errors": entry.num_failures,
        }
    total = env.stats.total
    seconds = max(total.last_request_timestamp - total.start_time, 1e-9)
    return {
        "requests": total.num_requests,
        "errors": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5),
        "throughput_rps": round(total.num_requests / seconds, 1),
        "pages": pages,
        "failures": {f"{e.name}: {e.error}": e.occurrences for e in env.stats.errors.values()},
    }


def pace(think: float) -> None:
    """Every simulated user waits `think` seconds on average between requests (0: none)."""
    wait = between(think / 2, think * 3 / 2) if think else constant(0)
    for user_class in (*MIX, Hello):
        user_class.wait_time = wait


def report(result: dict) -> None:
    for name, page in result["pages"].items():
        say(f"  {name:18} {page}")
    for failure, count in result["failures"].items():
        say(f"  failed {count}×: {failure[:300]}")


def worst(result: dict, figure: str) -> float:
    """The highest `figure` over the pages of the mix that were asked (signing in aside)."""
    return max(
        page[figure]
        for name, page in result["pages"].items()
        if page["requests"] and name not in SIGN_IN
    )


def saturation(mix: dict | None, hello: dict | None) -> dict:
    """The flat-out figures, when measured."""
    if mix is None or hello is None:
        return {}
    return {
        "saturated_rps": mix["throughput_rps"],
        "saturated_p95_ms_max": worst(mix, "p95_ms"),
        "saturated_errors": mix["errors"],
        "hello_saturated_rps": hello["throughput_rps"],
        "saturated_over_hello": round(mix["throughput_rps"] / hello["throughput_rps"], 3),
    }


def lost_scores(app) -> int:
    """Assignments whose last acknowledged save is not what the database holds (nor a later
    save left unanswered)."""
    lost = 0
    with app.app_context():
        for assignment_id, (scores, submitted) in LEDGER.last.items():
            review = db.session.scalar(select(Review).where(Review.assignment_id == assignment_id))
            held = {} if review is None else dict(review.values())
            state = "" if review is None else str(getattr(review.state, "value", review.state))
            held = {int(k): int(v) for k, v in held.items()}
            if held in LEDGER.unanswered.get(assignment_id, []):
                continue
            if held != scores or (submitted and state != "submitted"):
                lost += 1
    return lost


def main() -> None:
    global CAST
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a user waits between requests"
    )
    parser.add_argument("--saturated-seconds", type=float, default=30)
    parser.add_argument("--open", type=int, default=10, help="assignments left to each juror")
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-load-") as folder,
        bench_layout(Path(folder)) as layout,
    ):
        say(f"festival of {options.submissions} submissions")
        CAST = prepare(layout.app, options.submissions, options.open)
        say(f"mix: {options.users} users for {options.seconds:.0f} s, {options.think} s think")
        pace(options.think)
        mix = run(layout.url, MIX, options.users, options.seconds)
        report(mix)
        say(f"ceiling: {options.users} users on /hello for {options.seconds:.0f} s, same pace")
        hello = run(layout.url, [Hello], options.users, options.seconds)
        saturated = hello_saturated = None
        if options.saturated_seconds:
            pace(0)
            say(f"saturated: the mix without think time for {options.saturated_seconds:.0f} s")
            saturated = run(layout.url, MIX, options.users, options.saturated_seconds)
            report(saturated)
            hello_saturated = run(layout.url, [Hello], options.users, options.saturated_seconds)
        lost = lost_scores(layout.app)
    print(
        json.dumps(
            {
                "users": options.users,
                "requests": mix["requests"],
                "p50_ms": mix["p50_ms"],
                "p95_ms_max": worst(mix, "p95_ms"),
                "p99_ms_max": worst(mix, "p99_ms"),
                "errors": mix["errors"],
                "lost_scores": lost,
                "throughput_rps": mix["throughput_rps"],
                "throughput_over_hello": round(mix["throughput_rps"] / hello["throughput_rps"], 3),
                "hello_rps": hello["throughput_rps"],
                "hello_p95_ms": hello["pages"]["hello"]["p95_ms"],
                **saturation(saturated, hello_saturated),
                "acknowledged_saves": LEDGER.acknowledged,
                "submissions": options.submissions,
                "seconds": options.seconds,
                "think_s": options.think,
                "sign_in_p95_ms": mix["pages"]["sign in"]["p95_ms"],
                "pages": mix["pages"],
            }
        )
    )


if __name__ == "__main__":
    main()
