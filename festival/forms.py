"""Form fields WTForms lacks, shared by every domain's forms."""

from flask import current_app, flash
from flask_wtf.csrf import ValidationError, validate_csrf
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from festival.extensions import db
from festival.refusals import Refusal


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one per choice, rendered inside a fieldset."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def enum_choices(members, *, blank=None) -> list[SelectChoice]:
    """Choices for a select or checkboxes from enum members with a `label`; `blank` puts an
    empty first choice with that text."""
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(member.value, member.label) for member in members]


def show_refusal(form, refusal) -> None:
    """Put a service's `Refusal` next to its field, or above the form."""
    if refusal.field and refusal.field in form:
        form[refusal.field].errors.append(str(refusal))
    else:
        form.form_errors.append(str(refusal))


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def committed(form, change) -> bool:
    """Run `change()`; on a `Refusal` roll back and show it on `form`, or flash it when `form`
    is None (an action with no page of its own), and return False; else commit (True). The
    one boundary where a view's write is kept or dropped."""
    try:
        change()
    except Refusal as refusal:
        db.session.rollback()
        if form is None:
            flash(str(refusal), "error")
        else:
            show_refusal(form, refusal)
        return False
    db.session.commit()
    return True


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
