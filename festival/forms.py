"""The base of every form on the site, and form fields WTForms lacks."""

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import ValidationError, validate_csrf
from wtforms import Form, PasswordField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from festival import text
from festival.json_bodies import RefusedBody, json_body
from festival.routing import MAX_ID
from festival.time_zones import is_time_zone


def text_filters(field_class) -> tuple:
    """What every field of this kind does to typed text before its own filters: NUL is
    refused in all; a text area is NFC; a single line loses its bidi controls too. Text of
    invisible characters only becomes empty, so a required field says what it says when
    nothing was typed. Passwords are taken as typed."""
    if issubclass(field_class, PasswordField):
        return (text.refuse_nul,)
    if issubclass(field_class, TextAreaField):
        return (text.refuse_nul, text.multi_line)
    if issubclass(field_class, StringField):
        return (text.refuse_nul, text.single_line)
    return ()


class TextHygiene:
    """Form meta: puts `text_filters` first on each field as the form binds it."""

    def bind_field(self, form, unbound_field, options):
        hygiene = text_filters(unbound_field.field_class)
        if hygiene:
            own = unbound_field.kwargs.get("filters") or ()
            options = {**options, "filters": (*hygiene, *own)}
        return super().bind_field(form, unbound_field, options)


class SiteForm(FlaskForm):
    """Every form on the site: a FlaskForm (CSRF) whose text fields get `text_filters`."""

    Meta = TextHygiene


class SiteSubform(Form):
    """A form repeated inside a `SiteForm` (FormField, FieldList), with the same text rules."""

    Meta = TextHygiene


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one per choice, rendered inside a fieldset."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def enum_choices(members, *, blank=None) -> list[SelectChoice]:
    """Choices for a select or checkboxes from enum members with a `label`; `blank` puts an
    empty first choice with that text."""
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(member.value, member.label) for member in members]


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def at_most(count: int) -> Length:
    """The length limit of a text field, with the one message that says it."""
    return Length(max=count, message=_l("Use at most %(count)d characters.", count=count))


def bounded_text(label, max_length: int, *, field_class=StringField, validators=(), **kwargs):
    """A stripped text field of at most `max_length` characters; `validators` run after
    the limit."""
    return field_class(
        label, validators=[at_most(max_length), *validators], filters=[stripped], **kwargs
    )


def time_zone(form, field):
    """A time zone field's check (an edition's, a user's): an IANA name this machine knows;
    an empty optional field passes."""
    if field.data and not is_time_zone(field.data):
        raise ValidationError(_l("Choose a time zone from the list, e.g. Asia/Seoul."))


def known_time_zone_or_none(value: str | None) -> str | None:
    """A filter for the time zone a browser reports in a hidden field: a name this machine
    knows, else None (nobody can correct a field they do not see)."""
    value = (value or "").strip()
    return value if is_time_zone(value) else None


def int_or_none(value):
    """An id or revision from a form, or None when empty; ValueError for a number no row
    could hold (it would overflow the database driver)."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if abs(number) > MAX_ID:
        raise ValueError(value)
    return number


def csrf_token_valid(token) -> bool:
    """For JSON endpoints that take the CSRF token in the body too (a `sendBeacon` report
    cannot set a header); always true when CSRF protection is off (tests)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(token if isinstance(token, str) else None)
    except ValidationError:
        return False
    return True


def signed_json_object(not_an_object) -> dict:
    """The request's JSON body as an object with a valid CSRF token (in the `X-CSRFToken`
    header or the body's `csrf_token`); else `RefusedBody`, saying `not_an_object` or that
    the page has expired."""
    payload = json_body()
    if not isinstance(payload, dict):
        raise RefusedBody(not_an_object)
    if not csrf_token_valid(request.headers.get("X-CSRFToken") or payload.get("csrf_token")):
        raise RefusedBody(_l("The page has expired. Please reload it."))
    return payload
