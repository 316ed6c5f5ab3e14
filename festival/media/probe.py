"""The hardened probe: what a screener is, or the plain reason it is refused.

Nothing of a file is trusted: not its name, extension or MIME type. Its first bytes are read
here (a text playlist or concat script never reaches ffprobe), ffprobe reads only the local
file, and its answer is held to allow-lists (containers, video codecs) and bounds (dimensions,
duration, frame rate, frame count). The demuxer found is forced on every later ffmpeg run.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import asdict, dataclass, field
from fractions import Fraction

from festival.editions.enums import Container, container_names
from festival.media import ffmpeg
from festival.media.enums import RejectionCode

HEAD_BYTES = 4096

DEMUXERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": "mov",
    "matroska,webm": "matroska",
    "mxf": "mxf",
    "mpegts": "mpegts",
    "mpeg": "mpeg",
    "avi": "avi",
}
"""ffprobe's format_name (exactly) → the demuxer forced with `-f` on later runs."""
ACCEPTED_CONTAINERS = frozenset(container.value for container in Container)
"""What a probed file may be (`ProbeResult.container`): the festival's one list."""

VIDEO_CODECS = frozenset(
    {
        "h264",
        "hevc",
        "prores",
        "dnxhd",
        "mpeg2video",
        "mpeg4",
        "vp8",
        "vp9",
        "av1",
        "ffv1",
        "dvvideo",
        "mjpeg",  # motion JPEG from cameras; a still JPEG never gets here (image demuxers)
        "cfhd",
    }
)

PLAYLIST_FORMATS = frozenset({"hls", "dash", "concat", "ffconcat", "m3u8", "mpd", "sdp", "rtsp"})
AUDIO_FORMATS = frozenset(
    {
        "wav",
        "w64",
        "mp3",
        "flac",
        "aac",
        "ac3",
        "eac3",
        "dts",
        "truehd",
        "ogg",
        "aiff",
        "caf",
        "amr",
        "ape",
        "wv",
        "tta",
        "mlp",
        "au",
    }
)
TEXT_SIGNATURES = (b"#EXTM3U", b"#EXT-X-", b"ffconcat version", b"[playlist]", b"<?xml", b"<MPD")
HDR_TRANSFERS = {"smpte2084": "PQ", "arib-std-b67": "HLG"}
INTERLACED_FIELD_ORDERS = frozenset({"tt", "bb", "tb", "bt"})
AUDIO_LAYOUTS_BY_CHANNELS = {1: "mono", 2: "stereo", 6: "5.1", 8: "7.1"}


class ScreenerRejected(Exception):
    """A file that is not a screener we accept: its `code` and the numbers its sentence names
    (`params`) are stored, the sentence is rendered when shown (`reason`, in the current
    locale); `detail` and `probe_output` (ffprobe's answer, when it ran) are kept for staff."""

    def __init__(self, code: RejectionCode, params: dict | None = None, detail: str = ""):
        super().__init__(str(code))
        self.code = RejectionCode(code)
        self.params = params or {}
        self.detail = detail
        self.probe_output: dict | None = None

    @property
    def reason(self) -> str:
        return self.code.message(self.params)


@dataclass(frozen=True)
class ProbeLimits:
    min_side: int = 16
    max_side: int = 8192
    max_pixels: int = 8192 * 4320
    min_duration_s: float = 1.0
    max_duration_s: float = 6 * 3600.0
    min_fps: float = 1.0
    max_fps: float = 120.0
    max_streams: int = 32
    frame_count_slack: float = 1.5
    timeout_s: float = 30.0


@dataclass(frozen=True)
class VideoStream:
    index: int
    codec: str
    profile: str | None
    width: int
    height: int
    display_width: int
    """Width as shown: after the sample aspect ratio and rotation are applied."""
    display_height: int
    sample_aspect: str
    display_aspect: float
    rotation: int
    """Degrees clockwise (0, 90, 180, 270) the picture is turned for display."""
    avg_frame_rate: str
    r_frame_rate: str
    frame_rate: float
    is_variable_frame_rate: bool
    pix_fmt: str
    bit_depth: int
    color_primaries: str | None
    color_transfer: str | None
    color_space: str | None
    color_range: str | None
    hdr_format: str | None
    field_order: str | None
    nb_frames: int | None

    @property
    def is_hdr(self) -> bool:
        return self.hdr_format is not None

    @property
    def is_interlaced(self) -> bool:
        return self.field_order in INTERLACED_FIELD_ORDERS


@dataclass(frozen=True)
class AudioStream:
    index: int
    codec: str
    channels: int
    channel_layout: str | None
    sample_rate: int | None

    @property
    def layout(self) -> str:
        return self.channel_layout or AUDIO_LAYOUTS_BY_CHANNELS.get(
            self.channels, f"{self.channels} channels"
        )


@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    demuxer: str
    """Forced with `-f` on every later ffmpeg run."""
    container: str
    """One of `editions.enums.Container`, as the edition requirements name them."""
    duration_s: float
    size_bytes: int
    bit_rate: int | None
    video: VideoStream
    audio: tuple[AudioStream, ...] = field(default_factory=tuple)

    @property
    def has_audio(self) -> bool:
        return bool(self.audio)

    def to_dict(self) -> dict:
        return asdict(self)


