from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from festival.forms import (
    MultiCheckboxField,
    SiteForm,
    SiteSubform,
    enum_choices,
    int_or_none,
    stripped,
)
from festival.judging.enums import DECLARABLE_KINDS, ConflictKind, RoundStage
from festival.judging.rubrics import CriterionDraft
from festival.submissions.enums import OPEN_STATES, SubmissionStatus


class CriterionForm(SiteSubform):
    """One rubric row; a row left entirely empty is dropped."""

    criterion_id = HiddenField(filters=[int_or_none])
    name = StringField(_l("Criterion"), validators=[Length(max=120)], filters=[stripped])
    description = TextAreaField(
        _l("Description shown to reviewers"),
        validators=[Length(max=1000)],
        filters=[stripped],
        render_kw={"rows": 2},
    )
    weight = FloatField(
        _l("Weight (%)"),
        validators=[Optional(), NumberRange(min=0, max=1000, message=_l("Enter 0 to 1000."))],
    )
    scale_min = IntegerField(
        _l("Lowest score"),
        default=1,
        validators=[Optional(), NumberRange(min=-100, max=100, message=_l("Enter -100 to 100."))],
    )
    scale_max = IntegerField(
        _l("Highest score"),
        default=10,
        validators=[Optional(), NumberRange(min=-100, max=100, message=_l("Enter -100 to 100."))],
    )
    labels = StringField(
        _l("Words for the values (optional)"),
        validators=[Length(max=500)],
        filters=[stripped],
        description=_l("From the lowest up, separated by commas, e.g. No, Maybe, Yes."),
    )

    @property
    def is_blank(self) -> bool:
        return not (self.name.data or self.description.data)

    def validate_name(self, field):
        if not field.data and not self.is_blank:
            raise ValidationError(_l("Name the criterion, or empty the whole row."))

    def validate_weight(self, field):
        if not self.is_blank and field.data is None:
            raise ValidationError(_l("Give the criterion a weight."))

    def validate_scale_max(self, field):
        if self.is_blank:
            return
        if self.scale_min.data is None or field.data is None:
            raise ValidationError(_l("Give the lowest and the highest score."))
        if field.data <= self.scale_min.data:
            raise ValidationError(_l("The highest score must be above the lowest."))
        if field.data - self.scale_min.data > 100:
            raise ValidationError(_l("Use a scale of at most 100 steps."))

    def validate_labels(self, field):
        words = self.words()
        size = (self.scale_max.data or 0) - (self.scale_min.data or 0) + 1
        if words and len(words) != size:
            raise ValidationError(
                _l("Give one word for each of the %(count)d values, or none.", count=size)
            )

    def words(self) -> tuple[str, ...]:
        return tuple(w.strip() for w in (self.labels.data or "").split(",") if w.strip())

    def draft(self) -> CriterionDraft:
        return CriterionDraft(
            id=self.criterion_id.data,
            name=self.name.data,
            description=self.description.data or "",
            weight=float(self.weight.data or 0),
            scale_min=self.scale_min.data,
            scale_max=self.scale_max.data,
            labels=self.words(),
        )


class RoundForm(SiteForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Name the round.")), Length(max=200)],
        filters=[stripped],
        description=_l("E.g. First screening, or Jury: AI Short."),
    )
    stage = SelectField(_l("Kind of round"), choices=enum_choices(RoundStage))
    opens_at = DateTimeLocalField(
        _l("Opens"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(message=_l("Enter when the round opens."))],
    )
    closes_at = DateTimeLocalField(
        _l("Closes"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(message=_l("Enter when the round closes."))],
    )
    reviews_per_film = IntegerField(
        _l("Reviews each film needs"),
        default=3,
        validators=[
            InputRequired(message=_l("Enter a number of reviews.")),
            NumberRange(min=1, max=50, message=_l("Enter 1 to 50.")),
        ],
    )
    is_blind = BooleanField(_l("Blind: reviewers do not see who made the films"), default=True)
    is_open_screening = BooleanField(
        _l("Open screening: every programmer of the round may rate every film"),
        description=_l("Screening rounds only. Otherwise each film goes to assigned programmers."),
    )
    category_ids = MultiCheckboxField(
        _l("Categories"),
        coerce=int,
        description=_l("Leave all unticked to cover every category."),
    )
    statuses = MultiCheckboxField(
        _l("Submissions with the status"),
        choices=enum_choices(
            s for s in SubmissionStatus if s in OPEN_STATES - {SubmissionStatus.DRAFT}
        ),
    )
    min_watched_percent = IntegerField(
        _l("Flag reviews given after watching less than (%)"),
        default=80,
        validators=[
            InputRequired(message=_l("Enter a percentage.")),
            NumberRange(min=0, max=100, message=_l("Enter 0 to 100.")),
        ],
    )
    instructions = TextAreaField(
        _l("Instructions for reviewers"), validators=[Length(max=5000)], filters=[stripped]
    )
    criteria = FieldList(FormField(CriterionForm), min_entries=1)

    def drafts(self) -> list[CriterionDraft]:
        return [row.form.draft() for row in self.criteria if not row.form.is_blank]


