"""Form fields WTForms lacks, shared by every domain's forms."""

from wtforms import SelectMultipleField, widgets


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one per choice, rendered inside a fieldset."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
