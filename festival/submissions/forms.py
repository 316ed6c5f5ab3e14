from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from festival.forms import MultiCheckboxField, SiteForm, enum_choices, int_or_none, stripped
from festival.submissions.enums import SubmissionStatus
from festival.submissions.workflow import MAX_REASON


class SubmitForm(SiteForm):
    """Entering a film in categories of one edition; the view sets the category choices."""

    categories = MultiCheckboxField(_l("Categories"), coerce=int)
    waiver_code = StringField(
        _l("Waiver code (optional)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("A waiver code has at most 40 characters.")),
        ],
        filters=[stripped],
        description=_l("If the festival gave you a code, the entry fee is waived."),
    )

    def validate_categories(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one category."))


def _reason_field(label, **kwargs) -> TextAreaField:
    """The reason a status change gives, as long as `workflow` keeps it."""
    return TextAreaField(
        label,
        validators=[
            Length(
                max=MAX_REASON,
                message=_l("Keep the reason under %(count)d characters.", count=MAX_REASON),
            )
        ],
        filters=[stripped],
        **kwargs,
    )


class StatusForm(SiteForm):
    """A staff status change; the view sets the statuses this submission may move to."""

    status = SelectField(
        _l("New status"),
        coerce=str,
        validators=[DataRequired(message=_l("Choose the new status."))],
    )
    reason = _reason_field(
        _l("Reason"),
        description=_l("Required to disqualify; the filmmaker sees it in their history."),
    )

    def set_targets(self, targets: list[SubmissionStatus]) -> None:
        self.status.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(s.value, s.label) for s in targets
        ]


class WithdrawForm(SiteForm):
    reason = _reason_field(_l("Reason (optional)"))


class SetOutcomeForm(SiteForm):
    outcome_id = SelectField(_l("Judging outcome"), coerce=int_or_none, validate_choice=True)

    def set_outcomes(self, outcomes) -> None:
        self.outcome_id.choices = [SelectChoice(None, _l("No outcome yet"))] + [
            SelectChoice(outcome.id, outcome.display_name()) for outcome in outcomes
        ]


class PaymentForm(SiteForm):
    is_paid = BooleanField(_l("The entry fee is paid"))


class OutcomeForm(SiteForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Enter the outcome's name, e.g. Finalist.")),
            Length(max=100, message=_l("Use at most 100 characters.")),
        ],
        filters=[stripped],
    )
    public_description = TextAreaField(
        _l("What it means"),
        validators=[
            DataRequired(
                message=_l("Say what this outcome means, so filmmakers are never misled.")
            ),
            Length(max=2000, message=_l("Use at most 2,000 characters.")),
        ],
        filters=[stripped],
        description=_l(
            "Shown to filmmakers beside the outcome, e.g. “One of 12 films in the final round”."
        ),
    )
    name_ko = StringField(
        _l("Name in Korean"),
        validators=[Optional(), Length(max=100, message=_l("Use at most 100 characters."))],
        filters=[stripped],
        description=_l("Optional. Filmmakers reading in Korean see it; without it, the name."),
    )
    public_description_ko = TextAreaField(
        _l("What it means, in Korean"),
        validators=[Optional(), Length(max=2000, message=_l("Use at most 2,000 characters."))],
        filters=[stripped],
    )


class FilterForm(SiteForm):
    """The staff list's filters, read from the query string."""

    class Meta:
        csrf = False

    category = SelectField(_l("Category"), coerce=int_or_none, validate_choice=True)
    status = SelectField(_l("Status"), coerce=str, default="", validate_choice=True)

    def set_choices(self, categories) -> None:
        self.category.choices = [SelectChoice(None, _l("All categories"))] + [
            SelectChoice(category.id, category.name) for category in categories
        ]
        self.status.choices = enum_choices(SubmissionStatus, blank=_l("All statuses"))
