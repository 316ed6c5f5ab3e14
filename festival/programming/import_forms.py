"""The forms of the FilmFreeway import: the upload, the mapping (one choice per FilmFreeway
category and status found in the file) and the apply button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from festival.forms import SiteForm
from festival.programming.importing import REFUSE, Mapping
from festival.submissions.enums import SubmissionStatus


class UploadForm(SiteForm):
    file = FileField(
        _l("FilmFreeway submissions export (CSV)"),
        validators=[FileRequired(message=_l("Choose the CSV file FilmFreeway exported."))],
        render_kw={"accept": ".csv,.txt,text/csv"},
    )


class ApplyForm(SiteForm):
    all_or_nothing = BooleanField(_l("Import only if every row is valid"))


def mapping_form(
    edition, categories: list[str], statuses: list[str], mapping: Mapping, formdata=None
):
    """A form with `category_<n>` for each FilmFreeway category and `status_<n>` for each
    status pair, preset from `mapping`; `chosen_mapping(form, ...)` reads it back."""

    class MappingForm(SiteForm):
        pass

    category_choices = [
        SelectChoice("", _l("No match yet (its rows are refused)")),
        SelectChoice(REFUSE, _l("Refuse its rows")),
        *(SelectChoice(str(category.id), category.name) for category in edition.categories),
    ]
    status_choices = [
        SelectChoice(REFUSE, _l("Refuse its rows")),
        *(
            SelectChoice(status.value, status.label)
            for status in SubmissionStatus
            if status is not SubmissionStatus.DRAFT
        ),
    ]
    for n, name in enumerate(categories):
        value = mapping.categories.get(name, "")
        default = REFUSE if value is None else str(value)
        setattr(
            MappingForm,
            f"category_{n}",
            SelectField(name, choices=category_choices, default=default),
        )
    for n, key in enumerate(statuses):
        value = mapping.statuses.get(key)
        setattr(
            MappingForm,
            f"status_{n}",
            SelectField(key, choices=status_choices, default=value.value if value else REFUSE),
        )
    return MappingForm(formdata=formdata)


def chosen_mapping(form, categories: list[str], statuses: list[str]) -> Mapping:
    chosen_categories: dict[str, int | None] = {}
    for n, name in enumerate(categories):
        value = form[f"category_{n}"].data
        if value == REFUSE:
            chosen_categories[name] = None
        elif value:
            chosen_categories[name] = int(value)
    return Mapping(
        categories=chosen_categories,
        statuses={
            key: None
            if form[f"status_{n}"].data == REFUSE
            else SubmissionStatus(form[f"status_{n}"].data)
            for n, key in enumerate(statuses)
        },
    )
