"""The account page's tokens: make one (its secret shown on this answer only), see them all,
revoke one."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.accounts.access import signed_in
from festival.api.tokens import services
from festival.api.tokens.forms import RevokeForm, TokenForm
from festival.database import utcnow
from festival.routing import database_id
from festival.transactions import commit

bp = Blueprint("api_tokens", __name__)


@bp.route("/account/tokens", methods=["GET", "POST"])
@signed_in
def index():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        now = utcnow()
        days = form.expiry_days()
        outcome = commit(
            lambda: services.create_token(
                current_user,
                name=form.name.data,
                scopes=form.scopes(),
                now=now,
                expires_at=now + timedelta(days=days) if days else None,
            ),
            form=form,
        )
        if outcome:
            secret = outcome.value[1]
            form = TokenForm(formdata=None)
    response = render_template(
        "api/tokens.html",
        form=form,
        secret=secret,
        tokens=services.tokens_of(current_user),
        revoke_form=RevokeForm(),
        now=utcnow(),
    )
    # The secret is on this answer alone: no cache may keep it.
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/revoke")
@signed_in
def revoke():
    form = RevokeForm()
    try:
        token_id = database_id(form.token_id.data or "")
    except ValueError:
        abort(400)
    if not form.validate_on_submit():
        abort(400)
    outcome = commit(lambda: services.revoke_token(current_user, token_id, now=utcnow()))
    if not outcome:
        abort(404)
    flash(_("The token %(name)s is revoked.", name=outcome.value.name), "success")
    return redirect(url_for("api_tokens.index"))
