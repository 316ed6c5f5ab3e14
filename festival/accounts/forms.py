from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from festival.accounts.enums import INVITABLE_ROLES, Role
from festival.accounts.passwords import MIN_LENGTH
from festival.config import LANGUAGE_NAMES, LANGUAGES
from festival.forms import (
    MultiCheckboxField,
    SiteForm,
    enum_choices,
    known_time_zone_or_none,
    stripped,
    time_zone,
)

LOCALE_CHOICES = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


def email_field(label=None):
    return EmailField(
        label or _l("Email"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
            Length(max=254),
        ],
        filters=[lambda value: value.strip().lower() if value else value],
    )


def new_password_fields():
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(
                min=MIN_LENGTH,
                max=1024,
                message=_l("Use at least %(count)d characters.", count=MIN_LENGTH),
            ),
        ],
        description=_l("At least %(count)d characters; a phrase is easiest.", count=MIN_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
    )
    return password, confirm


def name_field():
    return StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Enter your name.")), Length(max=200)],
        filters=[lambda value: value.strip() if value else value],
    )


class RegistrationForm(SiteForm):
    name = name_field()
    email = email_field()
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    # The browser's own zone (static/js/time-zone.js), the account's clock until changed.
    timezone = HiddenField(
        filters=[known_time_zone_or_none], render_kw={"data-browser-time-zone": ""}
    )


class LoginForm(SiteForm):
    email = email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password."))]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(SiteForm):
    email = email_field()


class SetPasswordForm(SiteForm):
    password, confirm = new_password_fields()


class SettingsForm(SiteForm):
    name = name_field()
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    timezone = StringField(
        _l("Time zone"),
        validators=[Optional(), Length(max=64), time_zone],
        filters=[stripped],
        render_kw={"list": "time-zone-names", "autocomplete": "off"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = current_app.config["BABEL_DEFAULT_TIMEZONE"]
        self.timezone.description = _l(
            "Times on your pages are shown on this clock; an edition's pages use the "
            "edition's. Leave it empty for the site's default, %(zone)s.",
            zone=default,
        )


ROLE_CHOICES = enum_choices(Role)


def _at_least_one_role(form, field):
    if not field.data:
        raise ValidationError(_l("Choose at least one role."))


class InvitationForm(SiteForm):
    name = name_field()
    email = email_field()
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=enum_choices(INVITABLE_ROLES),
        validators=[_at_least_one_role],
    )


class PersonForm(SiteForm):
    roles = MultiCheckboxField(_l("Roles"), choices=ROLE_CHOICES, validators=[_at_least_one_role])
    is_active = BooleanField(_l("Account active"))
