"""The forms of decisions, their release, the notification texts, a filmmaker's attendance
and the desk's bulk action; the views set the choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from festival.accounts.enums import STAFF_ROLES
from festival.accounts.models import User, UserRole
from festival.editions.models import Edition
from festival.extensions import db
from festival.forms import SiteForm, enum_choices, int_or_none, stripped
from festival.judging.models import Round
from festival.programming.bulk import BulkAction
from festival.programming.decisions import MAX_GUESTS, RELEASE_STATUSES
from festival.programming.models.programme import Block
from festival.submissions import services as submission_services
from festival.submissions.enums import SubmissionStatus
from festival.submissions.workflow import MAX_REASON


class BulkForm(SiteForm):
    """The desk's bulk action and its parameters; the chosen ids (`submission_ids`) and what
    the desk showed of each (`seen-<id>`) are read by the view."""

    action = SelectField(_l("With the chosen entries"), choices=enum_choices(BulkAction))
    status = SelectField(_l("New status"), coerce=str, validate_choice=False)
    reason = StringField(_l("Reason"), filters=[stripped])
    tags = StringField(_l("Tags to add"), filters=[stripped])
    round_id = SelectField(_l("Round"), coerce=int_or_none, validate_choice=False)
    block_id = SelectField(_l("Programme block"), coerce=int_or_none, validate_choice=False)
    programmer_id = SelectField(_l("Programmer"), coerce=int_or_none, validate_choice=False)
    outcome_id = SelectField(_l("Decision"), coerce=int_or_none, validate_choice=False)
    feedback_shared = BooleanField(_l("Share the jury's notes to the filmmaker"))

    def set_choices(self, edition: Edition) -> None:
        blank = SelectChoice("", _l("Choose…"))
        self.status.choices = enum_choices(SubmissionStatus, blank=_l("Choose…"))
        self.round_id.choices = [blank] + [
            SelectChoice(r.id, r.name)
            for r in db.session.scalars(
                db.select(Round).where(Round.edition_id == edition.id).order_by(Round.id)
            )
        ]
        self.block_id.choices = [blank] + [
            SelectChoice(b.id, b.display_title())
            for b in db.session.scalars(
                db.select(Block).where(Block.edition_id == edition.id).order_by(Block.title)
            )
        ]
        self.programmer_id.choices = [blank] + [
            SelectChoice(user.id, user.name) for user in staff_people()
        ]
        self.outcome_id.choices = [blank] + [
            SelectChoice(o.id, o.name) for o in submission_services.outcomes_of(edition)
        ]


def staff_people() -> list[User]:
    return db.session.scalars(
        db.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(STAFF_ROLES), User.is_active.is_(True))
        .distinct()
        .order_by(User.name)
    ).all()


def bulk_form(edition: Edition) -> BulkForm:
    """The bulk form with the edition's choices: a template global, so the desk's page can
    include `programming/_bulk_form.html` inside its selection form."""
    form = BulkForm(formdata=None)
    form.set_choices(edition)
    return form


class OutcomeStatusForm(SiteForm):
    status = SelectField(
        _l("Status at release"),
        choices=enum_choices(RELEASE_STATUSES, blank=_l("Unchanged")),
    )


class MessageForm(SiteForm):
    subject = StringField(_l("Subject"), validators=[InputRequired(_l("Write the subject."))])
    body = TextAreaField(
        _l("Message"),
        validators=[InputRequired(_l("Write the message."))],
        render_kw={"rows": 14},
    )


class ScheduleForm(SiteForm):
    release_at = DateTimeLocalField(
        _l("Release at"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(message=_l("Enter when to release the decisions."))],
    )


class AttendanceForm(SiteForm):
    attending = RadioField(
        _l("Will you attend the screening?"),
        choices=[
            SelectChoice("yes", _l("Yes, I will attend")),
            SelectChoice("no", _l("No, I cannot attend")),
        ],
        validators=[InputRequired(message=_l("Say whether you will attend."))],
    )
    guests = IntegerField(
        _l("Guests with you"),
        default=0,
        validators=[
            Optional(),
            NumberRange(
                min=0, max=MAX_GUESTS, message=_l("Enter 0 to %(count)d.", count=MAX_GUESTS)
            ),
        ],
    )
    note = TextAreaField(
        _l("Note to the festival"), filters=[stripped], render_kw={"maxlength": MAX_REASON * 2}
    )
    screening_copy_id = SelectField(_l("Screening copy"), coerce=int_or_none, validate_choice=False)
