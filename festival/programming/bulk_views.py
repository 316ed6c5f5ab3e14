"""The desk's bulk action: `POST /manage/editions/<id>/desk/bulk` with `action` and its
parameters, and either the chosen `submission_ids` (each with `seen-<id>`, the version the
desk showed) or `scope=all` with the desk's filter `query`. The results page names every
entry changed, refused (and why) or changed meanwhile."""

from __future__ import annotations

from urllib.parse import parse_qs

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions.loaders import get_edition
from festival.editions.models import Edition
from festival.forms import int_or_none
from festival.programming import bulk
from festival.programming.bulk import BulkAction
from festival.programming.decision_forms import BulkForm
from festival.redirects import local_target
from festival.transactions import commit

bp = Blueprint("programming_bulk", __name__)


def chosen_ids(edition: Edition) -> list[int]:
    """The ids the form names, or every entry matching the desk's filter with `scope=all`."""
    if request.form.get("scope") == "all":
        from festival.programming import desk

        args = MultiDict(parse_qs(request.form.get("query", ""), keep_blank_values=True))
        return list(desk.matching_ids(edition, desk.parse_filters(edition, args)))
    ids = []
    for value in request.form.getlist("submission_ids"):
        try:
            submission_id = int_or_none(value)
        except ValueError:
            continue
        if submission_id is not None:
            ids.append(submission_id)
    return ids


def seen_versions(ids: list[int]) -> dict[int, str]:
    return {
        submission_id: request.form[f"seen-{submission_id}"]
        for submission_id in ids
        if f"seen-{submission_id}" in request.form
    }


@bp.post("/manage/editions/<int:edition_id>/desk/bulk")
@roles(*STAFF_ROLES)
def apply(edition_id: int):
    edition = get_edition(edition_id)
    back = local_target(
        request.form.get("next"), url_for("submissions.manage_list", edition_id=edition.id)
    )
    form = BulkForm()
    form.set_choices(edition)
    if not form.validate_on_submit():
        return render_results(edition, form, None, back), 400
    action = BulkAction(form.action.data)
    ids = chosen_ids(edition)
    if action is BulkAction.EXPORT:
        return redirect(url_for("programming_exports.desk_csv", edition_id=edition.id, ids=ids))
    outcome = commit(
        lambda: bulk.apply(
            edition,
            action,
            ids,
            actor=current_user,
            seen=seen_versions(ids),
            **parameters(form, action),
        ),
        form=form,
    )
    status = 200 if outcome else 400
    return render_results(edition, form, outcome.value, back), status


def parameters(form: BulkForm, action: BulkAction) -> dict:
    if action is BulkAction.STATUS:
        return {"status": form.status.data or "", "reason": form.reason.data or ""}
    if action is BulkAction.TAG:
        return {"tags": form.tags.data or ""}
    if action is BulkAction.ROUND:
        return {"round_id": form.round_id.data}
    if action is BulkAction.BLOCK:
        return {"block_id": form.block_id.data}
    if action is BulkAction.ASSIGN:
        return {"programmer_id": form.programmer_id.data}
    if action is BulkAction.DECIDE:
        return {"outcome_id": form.outcome_id.data, "feedback_shared": form.feedback_shared.data}
    return {}


def render_results(edition: Edition, form: BulkForm, result, back: str):
    return render_template(
        "programming/decisions_bulk_results.html",
        edition=edition,
        form=form,
        result=result,
        back=back,
        title=_("Bulk action on entries of %(edition)s", edition=edition.name),
    )
