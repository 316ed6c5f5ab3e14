"""Saved views of the desk: a named filter and sort, personal or shared with the staff.

Every staff member reads their own views and the shared ones; only the owner renames or
deletes a view. Functions flush and leave the commit to the caller."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from festival.editions.models import Edition
from festival.extensions import db
from festival.programming.models import SavedView
from festival.refusals import Refusal, RefusalKind

MAX_NAME = 100


class SavedViewRefusal(Refusal):
    """A name the views cannot take, or a view that is not the actor's to change."""


def views_for(edition: Edition, user) -> list[SavedView]:
    """The user's own views and the ones shared with staff, own first, by name."""
    return db.session.scalars(
        db.select(SavedView)
        .where(
            SavedView.edition_id == edition.id,
            (SavedView.owner_id == user.id) | SavedView.is_shared.is_(True),
        )
        .order_by((SavedView.owner_id != user.id), db.func.lower(SavedView.name), SavedView.id)
    ).all()


def readable_view(edition: Edition, view_id: int, user) -> SavedView | None:
    """The view if `user` may open it (their own or a shared one) in this edition."""
    view = db.session.get(SavedView, view_id)
    if view is None or view.edition_id != edition.id:
        return None
    if view.owner_id != user.id and not view.is_shared:
        return None
    return view


def _checked_name(edition: Edition, owner, name: str, *, keep: SavedView | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SavedViewRefusal(_l("Give the view a name."), "name")
    if len(name) > MAX_NAME:
        raise SavedViewRefusal(
            _l("Keep the name under %(count)d characters.", count=MAX_NAME), "name"
        )
    taken = db.session.scalar(
        db.select(SavedView.id).where(
            SavedView.edition_id == edition.id,
            SavedView.owner_id == owner.id,
            db.func.lower(SavedView.name) == name.lower(),
            SavedView.id != (keep.id if keep else -1),
        )
    )
    if taken is not None:
        raise SavedViewRefusal(_l("You already have a view with this name."), "name")
    return name


def save_view(edition: Edition, name: str, query: str, *, is_shared: bool, actor) -> SavedView:
    view = SavedView(
        edition_id=edition.id,
        owner_id=actor.id,
        name=_checked_name(edition, actor, name),
        query=query,
        is_shared=is_shared,
    )
    db.session.add(view)
    db.session.flush()
    return view


def _own(view: SavedView, actor) -> SavedView:
    if view.owner_id != actor.id:
        raise SavedViewRefusal(
            _l("Only the person who saved this view may change it."), kind=RefusalKind.FORBIDDEN
        )
    return view


def rename_view(view: SavedView, name: str, *, is_shared: bool, actor) -> SavedView:
    _own(view, actor)
    view.name = _checked_name(view.edition, actor, name, keep=view)
    view.is_shared = is_shared
    db.session.flush()
    return view


def delete_view(view: SavedView, *, actor) -> None:
    db.session.delete(_own(view, actor))
    db.session.flush()
