"""Publishing the programme, for staff: its state, why it cannot be published yet (the
entries named), publish and unpublish, and links to the public pages and feeds."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions.loaders import get_edition
from festival.programming import publishing
from festival.transactions import commit

bp = Blueprint("programming_publish", __name__)


@bp.get("/manage/editions/<int:edition_id>/programme/publish")
@roles(*STAFF_ROLES)
def overview(edition_id: int):
    edition = get_edition(edition_id)
    publication = publishing.publication_of(edition)
    is_published = publication is not None and publication.is_published
    return render_template(
        "programming/publish.html",
        edition=edition,
        publication=publication,
        is_published=is_published,
        refusal=None if is_published else publishing.publish_refusal(edition),
        venues=publishing.venues_of(edition),
    )


@bp.post("/manage/editions/<int:edition_id>/programme/publish")
@roles(*STAFF_ROLES)
def publish(edition_id: int):
    edition = get_edition(edition_id)
    if commit(lambda: publishing.publish(edition, actor=current_user), flash=True):
        flash(_("The programme is published."), "success")
    return redirect(url_for("programming_publish.overview", edition_id=edition.id))


@bp.post("/manage/editions/<int:edition_id>/programme/unpublish")
@roles(*STAFF_ROLES)
def unpublish(edition_id: int):
    edition = get_edition(edition_id)
    if commit(lambda: publishing.unpublish(edition, actor=current_user), flash=True):
        flash(_("The programme is no longer public: its pages and feeds are down."), "success")
    return redirect(url_for("programming_publish.overview", edition_id=edition.id))