class StartFromForm(SiteForm):
    class Meta:
        csrf = False

    template = SelectField(_l("Start from a rubric template"), validate_choice=False)
    copy = SelectField(_l("…or copy the rubric of an earlier round"), validate_choice=False)


class MembersForm(SiteForm):
    members = MultiCheckboxField(_l("Members"), coerce=int)


class MemberForm(SiteForm):
    cap = IntegerField(
        _l("Most films"),
        validators=[Optional(), NumberRange(min=0, max=10000, message=_l("Enter 0 or more."))],
        description=_l("Leave empty for no limit."),
    )
    preferred = MultiCheckboxField(_l("Prefers"), coerce=int)


class ApplyForm(SiteForm):
    fingerprint = HiddenField(validators=[DataRequired()])


class ReasonForm(SiteForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[
            Length(max=500, message=_l("Keep the reason under %(count)d characters.", count=500))
        ],
        filters=[stripped],
    )


class AddReviewerForm(SiteForm):
    reviewer_id = SelectField(_l("Add a reviewer"), coerce=int_or_none, validate_choice=False)

    def validate_reviewer_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a reviewer."))


class ReviewForm(SiteForm):
    """Comments and the revision; the scores come as `score-<criterion id>` fields."""

    comment = TextAreaField(
        _l("Comment to the festival"),
        validators=[Length(max=10_000)],
        description=_l("Only festival staff read it."),
    )
    note_to_filmmaker = TextAreaField(
        _l("Note to the filmmaker (optional)"),
        validators=[Length(max=10_000)],
        description=_l("The festival may pass it on, without your name."),
    )
    revision = HiddenField(filters=[int_or_none])


class ScreeningForm(SiteForm):
    tags = StringField(
        _l("Tags"),
        filters=[stripped],
        description=_l("Separated by commas, e.g. horror, strong-vfx."),
        render_kw={"list": "known-tags", "autocomplete": "off"},
    )
    note = TextAreaField(
        _l("Private note"),
        validators=[Length(max=5000)],
        description=_l("Every programmer reads it; never the filmmaker or the jury."),
        render_kw={"rows": 3},
    )
    revision = HiddenField(filters=[int_or_none])


class DeclareConflictForm(SiteForm):
    film_id = SelectField(_l("Film"), coerce=int_or_none, validate_choice=False)
    kind = SelectField(_l("Kind of conflict"), choices=enum_choices(DECLARABLE_KINDS))
    note = StringField(_l("Note (optional)"), validators=[Length(max=500)], filters=[stripped])

    def validate_film_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the film."))


class ProfileForm(SiteForm):
    affiliations = TextAreaField(
        _l("People and organisations you have a conflict with"),
        validators=[Length(max=5000)],
        filters=[stripped],
        description=_l(
            "One per line: collaborators, family, your company or school. The festival "
            "matches them against each film's credits, so you are never given those films."
        ),
    )


class RecordConflictForm(SiteForm):
    juror_id = SelectField(_l("Reviewer"), coerce=int_or_none, validate_choice=False)
    entry_id = SelectField(_l("Film"), coerce=int_or_none, validate_choice=False)
    kind = SelectField(_l("Kind of conflict"), choices=enum_choices(ConflictKind))
    note = StringField(_l("Note (optional)"), validators=[Length(max=500)], filters=[stripped])
    is_pinned = BooleanField(_l("Pinned: the reviewer cannot lift it"), default=True)

    def validate_juror_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the reviewer."))

    def validate_entry_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the film."))


class ShortlistForm(SiteForm):
    entries = MultiCheckboxField(_l("Films"), coerce=int, validate_choice=False)


class JurorCopyForm(SiteForm):
    """Staff's copy of an entry's words for blind jurors; `judging.juror_copy.save_copy`
    checks the lengths."""

    title = StringField(_l("Title"), filters=[stripped])
    logline = TextAreaField(_l("Logline"), filters=[stripped])
    synopsis = TextAreaField(_l("Synopsis"), filters=[stripped])
    human_statement = TextAreaField(_l("What people did"), filters=[stripped])

    def texts(self) -> dict[str, str]:
        return {
            name: self[name].data or ""
            for name in ("title", "logline", "synopsis", "human_statement")
        }
