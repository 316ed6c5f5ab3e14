"""The staff pages of programme blocks: the edition's blocks, a block's page (its films in
order with the running time, adding by search, removing, reordering by buttons, drag and
drop or keyboard), and its settings.

Every change carries the revision its page was read at; a stale one is refused and the
block's page is shown as it stands now, with the reason (JSON: 409 and a flashed message, the
page reloads)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions.loaders import get_edition
from festival.extensions import db
from festival.forms import int_or_none
from festival.json_bodies import RefusedBody, json_body
from festival.programming import blocks
from festival.programming.block_forms import AddFilmForm, BlockForm, RevisionForm
from festival.programming.models.programme import Block
from festival.programming.running_time import block_running_time
from festival.refusals import Refusal, RefusalKind
from festival.submissions.models import Submission
from festival.transactions import Outcome, commit, http_status, json_refusal

bp = Blueprint("programming_blocks", __name__)

MOVES = {"up": -1, "down": 1}


def get_block(block_id: int) -> Block:
    return blocks.load_block(block_id) or abort(404)


@bp.get("/manage/editions/<int:edition_id>/blocks")
@roles(*STAFF_ROLES)
def blocks_list(edition_id: int):
    edition = get_edition(edition_id)
    return render_template(
        "programming/blocks.html", edition=edition, lines=blocks.blocks_of(edition)
    )


@bp.route("/manage/editions/<int:edition_id>/blocks/new", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def create_block(edition_id: int):
    edition = get_edition(edition_id)
    form = BlockForm()
    form.set_choices(edition)
    if form.validate_on_submit():
        outcome = commit(
            lambda: blocks.create_block(edition, form.settings(), actor=current_user), form=form
        )
        if outcome:
            flash(_("Block created. Now add its films."), "success")
            return redirect(url_for("programming_blocks.block_page", block_id=outcome.value.id))
    return render_template("programming/blocks_form.html", edition=edition, form=form, block=None)


@bp.route("/manage/blocks/<int:block_id>/edit", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def edit_block(block_id: int):
    block = get_block(block_id)
    form = BlockForm()
    form.set_choices(block.edition)
    if request.method == "GET":
        form.fill(block)
    elif form.validate_on_submit():
        outcome = commit(
            lambda: blocks.edit_block(
                block, form.settings(), revision=form.revision.data, actor=current_user
            ),
            form=form,
        )
        if outcome:
            flash(_("Block saved."), "success")
            return redirect(url_for("programming_blocks.block_page", block_id=block.id))
        if outcome.refusal.kind is RefusalKind.CONFLICT:
            return settings_as_they_stand(block_id, outcome.refusal)
    return render_template(
        "programming/blocks_form.html",
        edition=block.edition,
        form=form,
        block=block,
        deletion_refusal=blocks.deletion_refusal(block),
    )


def settings_as_they_stand(block_id: int, refusal: Refusal):
    """The settings form refilled from the block as it stands now, with the refusal."""
    db.session.expire_all()
    block = get_block(block_id)
    form = BlockForm(formdata=None)
    form.set_choices(block.edition)
    form.fill(block)
    form.form_errors.append(str(refusal))
    page = render_template(
        "programming/blocks_form.html",
        edition=block.edition,
        form=form,
        block=block,
        deletion_refusal=blocks.deletion_refusal(block),
    )
    return page, http_status(refusal)


@bp.post("/manage/blocks/<int:block_id>/delete")
@roles(*STAFF_ROLES)
def delete_block(block_id: int):
    block = get_block(block_id)
    edition_id = block.edition_id
    form = RevisionForm()
    outcome = commit(
        lambda: blocks.delete_block(block, revision=form.revision.data, actor=current_user)
    )
    if not outcome:
        return block_page_after(block_id, outcome)
    flash(_("Block deleted."), "success")
    return redirect(url_for("programming_blocks.blocks_list", edition_id=edition_id))


@bp.get("/manage/blocks/<int:block_id>")
@roles(*STAFF_ROLES)
def block_page(block_id: int):
    return render_block_page(get_block(block_id))


@bp.post("/manage/blocks/<int:block_id>/films")
@roles(*STAFF_ROLES)
def add_film(block_id: int):
    block = get_block(block_id)
    form = AddFilmForm()
    submission = block_submission(block, form.submission_id.data)
    if submission is None:
        refusal = blocks.BlockRefusal(_l("Choose a film of this edition to add."))
        return block_page_after(block_id, Outcome(refusal=refusal))
    outcome = commit(
        lambda: blocks.add_film(block, submission, revision=form.revision.data, actor=current_user)
    )
    return block_page_after(block_id, outcome, _("“%(title)s” added.", title=submission.film.title))


@bp.post("/manage/blocks/<int:block_id>/films/<int:block_film_id>/remove")
@roles(*STAFF_ROLES)
def remove_film(block_id: int, block_film_id: int):
    block = get_block(block_id)
    form = RevisionForm()
    outcome = commit(
        lambda: blocks.remove_film(
            block, block_film_id, revision=form.revision.data, actor=current_user
        )
    )
    return block_page_after(block_id, outcome, _("Film removed from the block."))


@bp.post("/manage/blocks/<int:block_id>/films/<int:block_film_id>/move")
@roles(*STAFF_ROLES)
def move_film(block_id: int, block_film_id: int):
    block = get_block(block_id)
    form = RevisionForm()
    by = MOVES.get(request.form.get("direction", ""))
    if by is None:
        abort(400)
    outcome = commit(
        lambda: blocks.move(
            block, block_film_id, by, revision=form.revision.data, actor=current_user
        )
    )
    return block_page_after(block_id, outcome, anchor=f"block-film-{block_film_id}")


@bp.post("/manage/blocks/<int:block_id>/order")
@roles(*STAFF_ROLES)
def reorder(block_id: int):
    """The new order from drag and drop or the keyboard: JSON {order: [BlockFilm ids],
    revision}. A stale revision answers 409 and flashes the reason for the reloaded page."""
    block = get_block(block_id)
    order, revision = order_of(json_body())
    outcome = commit(lambda: blocks.reorder(block, order, revision=revision, actor=current_user))
    if not outcome:
        if outcome.refusal.kind is RefusalKind.CONFLICT:
            flash(str(outcome.refusal), "error")
        return json_refusal(outcome.refusal, revision=current_revision(block_id))
    return jsonify(revision=block.revision)


def order_of(payload) -> tuple[list[int], int | None]:
    """The ids and revision of a reorder body; `RefusedBody` when it is not that shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("order"), list):
        raise RefusedBody(_l("Send the new order as a JSON object with a list of ids."))
    try:
        order = [int_or_none(value) for value in payload["order"]]
        revision = int_or_none(payload.get("revision"))
    except (TypeError, ValueError):
        raise RefusedBody(_l("Send the new order as a JSON object with a list of ids.")) from None
    return [block_film_id for block_film_id in order if block_film_id is not None], revision


def current_revision(block_id: int) -> int | None:
    block = db.session.get(Block, block_id)
    return block.revision if block is not None else None


def block_submission(block: Block, submission_id: int | None) -> Submission | None:
    """The entry the add form names, of the block's edition, or None."""
    submission = db.session.get(Submission, submission_id) if submission_id else None
    if submission is None or submission.edition_id != block.edition_id:
        return None
    return submission


def block_page_after(block_id: int, outcome: Outcome, message: str | None = None, anchor=None):
    """After a change: back to the block's page, or, refused, the page as the block stands
    now (after the rollback) with the reason and the refusal's status."""
    if outcome:
        if message:
            flash(message, "success")
        return redirect(url_for("programming_blocks.block_page", block_id=block_id, _anchor=anchor))
    db.session.expire_all()
    block = get_block(block_id)
    return render_block_page(block, refusal=outcome.refusal), http_status(outcome.refusal)


def render_block_page(block: Block, refusal: Refusal | None = None):
    query = (request.args.get("q") or "").strip()[:200]
    return render_template(
        "programming/blocks_block.html",
        block=block,
        edition=block.edition,
        running=block_running_time(block),
        refusal=refusal,
        query=query,
        candidates=blocks.candidates(block, query) if query else [],
    )
