from flask_login import AnonymousUserMixin

from festival.accounts.enums import Role
from festival.films import rules
from tests import factories


def test_owner_and_staff_may_view_and_edit_a_film(make_film, make_user):
    film = make_film()
    for user in (film.owner, make_user(Role.PROGRAMMER), make_user(Role.ADMIN)):
        assert rules.can_view_film(user, film)
        assert rules.can_edit_film(user, film)
        assert rules.can_view_images(user, film)


def test_other_filmmakers_jurors_and_anonymous_may_not(make_film, make_user):
    film = make_film()
    for user in (make_user(Role.FILMMAKER), make_user(Role.JUROR), AnonymousUserMixin()):
        assert not rules.can_view_film(user, film)
        assert not rules.can_edit_film(user, film)
        assert not rules.can_view_images(user, film)


def test_a_film_takes_at_most_ten_stills(make_film):
    film = make_film()
    for _ in range(rules.MAX_STILLS - 1):
        factories.make_film_image(film, "still", data=factories.png_bytes(400, 400))
    assert rules.can_add_still(film)
    factories.make_film_image(film, "still", data=factories.png_bytes(400, 400))
    assert not rules.can_add_still(film)
