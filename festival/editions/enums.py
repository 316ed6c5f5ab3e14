from __future__ import annotations

from fractions import Fraction

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class CallState(LabelledEnum):
    """Where a call for entries stands; set only by `editions.schedule.call_state`."""

    DRAFT = "draft", _l("Not published")
    UPCOMING = "upcoming", _l("Opening soon")
    OPEN = "open", _l("Open for entries")
    CLOSED = "closed", _l("Closed")
    ARCHIVED = "archived", _l("Archived")


class Container(LabelledEnum):
    """Screener containers an edition may accept; media QC compares the probed format."""

    MP4 = "mp4", "MP4"
    MOV = "mov", "QuickTime (MOV)"
    MKV = "mkv", "Matroska (MKV)"
    WEBM = "webm", "WebM"
    MXF = "mxf", "MXF"


class FrameRate(LabelledEnum):
    """Screener frame rates, by their usual name; `fraction` is the exact rate."""

    FPS_23_976 = "23.976", _l("%(rate)s fps", rate="23.976")
    FPS_24 = "24", _l("%(rate)s fps", rate="24")
    FPS_25 = "25", _l("%(rate)s fps", rate="25")
    FPS_29_97 = "29.97", _l("%(rate)s fps", rate="29.97")
    FPS_30 = "30", _l("%(rate)s fps", rate="30")
    FPS_48 = "48", _l("%(rate)s fps", rate="48")
    FPS_50 = "50", _l("%(rate)s fps", rate="50")
    FPS_59_94 = "59.94", _l("%(rate)s fps", rate="59.94")
    FPS_60 = "60", _l("%(rate)s fps", rate="60")

    @property
    def fraction(self) -> Fraction:
        return NTSC_RATES.get(self) or Fraction(self.value)


NTSC_RATES = {
    FrameRate.FPS_23_976: Fraction(24000, 1001),
    FrameRate.FPS_29_97: Fraction(30000, 1001),
    FrameRate.FPS_59_94: Fraction(60000, 1001),
}
