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


class RejectionCode(LabelledEnum):
    """Why a screener version was refused (or failed), stored as the code with its numbers;
    the label is the sentence a filmmaker reads, rendered in the reader's language when shown
    (`message`). Placeholders in a label are filled from the version's stored parameters."""

    EMPTY = "empty", _l("The file is empty.")
    NOT_A_FILE = "not_a_file", _l("This is not a regular file.")
    PLAYLIST = (
        "playlist",
        _l(
            "This is a playlist or a list of other files, not a video. "
            "Please upload the film itself."
        ),
    )
    TEXT = "text", _l("This is a text file, not a video.")
    IMAGE = "image", _l("This is a still image, not a video.")
    AUDIO_ONLY = (
        "audio_only",
        _l("This file has sound but no picture. Please upload the film with its picture."),
    )
    CONTAINER = (
        "container",
        _l("This kind of file is not accepted. Please export the film as %(containers)s."),
    )
    UNREADABLE = (
        "unreadable",
        _l(
            "This file could not be read as a video. "
            "It may be damaged, or of a kind we do not accept."
        ),
    )
    NO_VIDEO = "no_video", UNREADABLE[1]
    TRUNCATED = (
        "truncated",
        _l(
            "This file seems incomplete: its index or its length is missing. "
            "Was the export or the upload interrupted?"
        ),
    )
    TOO_MANY_STREAMS = "too_many_streams", _l("This file has too many tracks.")
    TOO_SHORT = "too_short", _l("The film is shorter than one second.")
    FRAME_COUNT = "frame_count", _l("The file declares far more frames than its length can hold.")
    TIMEOUT = "timeout", _l("Reading this file took too long. It may be damaged.")
    TOO_SMALL = "too_small", _l("The picture is too small (%(width)s×%(height)s).")
    TOO_LARGE = (
        "too_large",
        _l("The picture is too large (%(width)s×%(height)s); at most 8K is accepted."),
    )
    FRAME_RATE = (
        "frame_rate",
        _l("The frame rate (%(rate)s fps) is outside what we accept (1 to 120 fps)."),
    )
    TOO_LONG = "too_long", _l("The film is longer than %(hours)s hours.")
    CODEC = (
        "codec",
        _l(
            "The picture is encoded as %(codec)s, which we do not accept. "
            "Please export it as H.264, H.265, ProRes, DNxHD/HR, VP9 or AV1."
        ),
    )
    TRANSCODE_FAILED = (
        "transcode_failed",
        _l("The previews could not be made. The festival has been told: %(error)s"),
    )
    RECORDED = "recorded", "%(text)s"
    """A version refused before codes were kept: the sentence recorded then, as it was."""

    def message(self, params: dict | None = None) -> str:
        """The sentence in the current locale, with the version's numbers filled in."""
        text = str(self.label)
        return text % params if params else text


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
