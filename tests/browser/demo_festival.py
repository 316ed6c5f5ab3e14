"""The world of the page-by-page checks (phone width, zoom, keyboard): the demo festival of
`flask festival seed-demo` (an account per role, an open edition, a film with its disclosure
and a ready screener, a jury round with the film assigned to the demo juror) and a programme
published with one more film. Run once per session against the live server's instance,
`python -m tests.browser.demo_festival` prints the addresses of the main pages as JSON."""

from __future__ import annotations

import json

from flask import url_for

from festival import create_app, demo
from festival.accounts.services import find_by_email
from festival.editions.demo import DEMO_SLUG
from festival.editions.queries import edition_by_slug
from festival.extensions import db
from festival.films.models import Film
from festival.judging.models import Assignment
from festival.programming import publishing
from festival.submissions.models import Submission
from tests.programming import programme_rows as rows

PROGRAMME_FILM = "Lanterns at Low Tide"


def publish_programme(edition, filmmaker, programmer) -> Submission:
    """One block of one selected film, confirmed at a venue, published."""
    entry = rows.entry(edition, PROGRAMME_FILM, owner=filmmaker)
    hall = rows.venue(edition, "Harbour Hall", name_ko="하버홀", address="1 Haeundae-ro")
    block = rows.block(edition, [entry], "Shorts by the Sea", title_ko="바다의 단편")
    rows.screening(edition, hall, rows.local(edition, 2027, 10, 3, 19, 0), of_block=block)
    publishing.publish(edition, actor=programmer)
    return entry


def main_pages() -> dict[str, str]:
    edition = edition_by_slug(DEMO_SLUG)
    filmmaker = find_by_email("filmmaker@example.org")
    juror = find_by_email("juror@example.org")
    film = db.session.scalar(db.select(Film).where(Film.title == demo.FILM_TITLE))
    second = db.session.scalar(db.select(Film).where(Film.title == demo.SECOND_FILM_TITLE))
    submission = db.session.scalar(db.select(Submission).where(Submission.film_id == film.id))
    assignment = db.session.scalar(db.select(Assignment).where(Assignment.reviewer_id == juror.id))
    entry = publish_programme(edition, filmmaker, find_by_email("programmer@example.org"))
    db.session.commit()
    return {
        "home": url_for("editions.home"),
        "call": url_for("editions.show", slug=edition.slug),
        "login": url_for("accounts.login"),
        "register": url_for("accounts.register"),
        "programme": url_for("programme.by_day", slug=edition.slug),
        "programme_film": url_for("programme.film", slug=edition.slug, film_id=entry.film_id),
        "films": url_for("films.index"),
        "film": url_for("films.show", film_id=film.id),
        "disclosure": url_for("disclosure.edit", film_id=film.id),
        "upload": url_for("uploads.page", film_id=film.id),
        "second_film_upload": url_for("uploads.page", film_id=second.id),
        "submit": url_for("submissions.submit", film_id=second.id),
        "submissions": url_for("submissions.dashboard"),
        "account": url_for("accounts.settings"),
        "reviews": url_for("judging.dashboard"),
        "review": url_for("judging.review", assignment_id=assignment.id),
        "desk": url_for("programming_desk.show", edition_id=edition.id),
        "submission": url_for("submissions.manage_show", submission_id=submission.id),
        "watch": url_for("player.watch", film_id=film.id),
    }


if __name__ == "__main__":
    app = create_app()
    with app.test_request_context():
        print(json.dumps(main_pages()))
