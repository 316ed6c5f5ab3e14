from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from festival.api.tokens.enums import READ_AND_WRITE, READ_ONLY, TokenScope
from festival.forms import SiteForm, bounded_text

ACCESS_CHOICES = {"read": READ_ONLY, "write": READ_AND_WRITE}
EXPIRY_DAYS = (30, 90, 365)


class TokenForm(SiteForm):
    name = bounded_text(
        _l("Name"),
        100,
        validators=[DataRequired(message=_l("Name the token, e.g. the tool that will use it."))],
        description=_l("What uses it, e.g. “Website programme sync”."),
    )
    access = RadioField(
        _l("Access"),
        choices=[
            SelectChoice("read", _l("Read only")),
            SelectChoice("write", _l("Read and write")),
        ],
        default="read",
        validators=[DataRequired(message=_l("Choose what the token may do."))],
        description=_l("Either way the token sees and does only what your account may."),
    )
    expires_in_days = SelectField(
        _l("Expires"),
        choices=[SelectChoice("", _l("Never"))]
        + [SelectChoice(str(days), _l("In %(days)d days", days=days)) for days in EXPIRY_DAYS],
        default="90",
    )

    def scopes(self) -> frozenset[TokenScope]:
        return ACCESS_CHOICES[self.access.data]

    def expiry_days(self) -> int | None:
        return int(self.expires_in_days.data) if self.expires_in_days.data else None


class RevokeForm(SiteForm):
    token_id = HiddenField()
