from __future__ import annotations

from babel.numbers import get_currency_precision
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FloatField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from festival.editions.enums import Container, FrameRate
from festival.editions.models import DEFAULT_SCREENER
from festival.editions.money import is_currency_code, major_units, minor_units
from festival.editions.services import CATEGORY_FIELDS, EDITION_FIELDS
from festival.editions.waivers import normalise_code
from festival.forms import (
    MultiCheckboxField,
    SiteForm,
    at_most,
    enum_choices,
    stripped,
    time_zone,
)

MAX_FEE = 10_000_000
MAX_TEXT = 20_000


def _currency(form, field):
    if not is_currency_code(field.data):
        raise ValidationError(_l("Enter a three-letter currency code, e.g. KRW or USD."))


def _at_least_one(message):
    def check(form, field):
        if not field.data:
            raise ValidationError(message)

    return check


def _pixels(label, default: int):
    return IntegerField(
        label,
        default=default,
        validators=[
            InputRequired(message=_l("Enter a number of pixels.")),
            NumberRange(min=16, max=16384, message=_l("Enter 16 to 16384 pixels.")),
        ],
    )


class EditionForm(SiteForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Enter the edition's name.")), Length(max=200)],
        filters=[stripped],
    )
    year = IntegerField(
        _l("Year"),
        validators=[
            InputRequired(message=_l("Enter the festival year.")),
            NumberRange(min=2000, max=2100, message=_l("Enter a year from 2000 to 2100.")),
        ],
    )
    slug = StringField(
        _l("Web address"),
        validators=[
            DataRequired(message=_l("Enter a short web address.")),
            at_most(80),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l("Use lower-case letters, digits and single hyphens, e.g. sff-2027."),
            ),
        ],
        filters=[stripped, lambda value: value.lower() if value else value],
        description=_l("The edition's public page is /editions/ followed by this."),
    )
    opens_on = DateField(
        _l("Opens on"),
        validators=[InputRequired(message=_l("Enter the day the call opens."))],
        description=_l("Entries open at the start of this day in the edition's time zone."),
    )
    timezone = StringField(
        _l("Time zone"),
        default="Asia/Seoul",
        validators=[DataRequired(message=_l("Enter a time zone.")), time_zone],
        filters=[stripped],
        render_kw={"list": "time-zone-names", "autocomplete": "off"},
        description=_l("Every deadline ends at midnight in this time zone."),
    )
    currency = StringField(
        _l("Currency"),
        default="KRW",
        validators=[DataRequired(message=_l("Enter a currency code.")), _currency],
        filters=[stripped, lambda value: value.upper() if value else value],
        description=_l("A three-letter ISO code, e.g. KRW or USD."),
    )
    is_published = BooleanField(_l("Published"))
    is_blind_judging = BooleanField(_l("Blind judging"), default=True)
    rules = TextAreaField(
        _l("Rules"), validators=[Length(max=MAX_TEXT)], filters=[stripped], default=""
    )
    disclosure_policy = TextAreaField(
        _l("AI disclosure policy"),
        validators=[Length(max=MAX_TEXT)],
        filters=[stripped],
        default="",
    )
    screener_max_file_gib = IntegerField(
        _l("Largest screener file (GiB)"),
        default=DEFAULT_SCREENER.max_file_gib,
        validators=[
            InputRequired(message=_l("Enter a size in GiB.")),
            NumberRange(min=1, max=1000, message=_l("Enter 1 to 1000 GiB.")),
        ],
    )
    screener_min_width = _pixels(_l("Minimum width (pixels)"), DEFAULT_SCREENER.min_width)
    screener_min_height = _pixels(_l("Minimum height (pixels)"), DEFAULT_SCREENER.min_height)
    screener_max_width = _pixels(_l("Maximum width (pixels)"), DEFAULT_SCREENER.max_width)
    screener_max_height = _pixels(_l("Maximum height (pixels)"), DEFAULT_SCREENER.max_height)
    screener_containers = MultiCheckboxField(
        _l("Accepted containers"),
        choices=enum_choices(Container),
        default=[container.value for container in DEFAULT_SCREENER.containers],
        validators=[_at_least_one(_l("Accept at least one container."))],
    )
    screener_frame_rates = MultiCheckboxField(
        _l("Accepted frame rates"),
        choices=enum_choices(FrameRate),
        default=[rate.value for rate in DEFAULT_SCREENER.frame_rates],
        validators=[_at_least_one(_l("Accept at least one frame rate."))],
    )
    screener_loudness_lufs = FloatField(
        _l("Loudness target (LUFS)"),
        default=DEFAULT_SCREENER.loudness_lufs,
        validators=[
            InputRequired(message=_l("Enter a loudness in LUFS.")),
            NumberRange(min=-70, max=0, message=_l("Enter a loudness from -70 to 0 LUFS.")),
        ],
    )
    screener_loudness_tolerance_lu = FloatField(
        _l("Loudness tolerance (LU, either way)"),
        default=DEFAULT_SCREENER.loudness_tolerance_lu,
        validators=[
            InputRequired(message=_l("Enter a tolerance in LU.")),
            NumberRange(min=0, max=20, message=_l("Enter 0 to 20 LU.")),
        ],
    )

    def settings(self) -> dict:
        return {name: self[name].data for name in EDITION_FIELDS}


