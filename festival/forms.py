"""Form fields WTForms lacks, shared by every domain's forms."""

from flask import current_app
from flask_wtf.csrf import ValidationError, validate_csrf
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from festival.routing import MAX_ID


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
