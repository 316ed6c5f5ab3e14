from __future__ import annotations

from enum import StrEnum
from fractions import Fraction

from flask_babel import lazy_gettext as _l


class CallState(StrEnum):
    """Where a call for entries stands; set only by `editions.schedule.call_state`."""

    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"

    @property
    def label(self):
        return CALL_STATE_LABELS[self]


CALL_STATE_LABELS = {
    CallState.DRAFT: _l("Not published"),
    CallState.UPCOMING: _l("Opening soon"),
    CallState.OPEN: _l("Open for entries"),
    CallState.CLOSED: _l("Closed"),
    CallState.ARCHIVED: _l("Archived"),
}


class Container(StrEnum):
    """Screener containers an edition may accept; media QC compares the probed format."""

    MP4 = "mp4"
    MOV = "mov"
    MKV = "mkv"
    WEBM = "webm"
    MXF = "mxf"

    @property
    def label(self) -> str:
        return CONTAINER_NAMES[self]


CONTAINER_NAMES = {
    Container.MP4: "MP4",
    Container.MOV: "QuickTime (MOV)",
    Container.MKV: "Matroska (MKV)",
    Container.WEBM: "WebM",
    Container.MXF: "MXF",
}


class FrameRate(StrEnum):
    """Screener frame rates, by their usual name; `fraction` is the exact rate."""

    FPS_23_976 = "23.976"
    FPS_24 = "24"
    FPS_25 = "25"
    FPS_29_97 = "29.97"
    FPS_30 = "30"
    FPS_48 = "48"
    FPS_50 = "50"
    FPS_59_94 = "59.94"
    FPS_60 = "60"

    @property
    def fraction(self) -> Fraction:
        return NTSC_RATES.get(self) or Fraction(self.value)

    @property
    def label(self):
        return _l("%(rate)s fps", rate=self.value)


NTSC_RATES = {
    FrameRate.FPS_23_976: Fraction(24000, 1001),
    FrameRate.FPS_29_97: Fraction(30000, 1001),
    FrameRate.FPS_59_94: Fraction(60000, 1001),
}
