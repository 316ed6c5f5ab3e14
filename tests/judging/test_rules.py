"""Judging's rules: who reads a blind film's names, held as a matrix over every way of
reaching the film (the rule itself, a title on a judging page, the media text shield)."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.judging import blind, rules
from festival.media import rules as media_rules
from tests import factories

MAKER = "Dana Whitfield"

READERS = {
    "filmmaker": {Role.FILMMAKER},
    "juror": {Role.JUROR},
    "programmer": {Role.PROGRAMMER},
    "admin": {Role.ADMIN},
    "programmer-juror": {Role.PROGRAMMER, Role.JUROR},
}
STAFF = {"programmer", "admin", "programmer-juror"}


@pytest.mark.parametrize("is_owner", [True, False], ids=["owner", "not owner"])
@pytest.mark.parametrize("is_blind", [True, False], ids=["blind", "not blind"])
@pytest.mark.parametrize("reader", list(READERS))
def test_who_reads_the_names_of_a_film_judged_in_a_round(app_ctx, reader, is_blind, is_owner):
    user = factories.make_user(roles=READERS[reader])
    maker = user if is_owner else factories.make_user(Role.FILMMAKER, name=MAKER)
    film = factories.make_film(owner=maker, title=f"{maker.name}'s Salt Flats")
    edition = factories.make_edition()
    submission = factories.make_submission(film, edition.categories[0], status="shortlisted")
    round_ = factories.make_round(
        edition, is_blind=is_blind, members=[user], submissions=[submission]
    )
    factories.make_assignment(round_, round_.entries[0], user)

    sees = not is_blind or reader in STAFF or is_owner

    assert rules.sees_identities(user, film, is_blind=round_.is_blind) is sees
    shown = film.title if sees else blind.film_redactor(film)(film.title)
    assert media_rules.shield_for(user, film)(film.title) == shown
    assert (maker.name in shown) is sees
