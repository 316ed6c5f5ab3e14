from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME

from festival.accounts import services
from festival.accounts.access import attempt_rate_limit, public, roles, signed_in
from festival.accounts.enums import Role
from festival.accounts.forms import (
    ForgotPasswordForm,
    InvitationForm,
    LoginForm,
    PersonForm,
    RegistrationForm,
    SetPasswordForm,
    SettingsForm,
)
from festival.accounts.models import User
from festival.accounts.tokens import (
    INVITATION,
    PASSWORD_RESET,
    Registration,
    registration_for_token,
    user_for_token,
)
from festival.extensions import db, limiter, login_manager
from festival.redirects import local_target
from festival.time_zones import time_zone_names
from festival.transactions import commit

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    user = db.session.scalar(db.select(User).where(User.session_token == session_token))
    return user if user is not None and user.is_active else None


@login_manager.unauthorized_handler
def unauthorized():
    flash(_("Please log in to open this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def safe_next(default: str) -> str:
    return local_target(request.args.get("next"), default)


def clear_session() -> None:
    """Empty the session but for the chosen language, so nothing from before carries over."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign `user` in on a fresh session (a new CSRF token, nothing of the visitor's before)."""
    clear_session()
    login_user(user, remember=remember)


def is_remembered() -> bool:
    """This browser holds a remember-me cookie."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(attempt_rate_limit, methods=["POST"])
def register():
    """Ask for a name, an address and a language, and email the address a link to finish; the
    page after is the same whether or not the address has an account."""
    if current_user.is_authenticated:
        return redirect(url_for("editions.home"))
    form = RegistrationForm(locale=request.accept_languages.best_match(["en", "ko"]) or "en")
    if form.validate_on_submit():
        registration = Registration(
            form.email.data, form.name.data, form.locale.data, form.timezone.data
        )
        services.start_registration(registration)
        db.session.commit()
        return render_template("accounts/check_email.html", email=registration.email)
    return render_template("accounts/register.html", form=form)


@bp.route("/register/<token>", methods=["GET", "POST"])
@public
def finish_registration(token: str):
    registration = registration_for_token(token, current_app.config["REGISTRATION_MAX_AGE_S"])
    if registration is None:
        return render_template("accounts/link_invalid.html", again=url_for(".register")), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        outcome = commit(
            lambda: services.register_filmmaker(registration, form.password.data), form=form
        )
        if outcome:
            start_session(outcome.value)
            flash(_("Welcome, %(name)s. Your account is ready.", name=registration.name), "success")
            return redirect(url_for("editions.home"))
    return render_template(
        "accounts/finish_registration.html", form=form, registration=registration
    )


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(attempt_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("editions.home")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("That email and password do not match an active account."))
        else:
            db.session.commit()
            start_session(user, remember=form.remember.data)
            return redirect(safe_next(url_for("editions.home")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@signed_in
def logout():
    """End the session here and every cookie signed in before: a copied session or remember-me
    cookie no longer opens the account."""
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    clear_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("editions.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(attempt_rate_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        db.session.commit()
        flash(
            _("If an account uses that address, we have emailed it a link to set a new password."),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


def _set_password_from_token(token: str, purpose: str, max_age_key: str, template: str):
    user = user_for_token(token, purpose, current_app.config[max_age_key])
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit() and commit(
        lambda: services.set_password(user, form.password.data), form=form
    ):
        start_session(user)
        flash(_("Your password is set. You are logged in."), "success")
        return redirect(url_for("editions.home"))
    return render_template(template, form=form, user=user)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return _set_password_from_token(
        token, PASSWORD_RESET, "PASSWORD_RESET_MAX_AGE_S", "accounts/reset_password.html"
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    return _set_password_from_token(
        token, INVITATION, "INVITATION_MAX_AGE_S", "accounts/accept_invitation.html"
    )


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def settings():
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        outcome = commit(
            lambda: services.update_settings(
                current_user,
                name=form.name.data,
                locale=form.locale.data,
                timezone=form.timezone.data,
            ),
            form=form,
        )
        if outcome:
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form, time_zone_names=time_zone_names())


@bp.post("/account/sign-out-elsewhere")
@signed_in
def sign_out_elsewhere():
    user = current_user._get_current_object()
    services.sign_out_elsewhere(user)
    db.session.commit()
    start_session(user, remember=is_remembered())
    flash(_("You are signed out on every other device; this one stays signed in."), "success")
    return redirect(url_for("accounts.settings"))


@bp.get("/admin/people")
@roles(Role.ADMIN)
def people():
    return render_template("accounts/people.html", people=services.list_people())


@bp.route("/admin/people/invite", methods=["GET", "POST"])
@roles(Role.ADMIN)
def invite():
    form = InvitationForm()
    if form.validate_on_submit():
        chosen = {Role(value) for value in form.roles.data}
        user = services.invite(form.email.data, form.name.data, chosen, actor=current_user)
        db.session.commit()
        flash(_("Invitation sent to %(email)s.", email=user.email), "success")
        return redirect(url_for("accounts.people"))
    return render_template("accounts/invite.html", form=form)


def get_person(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/admin/people/<int:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def person(user_id: int):
    user = get_person(user_id)
    form = PersonForm(roles=[role.value for role in user.roles], is_active=user.is_active)

    def save():
        services.change_roles(user, {Role(v) for v in form.roles.data}, actor=current_user)
        services.set_active(user, form.is_active.data, actor=current_user)

    if form.validate_on_submit() and commit(save, form=form):
        flash(_("Changes to %(name)s are saved.", name=user.name), "success")
        return redirect(url_for("accounts.people"))
    return render_template("accounts/person.html", form=form, person=user)
