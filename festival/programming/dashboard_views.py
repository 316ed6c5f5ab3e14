"""The edition dashboard page (staff): counts, fees, and the progress of screening and juries."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions.models import Edition
from festival.extensions import db
from festival.programming.dashboard import dashboard_of

bp = Blueprint("programming_dashboard", __name__)


@bp.get("/manage/editions/<int:edition_id>/dashboard")
@roles(*STAFF_ROLES)
def dashboard(edition_id: int):
    edition = db.session.get(Edition, edition_id) or abort(404)
    return render_template("programming/dashboard.html", dashboard=dashboard_of(edition))
