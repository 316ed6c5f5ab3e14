"""The one ffmpeg pass: decode a screener once, write every preview and measurement.

Graph (built with ffmpeg-python; the numbers come from the probe, not from expressions):

    video ─ [bwdif] ─ fps ─ scale 720 (zscale + tonemap for HDR) ─ split
        ├─ x264 → preview_720.mp4
        ├─ trim ─ fps (20 samples) ─ thumbnail → poster.jpg
        └─ scale 360 ─ split
            ├─ x264 → preview_360.mp4
            ├─ fps 1/N ─ scale to a tile ─ tile 10×10 → storyboard_%03d.jpg
            └─ fps 5 ─ blackdetect ─ freezedetect → null
    audio ─ asplit
        ├─ AAC 128k stereo → preview_720.mp4
        ├─ AAC 96k stereo → preview_360.mp4
        └─ ebur128 (true peak) ─ silencedetect → null

The 360p rung, the storyboard and the QC branch are cut from the 720p frames, so the extras
cost little beside the two encodes. Outputs go to a hidden folder in `work_dir` and are moved
into place only when the process succeeded and each one checks out.
"""

from __future__ import annotations

import errno
import math
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import ffmpeg as ffmpeg_graph

from festival.media import ffmpeg, qc
from festival.media.probe import ProbeResult

PREVIEW_720 = "preview_720.mp4"
PREVIEW_360 = "preview_360.mp4"
POSTER = "poster.jpg"
STORYBOARD_PATTERN = "storyboard_%03d.jpg"
STORYBOARD_VTT = "storyboard.vtt"

STORYBOARD_INTERVALS = ((600, 2), (1800, 3), (3600, 5), (7200, 8), (math.inf, 10))
"""(films up to this many seconds, one tile every so many seconds)."""


@dataclass(frozen=True)
class Rung:
    filename: str
    short_side: int
    crf: int
    maxrate_kbps: int
    audio_kbps: int


@dataclass(frozen=True)
class TranscodeSettings:
    rungs: tuple[Rung, Rung] = (
        Rung(PREVIEW_720, 720, 23, 3000, 128),
        Rung(PREVIEW_360, 360, 26, 900, 96),
    )
    preset: str = "veryfast"
    keyframe_interval_s: float = 2.0
    max_fps: Fraction = Fraction(60)
    poster_samples: int = 20
    tile_box: tuple[int, int] = (160, 90)
    sheet_grid: tuple[int, int] = (10, 10)
    qc_fps: int = 5
    black_min_s: float = 1.0
    black_pixel_threshold: float = 0.10
    silence_noise_db: int = -50
    silence_min_s: float = 1.0
    freeze_noise_db: int = -60
    freeze_min_s: float = 1.0
    timeout_per_source_s: float = 6.0
    min_timeout_s: float = 300.0
    stall_timeout_s: float = 180.0
    memory_limit_bytes: int = ffmpeg.DEFAULT_MEMORY_LIMIT
    nice: int = 10


@dataclass(frozen=True)
class Preview:
    path: Path
    width: int
    height: int
    duration_s: float
    size_bytes: int
    has_audio: bool


