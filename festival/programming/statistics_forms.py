"""The form that publishes or takes down the AI-use statistics."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import AnyOf

from festival.forms import SiteForm


class PublishStatisticsForm(SiteForm):
    """`published` is "1" to publish, "0" to take down: saying which, a stale page cannot
    undo another tab's choice by toggling."""

    published = HiddenField(validators=[AnyOf(("0", "1"))])
