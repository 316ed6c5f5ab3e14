"""Form fields WTForms lacks, shared by every domain's forms."""

from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice


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