@dataclass(frozen=True)
class TranscodeOutputs:
    previews: dict[str, Preview]
    """By file name: preview_720.mp4, preview_360.mp4."""
    poster: Path
    storyboard_sheets: tuple[Path, ...]
    storyboard_vtt: Path
    storyboard_interval_s: int
    tile_size: tuple[int, int]
    measurements: qc.Measurements
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Staff-facing remarks on what the pass did (tone mapping, deinterlacing...)."""


class TranscodeError(Exception):
    """The pass failed; nothing of it was moved into place."""

    def __init__(self, message: str, stderr_tail: str = "", *, is_disk_full: bool = False):
        super().__init__(message)
        self.stderr_tail = stderr_tail
        self.is_disk_full = is_disk_full


@dataclass(frozen=True)
class _Plan:
    fps: Fraction
    sizes: dict[str, tuple[int, int]]
    """The rungs made, by file name: a rung no smaller than the one above is skipped."""
    tile: tuple[int, int]
    interval_s: int
    notes: tuple[str, ...]


def storyboard_interval(duration_s: float) -> int:
    return next(step for longest, step in STORYBOARD_INTERVALS if duration_s <= longest)


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def _fit(width: int, height: int, short_side: int) -> tuple[int, int]:
    """Scale so the short side is `short_side`, never up; both sides even."""
    scale = min(1.0, short_side / min(width, height))
    return _even(round(width * scale)), _even(round(height * scale))


def _fit_box(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / width, box[1] / height)
    return _even(round(width * scale)), _even(round(height * scale))


def _plan(probe: ProbeResult, settings: TranscodeSettings) -> _Plan:
    video = probe.video
    notes = []
    rate = Fraction(video.avg_frame_rate or video.r_frame_rate or 25).limit_denominator(1001)
    if rate > settings.max_fps:
        rate = settings.max_fps
        notes.append(f"frame rate capped at {settings.max_fps}")
    if video.is_variable_frame_rate:
        notes.append(f"variable frame rate made constant at {float(rate):.3f}")
    if video.is_interlaced:
        notes.append(f"deinterlaced (bwdif, field order {video.field_order})")
    if video.rotation:
        notes.append(f"rotated {video.rotation}°")
    width, height = video.display_width, video.display_height
    sizes = {}
    for rung in settings.rungs:
        size = _fit(width, height, rung.short_side)
        if sizes and min(size) >= min(list(sizes.values())[-1]):
            notes.append(f"{rung.filename} skipped: no smaller than the rung above")
            continue
        sizes[rung.filename] = size
    return _Plan(
        fps=rate,
        sizes=sizes,
        tile=_fit_box(width, height, settings.tile_box),
        interval_s=storyboard_interval(probe.duration_s),
        notes=tuple(notes),
    )


def _to_sdr(stream, probe: ProbeResult, size: tuple[int, int], notes: list[str]):
    """PQ/HLG → SDR BT.709: tone-mapped with zscale when the build has it."""
    video = probe.video
    if not ffmpeg.has_filter("zscale"):
        notes.append("HDR converted to SDR without tone mapping (no zscale in this ffmpeg)")
        return stream.filter("scale", size[0], size[1]).filter("format", "yuv420p")
    notes.append(f"HDR ({video.hdr_format}) tone-mapped to SDR")
    matrix = {"bt2020nc": "2020_ncl", "bt2020c": "2020_cl"}.get(video.color_space or "", "2020_ncl")
    return (
        stream.filter(
            "zscale",
            w=size[0],
            h=size[1],
            tin=video.color_transfer,
            pin="2020",
            min=matrix,
            t="linear",
            npl=100,
        )
        .filter("format", "gbrpf32le")
        .filter("zscale", p="709")
        .filter("tonemap", tonemap="hable", desat=0)
        .filter("zscale", t="709", m="709", r="tv")
        .filter("format", "yuv420p")
    )


def build_command(
    source: str | os.PathLike,
    probe: ProbeResult,
    out_dir: Path,
    settings: TranscodeSettings = TranscodeSettings(),
) -> tuple[list[str], _Plan]:
    """The ffmpeg arguments of the pass (without the runner's guards) and its plan."""
    plan = _plan(probe, settings)
    notes = list(plan.notes)
    rung_720, rung_360 = settings.rungs
    size_720, size_360 = plan.sizes[rung_720.filename], plan.sizes.get(rung_360.filename)
    source_input = ffmpeg_graph.input(ffmpeg.file_url(source), f=probe.demuxer)

    video = source_input[str(probe.video.index)]
    if probe.video.is_interlaced:
        video = video.filter("bwdif", mode="send_frame", parity="auto", deint="all")
    video = video.filter("fps", fps=str(plan.fps))
    if probe.video.is_hdr:
        top = _to_sdr(video, probe, size_720, notes)
    else:
        top = video.filter("scale", size_720[0], size_720[1]).filter("format", "yuv420p")
    # Square pixels on every rung: the sizes are the display sizes (SAR applied).
    top = top.filter("setsar", 1).split()
    small = top[2]
    if size_360 is not None:
        small = small.filter("scale", size_360[0], size_360[1]).filter("setsar", 1)
    small = small.split()

    span = probe.duration_s * 0.9
    poster = (
        top[1]
        .filter("trim", start=probe.duration_s * 0.05)
        .filter("fps", fps=f"{settings.poster_samples}/{max(span, 0.1):.3f}")
        .filter("thumbnail", n=settings.poster_samples + 5)
    )
    columns, rows = settings.sheet_grid
    storyboard = (
        small[1]
        .filter("fps", fps=f"1/{plan.interval_s}")
        .filter("scale", plan.tile[0], plan.tile[1])
        .filter("tile", f"{columns}x{rows}")
    )
    qc_video = (
        small[2]
        .filter("fps", fps=settings.qc_fps)
        .filter("blackdetect", d=settings.black_min_s, pix_th=settings.black_pixel_threshold)
        .filter("freezedetect", n=f"{settings.freeze_noise_db}dB", d=settings.freeze_min_s)
    )

    audio_720 = audio_360 = qc_audio = None
    if probe.has_audio:
        audio = source_input[str(probe.audio[0].index)].asplit()
        audio_720, audio_360 = audio[0], audio[1]
        qc_audio = (
            audio[2]
            .filter("ebur128", peak="true", framelog=40)
            .filter("silencedetect", n=f"{settings.silence_noise_db}dB", d=settings.silence_min_s)
        )

    gop = max(1, round(settings.keyframe_interval_s * plan.fps))
    outputs = [
        _preview_output(top[0], audio_720, out_dir / rung_720.filename, rung_720, gop, settings),
        ffmpeg_graph.output(
            poster,
            ffmpeg.file_url(out_dir / POSTER),
            **_image_options(quality=3),
            update=1,
            **{"frames:v": 1},
        ),
        ffmpeg_graph.output(
            storyboard,
            ffmpeg.file_url(out_dir / STORYBOARD_PATTERN),
            **_image_options(quality=5),
            start_number=0,
        ),
        ffmpeg_graph.output(
            *([qc_video, qc_audio] if qc_audio is not None else [qc_video]), "-", f="null"
        ),
    ]
    if size_360 is not None:
        outputs.insert(
            1,
            _preview_output(
                small[0], audio_360, out_dir / rung_360.filename, rung_360, gop, settings
            ),
        )
    args = ffmpeg_graph.merge_outputs(*outputs).get_args()
    return args, _Plan(plan.fps, plan.sizes, plan.tile, plan.interval_s, tuple(notes))


def _common_output_options() -> dict:
    """No container or stream tag of the source reaches a preview (blind judging)."""
    return {
        "map_metadata": -1,
        "map_chapters": -1,
        "fflags": "+bitexact",
        "flags:v": "+bitexact",
    }


def _image_options(quality: int) -> dict:
    return {
        "f": "image2",
        "c:v": "mjpeg",
        "q:v": quality,
        "fps_mode": "passthrough",
        **_common_output_options(),
    }


def _preview_output(video, audio, path: Path, rung: Rung, gop: int, settings):
    options = {
        "f": "mp4",
        "c:v": "libx264",
        "profile:v": "high",
        "preset": settings.preset,
        "crf": rung.crf,
        "maxrate": f"{rung.maxrate_kbps}k",
        "bufsize": f"{rung.maxrate_kbps * 2}k",
        "pix_fmt": "yuv420p",
        "g": gop,
        "keyint_min": gop,
        "sc_threshold": 0,
        "fps_mode": "cfr",
        "movflags": "+faststart",
        "metadata:s:v:0": "encoder= ",  # else "Lavc libx264"; an empty value would not stick
        **_common_output_options(),
    }
    streams = [video]
    if audio is not None:
        streams.append(audio)
        options |= {
            "c:a": "aac",
            "b:a": f"{rung.audio_kbps}k",
            "ac": 2,
            "ar": 48000,
            "flags:a": "+bitexact",
        }
    return ffmpeg_graph.output(*streams, ffmpeg.file_url(path), **options)


def transcode(
    source: str | os.PathLike,
    probe_result: ProbeResult,
    work_dir: str | os.PathLike,
    *,
    on_progress: Callable[[float, float | None, float | None], None] | None = None,
    settings: TranscodeSettings = TranscodeSettings(),
) -> TranscodeOutputs:
    """Run the pass for `source` into `work_dir`; raise `TranscodeError` on any failure."""
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    partial = work_dir / f".partial-{secrets.token_hex(6)}"
    partial.mkdir()
    try:
        args, plan = build_command(source, probe_result, partial, settings)
        result = _run_pass(args, probe_result, settings, on_progress)
        measurements = qc.parse_measurements(
            result.kept_lines, result.stderr_tail, duration_s=probe_result.duration_s
        )
        previews = {
            rung.filename: _checked_preview(partial / rung.filename, probe_result.has_audio)
            for rung in settings.rungs
            if rung.filename in plan.sizes
        }
        sheets = _checked_images(partial, plan)
        _write_vtt(partial / STORYBOARD_VTT, sheets, plan, probe_result.duration_s, settings)
        return TranscodeOutputs(
            previews={name: _moved(preview, work_dir) for name, preview in previews.items()},
            poster=_move(partial / POSTER, work_dir),
            storyboard_sheets=_move_sheets(sheets, work_dir),
            storyboard_vtt=_move(partial / STORYBOARD_VTT, work_dir),
            storyboard_interval_s=plan.interval_s,
            tile_size=plan.tile,
            measurements=measurements,
            notes=plan.notes,
        )
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise TranscodeError("The disk is full.", is_disk_full=True) from error
        raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _run_pass(args, probe_result: ProbeResult, settings: TranscodeSettings, on_progress):
    timeout_s = max(settings.min_timeout_s, probe_result.duration_s * settings.timeout_per_source_s)
    try:
        return ffmpeg.run(
            args,
            timeout_s=timeout_s,
            on_progress=on_progress,
            duration_s=probe_result.duration_s,
            stall_timeout_s=settings.stall_timeout_s,
            nice=settings.nice,
            memory_limit_bytes=settings.memory_limit_bytes,
            keep_lines=qc.DETECTION_LINES,
        )
    except ffmpeg.FFmpegError as error:
        if error.is_disk_full:
            raise TranscodeError(
                "The disk is full.", error.stderr_tail, is_disk_full=True
            ) from error
        raise TranscodeError(error.message, error.stderr_tail) from error


def _checked_preview(path: Path, expect_audio: bool) -> Preview:
    if not path.is_file() or path.stat().st_size == 0:
        raise TranscodeError(f"{path.name} was not written")
    try:
        info = ffmpeg.probe(path, format_name="mov", timeout_s=30)
    except ffmpeg.FFmpegError as error:
        raise TranscodeError(f"{path.name} is not valid", error.stderr_tail) from error
    streams = info.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    if video is None or video.get("codec_name") != "h264" or has_audio != expect_audio:
        raise TranscodeError(f"{path.name} lacks its streams")
    return Preview(
        path=path,
        width=int(video["width"]),
        height=int(video["height"]),
        duration_s=float((info.get("format") or {}).get("duration") or 0),
        size_bytes=path.stat().st_size,
        has_audio=has_audio,
    )


def _is_jpeg(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(3) == b"\xff\xd8\xff" and path.stat().st_size > 100
    except FileNotFoundError:
        return False


def _checked_images(partial: Path, plan: _Plan) -> list[Path]:
    if not _is_jpeg(partial / POSTER):
        raise TranscodeError("The poster was not written")
    sheets = sorted(partial.glob("storyboard_*.jpg"))
    if not sheets or not all(_is_jpeg(sheet) for sheet in sheets):
        raise TranscodeError("The storyboard was not written")
    return sheets


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    return (
        f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:"
        f"{millis // 1000 % 60:02d}.{millis % 1000:03d}"
    )


def storyboard_cues(
    duration_s: float, interval_s: int, tile: tuple[int, int], grid: tuple[int, int], sheets: int
) -> list[tuple[float, float, str]]:
    """(start, end, "storyboard_000.jpg#xywh=x,y,w,h") for each tile, covering the film."""
    columns, rows = grid
    per_sheet = columns * rows
    count = min(math.ceil(duration_s / interval_s), sheets * per_sheet)
    cues = []
    for n in range(count):
        sheet, position = divmod(n, per_sheet)
        x, y = position % columns * tile[0], position // columns * tile[1]
        end = duration_s if n == count - 1 else min((n + 1) * interval_s, duration_s)
        name = STORYBOARD_PATTERN % sheet
        cues.append((n * interval_s, end, f"{name}#xywh={x},{y},{tile[0]},{tile[1]}"))
    return cues


def _write_vtt(path: Path, sheets, plan: _Plan, duration_s: float, settings) -> None:
    cues = storyboard_cues(duration_s, plan.interval_s, plan.tile, settings.sheet_grid, len(sheets))
    lines = ["WEBVTT", ""]
    for start, end, target in cues:
        lines += [f"{_vtt_time(start)} --> {_vtt_time(end)}", target, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _move(path: Path, work_dir: Path) -> Path:
    target = work_dir / path.name
    os.replace(path, target)
    return target


def _moved(preview: Preview, work_dir: Path) -> Preview:
    return Preview(
        path=_move(preview.path, work_dir),
        width=preview.width,
        height=preview.height,
        duration_s=preview.duration_s,
        size_bytes=preview.size_bytes,
        has_audio=preview.has_audio,
    )


def _move_sheets(sheets: list[Path], work_dir: Path) -> tuple[Path, ...]:
    moved = tuple(_move(sheet, work_dir) for sheet in sheets)
    keep = {sheet.name for sheet in moved}
    for stale in work_dir.glob("storyboard_*.jpg"):  # from an earlier, longer version
        if stale.name not in keep:
            stale.unlink(missing_ok=True)
    return moved