class CategoryForm(SiteForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Enter the category's name.")), Length(max=200)],
        filters=[stripped],
    )
    name_ko = StringField(
        _l("Name in Korean"),
        validators=[Length(max=200)],
        filters=[stripped],
        default="",
        description=_l("Optional. Readers in Korean see it; without it, the name."),
    )
    description = TextAreaField(
        _l("Description"), validators=[Length(max=MAX_TEXT)], filters=[stripped], default=""
    )
    max_runtime_minutes = IntegerField(
        _l("Maximum runtime (minutes)"),
        validators=[
            InputRequired(message=_l("Enter the longest runtime in minutes.")),
            NumberRange(min=1, max=1000, message=_l("Enter 1 to 1000 minutes.")),
        ],
    )
    min_runtime_minutes = IntegerField(
        _l("Minimum runtime (minutes)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=1000, message=_l("Enter 1 to 1000 minutes.")),
        ],
        description=_l("Leave empty when the category sets no minimum."),
    )
    min_ai_share_percent = IntegerField(
        _l("Minimum AI-generated share (%)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Enter a share from 0 to 100.")),
        ],
        description=_l("Leave empty when the category sets no minimum."),
    )

    def fields(self) -> dict:
        return {name: self[name].data for name in CATEGORY_FIELDS}


class DeadlineForm(SiteForm):
    """A fee tier; the fee is typed in the edition's currency and kept in its minor units."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Enter a name, e.g. Early.")), Length(max=100)],
        filters=[stripped],
    )
    last_day_on = DateField(
        _l("Last day"), validators=[InputRequired(message=_l("Enter the deadline's last day."))]
    )
    fee = DecimalField(
        _l("Fee"),
        places=None,
        validators=[
            InputRequired(message=_l("Enter the fee; 0 for free.")),
            NumberRange(min=0, max=MAX_FEE, message=_l("Enter 0 to 10,000,000.")),
        ],
    )

    def __init__(self, *args, currency: str, obj=None, **kwargs):
        if obj is not None:  # a stored deadline shows its fee in major units
            kwargs.setdefault("fee", major_units(obj.fee_cents, currency))
        super().__init__(*args, obj=obj, **kwargs)
        self.currency = currency
        self.fee.label.text = _l("Fee (%(currency)s)", currency=currency)

    def validate_fee(self, field):
        if field.data is None:  # not a number: the field has said so already
            return
        try:
            minor_units(field.data, self.currency)
        except ValueError:
            digits = get_currency_precision(self.currency)
            if digits == 0:
                raise ValidationError(
                    _l(
                        "Enter a whole amount: %(currency)s has no smaller unit.",
                        currency=self.currency,
                    )
                ) from None
            raise ValidationError(
                _l("Use at most %(digits)d decimal places.", digits=digits)
            ) from None

    def fields(self) -> dict:
        return {
            "name": self.name.data,
            "last_day_on": self.last_day_on.data,
            "fee_cents": minor_units(self.fee.data, self.currency),
        }


def _uses_left_field():
    return IntegerField(
        _l("Uses left"),
        validators=[
            InputRequired(message=_l("Enter how many more times the code may be used.")),
            NumberRange(min=0, max=100_000, message=_l("Enter 0 to 100,000.")),
        ],
    )


class WaiverCodeForm(SiteForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter a code.")),
            Length(min=3, max=40, message=_l("Use 3 to 40 characters.")),
            Regexp(
                r"^[A-Z0-9][A-Z0-9_-]*$",
                message=_l("Use Latin letters, digits, hyphens and underscores."),
            ),
        ],
        filters=[lambda value: normalise_code(value) if value else value],
        description=_l("Filmmakers may type it in any case."),
    )
    uses_left = _uses_left_field()

    def fields(self) -> dict:
        return {"code": self.code.data, "uses_left": self.uses_left.data}


class WaiverUsesForm(SiteForm):
    uses_left = _uses_left_field()

    def fields(self) -> dict:
        return {"uses_left": self.uses_left.data}
