"""Account write rules: registration, sign-in, passwords, invitations and roles.

Services flush and audit; the caller commits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole, new_session_token
from festival.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_context,
    verify_password,
    weakness,
)
from festival.accounts.tokens import (
    INVITATION,
    PASSWORD_RESET,
    Registration,
    make_registration_token,
    make_token,
)
from festival.audit.services import record
from festival.database import utcnow
from festival.extensions import db
from festival.links import site_url
from festival.notifications.services import queue_templated_email, queue_templated_email_to
from festival.refusals import Refusal
from festival.time_zones import is_time_zone


class AccountError(Refusal):
    """A refusal the user can act on; its message is shown on the page."""


def find_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


def create_user(
    email: str,
    name: str,
    roles: set[Role],
    *,
    password: str | None = None,
    locale=None,
    timezone: str | None = None,
) -> User:
    if find_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists."), "email")
    if password is not None:
        refuse_weak_password(password, email=email, name=name)
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        password_hash=hash_password(password) if password else None,
        locale=locale,
        timezone=timezone,
        role_grants=[UserRole(role=role) for role in sorted(roles)],
    )
    db.session.add(user)
    db.session.flush()
    return user


def start_registration(registration: Registration) -> None:
    """Email the address a link that finishes the registration or, when it has an account
    already, how to sign in. Either way the visitor is told to check their email, so
    registering does not reveal which addresses have an account."""
    user = find_by_email(registration.email)
    if user is not None:
        queue_templated_email(
            user,
            "already_registered",
            _l("You already have an account"),
            login_link=site_url("accounts.login"),
            reset_link=site_url("accounts.forgot_password"),
        )
        return
    queue_templated_email_to(
        registration.email,
        registration.locale,
        "finish_registration",
        _l("Finish your registration"),
        name=registration.name,
        link=site_url("accounts.finish_registration", token=make_registration_token(registration)),
    )


def register_filmmaker(registration: Registration, password: str) -> User:
    """Create the filmmaker account a registration link confirmed, with its first password."""
    user = create_user(
        registration.email,
        registration.name,
        {Role.FILMMAKER},
        password=password,
        locale=registration.locale,
        timezone=registration.timezone,  # checked by the form, carried in a signed link
    )
    record("registered", user, actor=user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None: the same answer, after the
    same one password verification, whether or not the address has an account."""
    user = find_by_email(email)
    may_sign_in = user is not None and user.is_active
    password_hash = user.password_hash if may_sign_in else None
    if not verify_password(password_hash, password) or not may_sign_in:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def set_password(user: User, password: str) -> None:
    """Set a new password and end every session signed in with the old one."""
    refuse_weak_password(password, email=user.email, name=user.name)
    user.password_hash = hash_password(password)
    end_sessions(user)
    record("password_set", user, actor=user)


def end_sessions(user: User) -> None:
    """Give `user` a new session token: every session and remember-me cookie signed in with
    the old one is refused from now on (sessions carry the token, see `User.get_id`)."""
    user.session_token = new_session_token()


def sign_out_elsewhere(user: User) -> None:
    """End every session of `user`; the caller signs the current one in again."""
    end_sessions(user)
    record("sessions_ended", user, actor=user)


def refuse_weak_password(password: str, *, email: str, name: str) -> None:
    reason = weakness(password, context=password_context(email=email, name=name))
    if reason is not None:
        raise AccountError(reason, "password")


def send_password_reset(email: str) -> None:
    """Email a reset link if an active account has this address; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    link = site_url("accounts.reset_password", token=make_token(user, PASSWORD_RESET))
    queue_templated_email(user, "password_reset", _l("Reset your password"), link=link)


def invite(email: str, name: str, roles: set[Role], *, actor: User) -> User:
    """Create an account without a password and email a link that sets one.

    Inviting someone who already has an account adds the roles instead."""
    user = find_by_email(email)
    if user is None:
        user = create_user(email, name, roles)
        record("invited", user, actor=actor, after={"roles": sorted(roles)})
    else:
        change_roles(user, user.roles | roles, actor=actor)
    if user.has_password:
        link = site_url("accounts.login")
    else:
        link = site_url("accounts.accept_invitation", token=make_token(user, INVITATION))
    queue_templated_email(
        user,
        "invitation",
        _l("You are invited to the festival"),
        link=link,
        inviter=actor,
        roles=sorted(roles),
    )
    return user


def change_roles(user: User, roles: set[Role], *, actor: User) -> None:
    if not roles:
        raise AccountError(_l("Choose at least one role."))
    if user.id == actor.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise AccountError(_l("You cannot remove your own admin role."))
    before = sorted(user.roles)
    if set(before) == set(roles):
        return
    user.role_grants = [g for g in user.role_grants if g.role in roles] + [
        UserRole(role=role) for role in sorted(roles - user.roles)
    ]
    db.session.flush()
    record(
        "roles_changed", user, actor=actor, before={"roles": before}, after={"roles": sorted(roles)}
    )


def set_active(user: User, is_active: bool, *, actor: User) -> None:
    if user.is_active == is_active:
        return
    if user.id == actor.id and not is_active:
        raise AccountError(_l("You cannot deactivate your own account."))
    user.is_active = is_active
    end_sessions(user)
    record(
        "activated" if is_active else "deactivated",
        user,
        actor=actor,
        before={"is_active": not is_active},
        after={"is_active": is_active},
    )


def update_settings(user: User, *, name: str, locale: str, timezone: str | None) -> None:
    """`timezone`: an IANA name, or empty for the site's default."""
    if timezone and not is_time_zone(timezone):
        raise AccountError(_l("Choose a time zone from the list, e.g. Asia/Seoul."), "timezone")
    user.name = name
    user.locale = locale
    user.timezone = timezone or None


def list_people() -> list[User]:
    return db.session.scalars(db.select(User).order_by(User.name, User.id)).all()