def probe_screener(path: str | os.PathLike, *, limits: ProbeLimits = ProbeLimits()) -> ProbeResult:
    """Probe `path` or raise `ScreenerRejected`. Only its head is read before ffprobe; a
    refusal after ffprobe ran carries its answer (`probe_output`) for staff."""
    size = _check_file(path)
    _check_head(path)
    info = _ffprobe(path, limits)
    try:
        return _read(info, size, limits)
    except ScreenerRejected as rejected:
        rejected.probe_output = info
        raise


def _read(info: dict, size: int, limits: ProbeLimits) -> ProbeResult:
    fmt = info.get("format") or {}
    format_name = fmt.get("format_name") or ""
    demuxer = _check_format(format_name)
    streams = info.get("streams") or []
    if len(streams) > limits.max_streams:
        raise ScreenerRejected(RejectionCode.TOO_MANY_STREAMS)
    video = _video_stream(streams)
    audio = tuple(_audio_stream(s) for s in streams if s.get("codec_type") == "audio")
    _check_picture(video, limits)
    duration = _duration(fmt, streams, video, limits)
    _check_frame_count(video, duration, limits)
    container = _container(demuxer, fmt, video, audio)
    if container not in ACCEPTED_CONTAINERS:
        raise ScreenerRejected(
            RejectionCode.CONTAINER, {"containers": container_names()}, format_name
        )
    return ProbeResult(
        format_name=format_name,
        demuxer=demuxer,
        container=container,
        duration_s=duration,
        size_bytes=size,
        bit_rate=_int(fmt.get("bit_rate")),
        video=video,
        audio=audio,
    )


def _check_file(path) -> int:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ScreenerRejected(RejectionCode.NOT_A_FILE) from None
    if not stat.S_ISREG(info.st_mode):
        raise ScreenerRejected(RejectionCode.NOT_A_FILE)
    if info.st_size == 0:
        raise ScreenerRejected(RejectionCode.EMPTY)
    return info.st_size


def _check_head(path) -> None:
    with open(path, "rb") as file:
        head = file.read(HEAD_BYTES)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if any(stripped.startswith(signature) for signature in TEXT_SIGNATURES[:4]):
        raise ScreenerRejected(RejectionCode.PLAYLIST)
    if _looks_like_text(head):
        raise ScreenerRejected(RejectionCode.TEXT)


