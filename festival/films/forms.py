from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from festival.films import iso_codes
from festival.films.enums import CreditRole, Genre
from festival.films.runtime import RuntimeFormatError, format_runtime, parse_runtime
from festival.films.services import FILM_FIELDS, MAX_YEAR, MIN_YEAR, CreditEntry, is_web_url
from festival.forms import (
    MultiCheckboxField,
    SiteForm,
    SiteSubform,
    at_most,
    bounded_text,
    enum_choices,
    stripped,
)

FRAME_RATES = ("23.976", "24", "25", "29.97", "30", "50", "59.94", "60")
MAX_CREDITS = 200
MAX_SYNOPSIS = 10_000


def _optional_email(label, **render_kw) -> StringField:
    return StringField(
        label,
        validators=[
            Optional(),
            Email(message=_l("Enter an email address like name@example.org.")),
            at_most(254),
        ],
        filters=[stripped],
        render_kw={"type": "email", **render_kw},
    )


def _web_address_field(label) -> StringField:
    return bounded_text(
        label, 500, validators=[_web_address], render_kw={"type": "url", "placeholder": "https://"}
    )


def _web_address(form, field):
    if field.data and not is_web_url(field.data):
        raise ValidationError(_l("Enter a web address starting with https:// or http://."))


def _runtime(form, field):
    try:
        form.runtime_s = parse_runtime(field.data)
    except RuntimeFormatError as error:
        raise ValidationError(str(error)) from None


class CreditForm(SiteSubform):
    """One credit row; a row left entirely empty is dropped, not refused."""

    role = SelectField(
        _l("Role"),
        choices=enum_choices(CreditRole),
        default=CreditRole.DIRECTOR.value,
    )
    name = bounded_text(_l("Name"), 200)
    email = _optional_email(_l("Email (optional)"))
    note = bounded_text(
        _l("Note (optional)"),
        200,
        description=_l("E.g. the character, or the tools an AI artist worked with."),
    )

    @property
    def is_blank(self) -> bool:
        return not (self.name.data or self.email.data or self.note.data)

    def validate_name(self, field):
        if not field.data and not self.is_blank:
            raise ValidationError(_l("Enter the name, or empty the whole row to remove it."))

    def entry(self) -> CreditEntry:
        return CreditEntry(
            role=CreditRole(self.role.data),
            name=self.name.data,
            email=self.email.data or None,
            note=self.note.data or "",
        )


class FilmForm(SiteForm):
    title = bounded_text(
        _l("Title"),
        300,
        validators=[DataRequired(message=_l("Enter the film's title."))],
        description=_l("As it should appear in the festival programme."),
    )
    original_title = bounded_text(
        _l("Original title (optional)"),
        300,
        description=_l("In the film's own language and script, e.g. 고요한 바다."),
    )
    romanised_title = bounded_text(
        _l("Romanised title (optional)"),
        300,
        description=_l("The original title in Latin letters, e.g. Goyohan Bada."),
    )
    logline = bounded_text(
        _l("Logline"),
        500,
        field_class=TextAreaField,
        description=_l("One or two sentences, at most 500 characters."),
        render_kw={"rows": 3, "maxlength": 500},
    )
    synopsis = bounded_text(_l("Synopsis"), MAX_SYNOPSIS, field_class=TextAreaField)
    runtime = StringField(
        _l("Runtime"),
        validators=[DataRequired(message=_l("Enter the runtime.")), _runtime],
        filters=[stripped],
        description=_l("Minutes (12), minutes and seconds (12:30) or hours (1:32:10)."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "placeholder": "12:30"},
    )
    frame_rate = SelectField(
        _l("Frame rate (optional)"),
        choices=[SelectChoice("", _l("Not given"))]
        + [SelectChoice(rate, _l("%(rate)s fps", rate=rate)) for rate in FRAME_RATES],
        default="",
        description=_l("Needed to read timecodes with frames (HH:MM:SS:FF) in the disclosure."),
    )
    year = IntegerField(
        _l("Year of completion"),
        validators=[
            InputRequired(message=_l("Enter the year the film was finished.")),
            NumberRange(
                min=MIN_YEAR,
                max=MAX_YEAR,
                message=_l("Enter a year from %(min)s to %(max)s."),
            ),
        ],
        render_kw={"inputmode": "numeric"},
    )
    countries = SelectMultipleField(
        _l("Countries of production"),
        description=_l("Choose one or more; on a computer, hold Ctrl or ⌘ to choose several."),
        render_kw={"size": 8},
    )
    languages = SelectMultipleField(
        _l("Languages"),
        description=_l("Spoken or written in the film. Choose one or more."),
        render_kw={"size": 8},
    )
    genres = MultiCheckboxField(
        _l("Genres"),
        choices=enum_choices(Genre),
    )
    credits = FieldList(FormField(CreditForm), min_entries=1)
    contact_name = bounded_text(_l("Contact name"), 200)
    contact_email = _optional_email(_l("Contact email"), autocomplete="email")
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[
            Optional(),
            Regexp(
                r"^\+?[0-9][0-9 ().-]{4,30}$",
                message=_l("Enter digits, spaces and + ( ) - only, e.g. +82 2 123 4567."),
            ),
        ],
        filters=[stripped],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    trailer_url = _web_address_field(_l("Trailer link"))
    website_url = _web_address_field(_l("Website"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.runtime_s: int | None = None
        self.countries.choices = [SelectChoice(c, n) for c, n in iso_codes.country_choices()]
        self.languages.choices = [SelectChoice(c, n) for c, n in iso_codes.language_choices()]
        self.countries.pre_validate = _known_choices(
            _l("Choose countries from the list."), self.countries
        )
        self.languages.pre_validate = _known_choices(
            _l("Choose languages from the list."), self.languages
        )

    @classmethod
    def for_film(cls, film, **kwargs) -> FilmForm:
        """The form filled from `film`, or from the submitted data when there is some."""
        return cls(obj=film, runtime=format_runtime(film.runtime_s), **kwargs)

    def validate_credits(self, field):
        if len(field.entries) > MAX_CREDITS:
            raise ValidationError(_l("Enter at most %(count)d credits.", count=MAX_CREDITS))

    def settings(self) -> dict:
        values = {name: self[name].data for name in FILM_FIELDS if name in self}
        return {**values, "runtime_s": self.runtime_s}

    def credit_entries(self) -> list[CreditEntry]:
        return [row.form.entry() for row in self.credits if not row.form.is_blank]


def _known_choices(message, field):
    """Refuse codes not in the list with our message, instead of WTForms' generic one."""

    def check(form):
        known = {choice.value for choice in field.choices}
        if any(value not in known for value in field.data or ()):
            raise ValidationError(message)

    return check


class ImageUploadForm(SiteForm):
    file = FileField(
        _l("Image file"),
        validators=[FileRequired(message=_l("Choose an image file to upload."))],
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
