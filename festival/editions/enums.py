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
    """The screener containers the festival accepts, the one list: the probe takes exactly
    these, the upload page names them, its file picker offers their extensions, and a new
    edition accepts them all. An edition may accept fewer; its QC then fails the others."""

    MP4 = "mp4", "MP4"
    MOV = "mov", "QuickTime (MOV)"
    MKV = "mkv", "Matroska (MKV)"
    WEBM = "webm", "WebM"
    MXF = "mxf", "MXF"
    MPEGTS = "mpegts", "MPEG-TS"
    MPEG = "mpeg", "MPEG-PS"
    AVI = "avi", "AVI"


CONTAINER_EXTENSIONS = {
    Container.MP4: (".mp4", ".m4v"),
    Container.MOV: (".mov",),
    Container.MKV: (".mkv",),
    Container.WEBM: (".webm",),
    Container.MXF: (".mxf",),
    Container.MPEGTS: (".ts", ".mts", ".m2ts"),
    Container.MPEG: (".mpg", ".mpeg", ".vob"),
    Container.AVI: (".avi",),
}
"""The file names a picker offers for each container (a hint only: the probe decides)."""


def container_names(containers=tuple(Container)) -> str:
    """ "MP4, QuickTime (MOV), …": the containers as the upload page and a refusal name them."""
    return ", ".join(container.label for container in containers)


def file_picker_accept() -> str:
    """The `accept` attribute of the screener file picker."""
    extensions = (ext for container in Container for ext in CONTAINER_EXTENSIONS[container])
    return ",".join(["video/*", *extensions])


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
