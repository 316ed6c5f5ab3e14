"""The desk's forms: saving, renaming and deleting a view. The filter itself is a GET form
read by `desk.parse_filters`, so a URL carries it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from festival.forms import SiteForm
from festival.programming.saved_views import MAX_NAME


class SaveViewForm(SiteForm):
    name = StringField(
        _l("Name of the view"),
        validators=[DataRequired(_l("Give the view a name.")), Length(max=MAX_NAME)],
    )
    is_shared = BooleanField(_l("Share with the festival's staff"))
    query = HiddenField()


class DeleteViewForm(SiteForm):
    """Only the CSRF token: the view is in the URL."""
