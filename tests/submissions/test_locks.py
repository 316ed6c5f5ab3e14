"""After the call closes, the disclosure a submission judges can no longer change."""

from datetime import date, timedelta

from festival.disclosure import rules as disclosure_rules
from festival.disclosure.services import latest_disclosure
from festival.extensions import db
from tests import factories


def closed_edition():
    past = date.today() - timedelta(days=3)
    return factories.make_edition(
        opens_on=past - timedelta(days=30), deadlines=[("Regular", past, 10_000)]
    )


def test_disclosure_stays_editable_while_the_call_is_open(app_ctx):
    film = factories.make_film()
    factories.make_disclosure(film, frozen=True)
    factories.make_submission(film=film)
    assert disclosure_rules.edit_lock(film) is None
    assert disclosure_rules.can_edit(film.owner, film)


def test_disclosure_is_locked_once_the_call_has_closed(app_ctx):
    film = factories.make_film()
    factories.make_disclosure(film, frozen=True)
    factories.make_submission(film=film, category=closed_edition().categories[0])
    assert "can no longer change" in disclosure_rules.edit_lock(film)
    assert not disclosure_rules.can_edit(film.owner, film)


def test_a_withdrawn_entry_does_not_lock_the_disclosure(app_ctx):
    film = factories.make_film()
    factories.make_disclosure(film, frozen=True)
    category = closed_edition().categories[0]
    factories.make_submission(film=film, category=category, status="withdrawn")
    assert disclosure_rules.edit_lock(film) is None


def test_locked_disclosure_refuses_a_save_and_says_why(client, auth, app_ctx):
    film = factories.make_film()
    disclosure = factories.make_disclosure(film, frozen=True)
    factories.make_submission(film=film, category=closed_edition().categories[0])
    auth.login(film.owner)
    page = client.get(f"/films/{film.id}/disclosure").get_data(as_text=True)
    assert "can no longer change" in page
    assert client.post(f"/films/{film.id}/disclosure", data={}).status_code == 403
    db.session.expire_all()
    assert latest_disclosure(film).id == disclosure.id
