from enum import StrEnum

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class ScreenerState(LabelledEnum):
    """A screener version's way from the last uploaded byte to a preview."""

    QUEUED = "queued", _l("Waiting to be processed")
    PROBING = "probing", _l("Checking the file")
    TRANSCODING = "transcoding", _l("Making previews")
    READY = "ready", _l("Ready")
    REJECTED = "rejected", _l("Rejected")
    FAILED = "failed", _l("Failed")


FINISHED_STATES = frozenset({ScreenerState.READY, ScreenerState.REJECTED, ScreenerState.FAILED})


class AssetKind(StrEnum):
    PREVIEW_720 = "preview_720"
    PREVIEW_360 = "preview_360"
    POSTER = "poster"
    STORYBOARD = "storyboard"
    STORYBOARD_VTT = "storyboard_vtt"


class UploadState(StrEnum):
    RECEIVING = "receiving"
    COMPLETE = "complete"
    TERMINATED = "terminated"
    EXPIRED = "expired"