def _looks_like_text(head: bytes) -> bool:
    """Printable UTF-8 with no control bytes: no video container starts like that."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character may be cut at the end of the head.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return all(ch.isprintable() or ch in "\t\r\n\f" for ch in text)


def _ffprobe(path, limits: ProbeLimits) -> dict:
    try:
        return ffmpeg.probe(path, timeout_s=limits.timeout_s)
    except ffmpeg.FFmpegTimeout as error:
        raise ScreenerRejected(RejectionCode.TIMEOUT, None, error.stderr_tail) from None
    except ffmpeg.FFmpegError as error:
        tail = error.stderr_tail
        if "moov atom not found" in tail:
            raise ScreenerRejected(RejectionCode.TRUNCATED, None, tail) from None
        oversized = re.search(r"Picture size (\d+)x(\d+) is invalid", tail)
        if oversized:  # beyond what ffmpeg itself will allocate: a decoding bomb
            width, height = (int(n) for n in oversized.groups())
            raise ScreenerRejected(
                RejectionCode.TOO_LARGE, {"width": width, "height": height}, tail
            ) from None
        raise ScreenerRejected(RejectionCode.UNREADABLE, None, tail) from None


def _check_format(format_name: str) -> str:
    if format_name in DEMUXERS:
        return DEMUXERS[format_name]
    names = set(format_name.split(","))
    if names & PLAYLIST_FORMATS:
        raise ScreenerRejected(RejectionCode.PLAYLIST, None, format_name)
    if any(n.endswith("_pipe") or n in {"image2", "gif", "webp", "apng"} for n in names):
        raise ScreenerRejected(RejectionCode.IMAGE, None, format_name)
    if names & AUDIO_FORMATS:
        raise ScreenerRejected(RejectionCode.AUDIO_ONLY, None, format_name)
    if names & {"tty", "lavfi"}:
        raise ScreenerRejected(RejectionCode.TEXT, None, format_name)
    raise ScreenerRejected(RejectionCode.CONTAINER, {"containers": container_names()}, format_name)


def _video_stream(streams: list[dict]) -> VideoStream:
    candidates = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
    ]
    if not candidates:
        if any(s.get("codec_type") == "audio" for s in streams):
            raise ScreenerRejected(RejectionCode.AUDIO_ONLY)
        raise ScreenerRejected(RejectionCode.NO_VIDEO)
    stream = max(candidates, key=lambda s: (s.get("disposition") or {}).get("default", 0))
    codec = stream.get("codec_name") or "unknown"
    if codec not in VIDEO_CODECS:
        raise ScreenerRejected(RejectionCode.CODEC, {"codec": codec}, codec)
    width, height = _int(stream.get("width")) or 0, _int(stream.get("height")) or 0
    rotation = _rotation(stream)
    sar = _fraction(stream.get("sample_aspect_ratio")) or Fraction(1)
    shown_w, shown_h = round(width * sar), height
    if rotation in (90, 270):
        shown_w, shown_h = shown_h, shown_w
    avg, real = _fraction(stream.get("avg_frame_rate")), _fraction(stream.get("r_frame_rate"))
    rate = avg or real or Fraction(0)
    transfer = stream.get("color_transfer")
    return VideoStream(
        index=int(stream.get("index", 0)),
        codec=codec,
        profile=stream.get("profile"),
        width=width,
        height=height,
        display_width=shown_w,
        display_height=shown_h,
        sample_aspect=str(sar),
        display_aspect=shown_w / shown_h if shown_h else 0.0,
        rotation=rotation,
        avg_frame_rate=str(avg or ""),
        r_frame_rate=str(real or ""),
        frame_rate=float(rate),
        is_variable_frame_rate=bool(avg and real and abs(float(avg) - float(real)) > 0.01),
        pix_fmt=stream.get("pix_fmt") or "",
        bit_depth=_bit_depth(stream),
        color_primaries=stream.get("color_primaries"),
        color_transfer=transfer,
        color_space=stream.get("color_space"),
        color_range=stream.get("color_range"),
        hdr_format=HDR_TRANSFERS.get(transfer or ""),
        field_order=stream.get("field_order"),
        nb_frames=_int(stream.get("nb_frames")),
    )


def _rotation(stream: dict) -> int:
    """Clockwise degrees: the display matrix says counter-clockwise, the old tag clockwise."""
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            return round(-float(side["rotation"])) % 360 // 90 * 90
    tag = (stream.get("tags") or {}).get("rotate")
    return round(float(tag)) % 360 // 90 * 90 if tag else 0


def _bit_depth(stream: dict) -> int:
    raw = _int(stream.get("bits_per_raw_sample"))
    if raw:
        return raw
    match = re.search(r"p(\d{2})(le|be)?$", stream.get("pix_fmt") or "")
    return int(match.group(1)) if match else 8


def _audio_stream(stream: dict) -> AudioStream:
    return AudioStream(
        index=int(stream.get("index", 0)),
        codec=stream.get("codec_name") or "unknown",
        channels=_int(stream.get("channels")) or 0,
        channel_layout=stream.get("channel_layout"),
        sample_rate=_int(stream.get("sample_rate")),
    )


def _check_picture(video: VideoStream, limits: ProbeLimits) -> None:
    if min(video.width, video.height, video.display_width, video.display_height) < limits.min_side:
        raise ScreenerRejected(
            RejectionCode.TOO_SMALL, {"width": video.width, "height": video.height}
        )
    if (
        max(video.width, video.height, video.display_width, video.display_height) > limits.max_side
        or video.width * video.height > limits.max_pixels
    ):
        raise ScreenerRejected(
            RejectionCode.TOO_LARGE, {"width": video.width, "height": video.height}
        )
    if not limits.min_fps <= video.frame_rate <= limits.max_fps:
        rate = f"{video.frame_rate:.3g}"
        raise ScreenerRejected(RejectionCode.FRAME_RATE, {"rate": rate})


def _duration(fmt: dict, streams: list[dict], video: VideoStream, limits: ProbeLimits) -> float:
    duration = _float(fmt.get("duration"))
    if duration is None:
        duration = _float(streams_by_index(streams).get(video.index, {}).get("duration"))
    if duration is None or duration <= 0:
        raise ScreenerRejected(RejectionCode.TRUNCATED)
    if duration < limits.min_duration_s:
        raise ScreenerRejected(RejectionCode.TOO_SHORT)
    if duration > limits.max_duration_s:
        hours = f"{limits.max_duration_s / 3600:g}"
        raise ScreenerRejected(RejectionCode.TOO_LONG, {"hours": hours})
    return duration


def _check_frame_count(video: VideoStream, duration: float, limits: ProbeLimits) -> None:
    """A decoding bomb may declare millions of frames in a few bytes."""
    if video.nb_frames is None:
        return
    if video.nb_frames > duration * limits.max_fps * limits.frame_count_slack + 10:
        raise ScreenerRejected(RejectionCode.FRAME_COUNT)


def _container(demuxer: str, fmt: dict, video: VideoStream, audio) -> str:
    if demuxer == "mov":
        brand = ((fmt.get("tags") or {}).get("major_brand") or "").strip()
        return "mov" if brand == "qt" else "mp4"
    if demuxer == "matroska":
        webm_audio = all(a.codec in {"opus", "vorbis"} for a in audio)
        return "webm" if video.codec in {"vp8", "vp9", "av1"} and webm_audio else "mkv"
    return demuxer


def streams_by_index(streams: list[dict]) -> dict[int, dict]:
    return {int(s.get("index", n)): s for n, s in enumerate(streams)}


def _fraction(value) -> Fraction | None:
    try:
        result = Fraction(str(value).replace(":", "/"))
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    return result if result > 0 else None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
