"""A page's own form run over a JSON body, so the API refuses what the page refuses, with
the page's messages: `validated(FilmForm, body)` fills the form as a browser would have posted
it and validates it (no CSRF: the caller is a token); its errors become a 422 problem with
the same messages, by dotted field path (`credits.0.name`)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField

from festival.api.problems import NON_FIELD, Problem


def validated(form_class, body: dict, **form_arguments):
    """The form `form_class` filled from `body` and validated; raises a 422 `Problem`."""
    form = form_class(
        formdata=MultiDict(posted_fields(body)), meta={"csrf": False}, **form_arguments
    )
    if not form.validate():
        raise Problem(422, slug="invalid", errors=field_errors(form))
    return form


def field_errors(form, path: str = "") -> dict[str, list[str]]:
    """Every message on the form's fields, by dotted path. Read from the fields themselves:
    a form's `errors` is computed once, and some forms add messages after (the disclosure's
    segment times)."""
    found: dict[str, list[str]] = {}
    if form.form_errors:
        found[path or NON_FIELD] = [str(message) for message in form.form_errors]
    for name, field in form._fields.items():
        at = f"{path}.{name}" if path else name
        if isinstance(field, FormField):
            found |= field_errors(field.form, at)
        elif isinstance(field, FieldList):
            own = [message for message in field.errors if not isinstance(message, dict | list)]
            if own:
                found[at] = [str(message) for message in own]
            for index, entry in enumerate(field.entries):
                if isinstance(entry, FormField):
                    found |= field_errors(entry.form, f"{at}.{index}")
                elif entry.errors:
                    found[f"{at}.{index}"] = [str(message) for message in entry.errors]
        elif field.errors:
            found[at] = [str(message) for message in field.errors]
    return found


def posted_fields(value, name: str = "") -> list[tuple[str, str]]:
    """`value` as the (name, value) pairs a browser posts for WTForms: nested objects and
    lists of objects as `credits-0-name`, lists of plain values as repeated names, true as a
    ticked box (false and null as nothing sent)."""
    if isinstance(value, dict):
        return [
            pair
            for key, item in value.items()
            for pair in posted_fields(item, f"{name}-{key}" if name else key)
        ]
    if isinstance(value, list):
        if any(isinstance(item, dict | list) for item in value):
            return [
                pair
                for index, item in enumerate(value)
                for pair in posted_fields(item, f"{name}-{index}")
            ]
        return [pair for item in value for pair in posted_fields(item, name)]
    if value is None or value is False:
        return []
    if value is True:
        return [(name, "y")]
    return [(name, str(value))]
