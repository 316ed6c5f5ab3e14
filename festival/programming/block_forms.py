"""The forms of programme blocks: a block's settings, and the revision every change of its
films carries (a page read before another tab's change is refused)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from festival.editions.models import Edition
from festival.forms import SiteForm, bounded_text, int_or_none
from festival.programming.blocks import BlockSettings
from festival.programming.models.programme import Block

MAX_TEXT = 10_000


def _minutes(label, default: int, most: int):
    return IntegerField(
        label,
        default=default,
        validators=[
            InputRequired(message=_l("Enter a number of minutes.")),
            NumberRange(min=0, max=most, message=_l("Enter 0 to %(most)d minutes.", most=most)),
        ],
    )


class RevisionForm(SiteForm):
    """The revision of the block the page was read at."""

    revision = HiddenField(filters=[int_or_none])


class BlockForm(RevisionForm):
    title = bounded_text(
        _l("Title"), 200, validators=[DataRequired(message=_l("Give the block a title."))]
    )
    title_ko = bounded_text(_l("Title in Korean"), 200)
    description = bounded_text(
        _l("Description"), MAX_TEXT, field_class=TextAreaField, render_kw={"rows": 4}
    )
    description_ko = bounded_text(
        _l("Description in Korean"), MAX_TEXT, field_class=TextAreaField, render_kw={"rows": 4}
    )
    category_id = SelectField(_l("Category"), coerce=int_or_none, validate_choice=False)
    section = bounded_text(
        _l("Section"),
        200,
        description=_l("The section it is published under; empty: its category's name."),
    )
    section_ko = bounded_text(_l("Section in Korean"), 200)
    intro_minutes = _minutes(_l("Introduction (minutes)"), 5, 240)
    gap_minutes = _minutes(_l("Gap between films (minutes)"), 1, 60)
    qa_minutes = _minutes(_l("Q&A (minutes)"), 0, 240)
    slot_minutes = IntegerField(
        _l("Slot (minutes)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=24 * 60, message=_l("Enter 1 to 1440 minutes.")),
        ],
        description=_l("The time the block has in the schedule; the page warns past it."),
    )

    def set_choices(self, edition: Edition) -> None:
        self.category_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(category.id, category.display_name()) for category in edition.categories
        ]

    def fill(self, block: Block) -> None:
        for name in BlockSettings.__dataclass_fields__:
            self[name].data = getattr(block, name)
        self.revision.data = block.revision

    def settings(self) -> BlockSettings:
        return BlockSettings(
            title=self.title.data,
            title_ko=self.title_ko.data or "",
            description=self.description.data or "",
            description_ko=self.description_ko.data or "",
            category_id=self.category_id.data,
            section=self.section.data or "",
            section_ko=self.section_ko.data or "",
            intro_minutes=self.intro_minutes.data,
            gap_minutes=self.gap_minutes.data,
            qa_minutes=self.qa_minutes.data,
            slot_minutes=self.slot_minutes.data,
        )


class AddFilmForm(RevisionForm):
    submission_id = HiddenField(filters=[int_or_none])
