"""The forms of venues, screenings (schedule, move, the actions on one) and their guests; the
views set the choices."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from festival.forms import SiteForm, bounded_text, int_or_none, stripped
from festival.programming.scheduling import FIRST, SECOND


class VenueForm(SiteForm):
    name = bounded_text(_l("Name"), 200, validators=[InputRequired(_l("Name the venue."))])
    name_ko = bounded_text(_l("Name in Korean"), 200)
    address = TextAreaField(_l("Address"), filters=[stripped], render_kw={"rows": 2})
    capacity = IntegerField(
        _l("Seats"),
        validators=[
            InputRequired(_l("Enter the number of seats.")),
            NumberRange(min=1, message=_l("Enter at least one seat.")),
        ],
    )
    changeover_minutes = IntegerField(
        _l("Changeover (minutes between two screenings)"),
        default=15,
        validators=[
            InputRequired(_l("Enter the changeover in minutes.")),
            NumberRange(min=0, max=240, message=_l("Enter 0 to 240 minutes.")),
        ],
    )
    closed_on = TextAreaField(
        _l("Closed on"),
        description=_l("One date a line, as 2027-07-10, on the edition's clock."),
        filters=[stripped],
        render_kw={"rows": 3},
    )

    def validate_closed_on(self, field) -> None:
        try:
            self.closed_days = [date.fromisoformat(line.strip()) for line in _lines(field.data)]
        except ValueError as error:
            raise ValidationError(_l("Write each date as 2027-07-10, one a line.")) from error

    def settings(self) -> dict:
        return {
            "name": self.name.data,
            "name_ko": self.name_ko.data or "",
            "address": self.address.data or "",
            "capacity": self.capacity.data,
            "changeover_minutes": self.changeover_minutes.data,
            "closed_on": self.closed_days,
        }


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


OCCURRENCES = [
    SelectChoice("", _l("It happens once")),
    SelectChoice(str(FIRST), _l("The first time (before the clocks go back)")),
    SelectChoice(str(SECOND), _l("The second time (after the clocks go back)")),
]


OCCURRENCE_OF = {str(FIRST): FIRST, str(SECOND): SECOND}


class PlacementFields:
    """Where and when: shared by scheduling and moving."""

    venue_id = SelectField(_l("Venue"), coerce=int_or_none, validate_choice=False)
    day = DateField(_l("Day"), validators=[InputRequired(_l("Choose the day."))])
    at = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the start time."))])
    occurrence = SelectField(
        _l("If the clocks go back that night and the time happens twice"),
        choices=OCCURRENCES,
        validate_choice=False,
    )
    save_anyway = BooleanField(_l("Save anyway"))

    def placement(self) -> dict:
        return {
            "day": self.day.data,
            "at": self.at.data,
            "occurrence": OCCURRENCE_OF.get(self.occurrence.data),
        }


class ScheduleForm(PlacementFields, SiteForm):
    block_id = SelectField(_l("Block"), coerce=int_or_none, validate_choice=False)
    submission_id = SelectField(_l("Or a single film"), coerce=int_or_none, validate_choice=False)
    note = StringField(_l("Note for the team"), filters=[stripped], validators=[Optional()])


class RevisionForm(SiteForm):
    """An action on a screening as it was shown (`revision`): confirm, cancel, delete."""

    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class MoveForm(PlacementFields, RevisionForm):
    pass


class GuestForm(RevisionForm):
    user_id = SelectField(_l("Guest"), coerce=int_or_none, validate_choice=False)
