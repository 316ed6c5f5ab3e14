from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ScreenerState(StrEnum):
    """A screener version's way from the last uploaded byte to a preview."""

    QUEUED = "queued"
    PROBING = "probing"
    TRANSCODING = "transcoding"
    READY = "ready"
    REJECTED = "rejected"
    FAILED = "failed"

    @property
    def label(self):
        return STATE_LABELS[self]


STATE_LABELS = {
    ScreenerState.QUEUED: _l("Waiting to be processed"),
    ScreenerState.PROBING: _l("Checking the file"),
    ScreenerState.TRANSCODING: _l("Making previews"),
    ScreenerState.READY: _l("Ready"),
    ScreenerState.REJECTED: _l("Rejected"),
    ScreenerState.FAILED: _l("Failed"),
}

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
