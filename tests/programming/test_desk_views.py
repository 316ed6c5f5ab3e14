"""Saved views of the desk: personal or shared, opened, renamed and deleted by their owner;
a name that is empty or taken is refused on the form with nothing lost."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.extensions import db
from festival.programming.models import SavedView
from tests import factories
from tests.conftest import sign_in


@pytest.fixture
def edition(app_ctx):
    return factories.make_edition()


def save(client, edition, name, query="status=shortlisted&sort=-title", shared=False):
    data = {"name": name, "query": query}
    if shared:
        data["is_shared"] = "y"
    return client.post(f"/manage/editions/{edition.id}/desk/views", data=data)


def test_a_saved_view_opens_the_desk_with_its_filter(client, make_user, edition):
    sign_in(client, make_user(Role.PROGRAMMER))
    response = save(client, edition, "Shortlist")
    view = db.session.scalar(db.select(SavedView).where(SavedView.name == "Shortlist"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"status=shortlisted&sort=-title&view={view.id}")
    opened = client.get(f"/manage/editions/{edition.id}/desk/views/{view.id}")
    assert opened.headers["Location"] == response.headers["Location"]
    desk = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert "Shortlist" in desk and 'aria-current="page"' in desk


def test_personal_views_are_private_and_shared_ones_read_by_all_staff(client, make_user, edition):
    owner, colleague = make_user(Role.PROGRAMMER), make_user(Role.ADMIN)
    sign_in(client, owner)
    save(client, edition, "Mine")
    save(client, edition, "Ours", shared=True)
    mine, ours = (
        db.session.scalar(db.select(SavedView).where(SavedView.name == name))
        for name in ("Mine", "Ours")
    )
    sign_in(client, colleague)
    page = client.get(f"/manage/editions/{edition.id}/desk").get_data(as_text=True)
    assert "Ours" in page and "Mine" not in page
    assert client.get(f"/manage/editions/{edition.id}/desk/views/{mine.id}").status_code == 404
    assert client.get(f"/manage/editions/{edition.id}/desk/views/{ours.id}").status_code == 302
    # Readable, not theirs to change:
    client.post(f"/manage/editions/{edition.id}/desk/views/{ours.id}/edit", data={"name": "Theirs"})
    client.post(f"/manage/editions/{edition.id}/desk/views/{ours.id}/delete")
    db.session.expire_all()
    assert db.session.get(SavedView, ours.id).name == "Ours"


def test_the_owner_renames_unshares_and_deletes(client, make_user, edition):
    sign_in(client, make_user(Role.PROGRAMMER))
    save(client, edition, "Ours", shared=True)
    view = db.session.scalar(db.select(SavedView).where(SavedView.name == "Ours"))
    edit = f"/manage/editions/{edition.id}/desk/views/{view.id}/edit"
    assert client.post(edit, data={"name": "Late picks"}).status_code == 302
    db.session.expire_all()
    assert (view.name, view.is_shared) == ("Late picks", False)
    view_id = view.id
    client.post(f"/manage/editions/{edition.id}/desk/views/{view_id}/delete")
    db.session.expire_all()
    assert db.session.get(SavedView, view_id) is None


def test_an_empty_or_taken_name_is_refused_and_the_filter_kept(client, make_user, edition):
    sign_in(client, make_user(Role.PROGRAMMER))
    save(client, edition, "Shortlist")
    for name, message in (("  ", "Give the view a name."), ("shortlist", "already have a view")):
        response = save(client, edition, name, query="q=rain&sort=-title")
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert message in page
        assert 'value="rain"' in page  # the desk shows the filter being saved
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedView)) == 1


def test_an_unknown_view_is_not_found(client, make_user, edition):
    sign_in(client, make_user(Role.PROGRAMMER))
    assert client.get(f"/manage/editions/{edition.id}/desk/views/999").status_code == 404
    assert client.get(f"/manage/editions/{edition.id}/desk/views/999/edit").status_code == 404
