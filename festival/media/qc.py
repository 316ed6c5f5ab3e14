"""QC: the measurements the transcode pass logs, and the checks against an edition's rules.

`parse_measurements` reads what ebur128, silencedetect, blackdetect and freezedetect print;
`check` turns a probe and those measurements into pass / warn / fail lines for the QC report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum
from festival.media.probe import ProbeResult

DETECTION_LINES = re.compile(
    r"(black_start|silence_start|silence_end|freezedetect\.freeze_(start|end))"
)
"""The stderr lines the runner keeps for the whole run (the stderr tail alone is bounded)."""

Stretch = tuple[float, float]


@dataclass(frozen=True)
class Measurements:
    integrated_lufs: float | None = None
    loudness_range_lu: float | None = None
    true_peak_dbtp: float | None = None
    black: tuple[Stretch, ...] = ()
    silence: tuple[Stretch, ...] = ()
    freeze: tuple[Stretch, ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)


def parse_measurements(
    lines: Iterable[str], summary: str = "", *, duration_s: float | None = None
) -> Measurements:
    """Stretches from the kept detection `lines`; loudness from the last ebur128 summary in
    `summary` (the stderr tail). A stretch still open at the end closes at `duration_s`."""
    text = "\n".join(lines)
    end = duration_s if duration_s is not None else math.inf
    return Measurements(
        **_loudness(summary),
        black=tuple(
            (float(a), float(b))
            for a, b in re.findall(r"black_start:\s*([-\d.]+)\s+black_end:\s*([-\d.]+)", text)
        ),
        silence=_pairs(text, r"silence_start:\s*([-\d.e]+)", r"silence_end:\s*([-\d.e]+)", end),
        freeze=_pairs(
            text,
            r"freezedetect\.freeze_start:\s*([-\d.e]+)",
            r"freezedetect\.freeze_end:\s*([-\d.e]+)",
            end,
        ),
    )


def _pairs(text: str, start_pattern: str, end_pattern: str, end: float) -> tuple[Stretch, ...]:
    events = sorted(
        [(m.start(), "start", float(m.group(1))) for m in re.finditer(start_pattern, text)]
        + [(m.start(), "end", float(m.group(1))) for m in re.finditer(end_pattern, text)]
    )
    stretches: list[Stretch] = []
    opened: float | None = None
    for _, kind, value in events:
        if kind == "start":
            opened = max(value, 0.0)
        elif opened is not None:
            stretches.append((opened, value))
            opened = None
    if opened is not None and math.isfinite(end):
        stretches.append((opened, end))
    return tuple(stretches)


def _loudness(summary: str) -> dict:
    start = summary.rfind("Summary:")
    if start < 0:
        return {}
    block = summary[start:]

    def number(label: str) -> float | None:
        match = re.search(rf"^\s*{label}:\s*([-\w.]+)", block, re.MULTILINE)
        if not match:
            return None
        try:
            value = float(match.group(1))
        except ValueError:
            return None
        return value if math.isfinite(value) else None

    return {
        "integrated_lufs": number("I"),
        "loudness_range_lu": number("LRA"),
        "true_peak_dbtp": number("Peak"),
    }


class QCStatus(LabelledEnum):
    PASS = "pass", _l("Meets the requirements")
    WARN = "warn", _l("Worth a look")
    FAIL = "fail", _l("Does not meet the requirements")


@dataclass(frozen=True)
class QCCheck:
    name: str
    status: QCStatus
    message: object
    """A lazy string: translated when shown."""
    value: str = ""
    expected: str = ""

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "status": self.status.value,
            "message": str(self.message),
            "value": self.value,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class QCThresholds:
    runtime_warn_s: float = 2.0
    runtime_warn_share: float = 0.02
    runtime_fail_share: float = 0.10
    max_true_peak_dbtp: float = -1.0
    long_black_s: float = 10.0
    long_silence_s: float = 10.0
    long_freeze_s: float = 5.0
    edge_s: float = 5.0
    """Black or silence this close to the start or end is a fade, not a fault."""
    frame_rate_tolerance: float = 0.01
    accepted_bit_depths: tuple[int, ...] = (8, 10)
    accepted_layouts: tuple[str, ...] = ("mono", "stereo", "5.1", "5.1(side)")


@dataclass
class _Report:
    checks: list[QCCheck] = field(default_factory=list)

    def add(self, name, status, message, value="", expected="") -> None:
        self.checks.append(QCCheck(name, status, message, str(value), str(expected)))


def check(
    measurements: Measurements,
    probe: ProbeResult,
    requirements,
    entered_runtime_s: float | None,
    *,
    thresholds: QCThresholds = QCThresholds(),
) -> list[QCCheck]:
    """Every QC line for one screener. `requirements` is an edition's `ScreenerRequirements`."""
    report = _Report()
    _check_file(report, probe, requirements)
    _check_picture(report, probe, requirements, thresholds)
    _check_audio(report, probe, thresholds)
    _check_runtime(report, probe, entered_runtime_s, thresholds)
    if probe.has_audio:
        _check_loudness(report, measurements, requirements, thresholds)
    _check_stretches(report, measurements, probe.duration_s, thresholds, probe.has_audio)
    return report.checks


def _check_file(report: _Report, probe: ProbeResult, requirements) -> None:
    accepted = [str(getattr(c, "value", c)) for c in requirements.containers]
    ok = probe.container in accepted
    report.add(
        "container",
        QCStatus.PASS if ok else QCStatus.FAIL,
        _l("Container accepted.") if ok else _l("This container is not on the edition's list."),
        probe.container,
        ", ".join(accepted),
    )
    max_bytes = requirements.max_file_bytes
    ok = probe.size_bytes <= max_bytes
    report.add(
        "file_size",
        QCStatus.PASS if ok else QCStatus.FAIL,
        _l("File size within the limit.") if ok else _l("The file is larger than allowed."),
        f"{probe.size_bytes / 1024**3:.2f} GiB",
        f"≤ {max_bytes / 1024**3:g} GiB",
    )
    codecs = probe.video.codec + (f" ({probe.video.profile})" if probe.video.profile else "")
    report.add("video_codec", QCStatus.PASS, _l("Video codec accepted."), codecs)


def _check_picture(report: _Report, probe: ProbeResult, requirements, t: QCThresholds) -> None:
    video = probe.video
    width, height = video.display_width, video.display_height
    expected = (
        f"{requirements.min_width}×{requirements.min_height} – "
        f"{requirements.max_width}×{requirements.max_height}"
    )
    # A portrait film is measured on its long and short sides, as a landscape one.
    long_side, short_side = max(width, height), min(width, height)
    if long_side < requirements.min_width or short_side < requirements.min_height:
        status, message = QCStatus.FAIL, _l("The picture is smaller than required.")
    elif long_side > requirements.max_width or short_side > requirements.max_height:
        status, message = QCStatus.WARN, _l("The picture is larger than required.")
    else:
        status, message = QCStatus.PASS, _l("Resolution within the requirements.")
    report.add("resolution", status, message, f"{width}×{height}", expected)

    rates = [float(getattr(r, "fraction", r)) for r in requirements.frame_rates]
    rate_ok = any(abs(video.frame_rate - r) <= t.frame_rate_tolerance for r in rates)
    if video.is_variable_frame_rate:
        status, message = QCStatus.WARN, _l("The frame rate varies; previews play it steadily.")
    elif rate_ok:
        status, message = QCStatus.PASS, _l("Frame rate accepted.")
    else:
        status, message = QCStatus.WARN, _l("This frame rate is not on the edition's list.")
    shown = ", ".join(str(getattr(r, "value", r)) for r in requirements.frame_rates)
    scan = " (interlaced)" if video.is_interlaced else ""
    report.add("frame_rate", status, message, f"{video.frame_rate:.3f}{scan}", shown)

    ok = video.bit_depth in t.accepted_bit_depths
    report.add(
        "bit_depth",
        QCStatus.PASS if ok else QCStatus.WARN,
        _l("Bit depth accepted.") if ok else _l("Unusual bit depth."),
        f"{video.bit_depth}-bit {video.pix_fmt}",
        " / ".join(f"{d}-bit" for d in t.accepted_bit_depths),
    )
    colour = "/".join(
        v or "?" for v in (video.color_primaries, video.color_transfer, video.color_space)
    )
    if video.is_hdr:
        status = QCStatus.WARN
        message = _l("HDR (%(format)s): previews are converted to SDR.", format=video.hdr_format)
    else:
        status, message = QCStatus.PASS, _l("Standard dynamic range.")
    report.add("colour", status, message, colour, "SDR")


def _check_audio(report: _Report, probe: ProbeResult, t: QCThresholds) -> None:
    if not probe.has_audio:
        report.add("audio_layout", QCStatus.WARN, _l("The file has no sound."), "none", "stereo")
        return
    layouts = ", ".join(f"{a.codec} {a.layout}" for a in probe.audio)
    ok = probe.audio[0].layout in t.accepted_layouts
    report.add(
        "audio_layout",
        QCStatus.PASS if ok else QCStatus.WARN,
        _l("Audio layout accepted.") if ok else _l("Unusual audio layout."),
        layouts,
        ", ".join(t.accepted_layouts),
    )


def _check_runtime(
    report: _Report, probe: ProbeResult, entered_s: float | None, t: QCThresholds
) -> None:
    actual = probe.duration_s
    if not entered_s:
        report.add(
            "runtime", QCStatus.WARN, _l("No runtime was entered to compare with."), _hms(actual)
        )
        return
    off = abs(actual - entered_s)
    if off <= max(t.runtime_warn_s, entered_s * t.runtime_warn_share):
        status, message = QCStatus.PASS, _l("Length matches the entered runtime.")
    elif off <= entered_s * t.runtime_fail_share:
        status, message = QCStatus.WARN, _l("Length differs a little from the entered runtime.")
    else:
        status, message = QCStatus.FAIL, _l("Length differs from the entered runtime.")
    report.add("runtime", status, message, _hms(actual), _hms(entered_s))


def _check_loudness(report: _Report, m: Measurements, requirements, t: QCThresholds) -> None:
    target, tolerance = requirements.loudness_lufs, requirements.loudness_tolerance_lu
    expected = f"{target:g} ± {tolerance:g} LUFS"
    if m.integrated_lufs is None:
        report.add("loudness", QCStatus.WARN, _l("Loudness could not be measured."), "", expected)
    else:
        off = abs(m.integrated_lufs - target)
        if off <= tolerance:
            status, message = QCStatus.PASS, _l("Loudness within the target.")
        elif off <= 2 * tolerance:
            status, message = QCStatus.WARN, _l("Loudness a little off the target.")
        else:
            status, message = QCStatus.FAIL, _l("Loudness far from the target.")
        report.add("loudness", status, message, f"{m.integrated_lufs:.1f} LUFS", expected)
    if m.true_peak_dbtp is not None:
        ok = m.true_peak_dbtp <= t.max_true_peak_dbtp
        report.add(
            "true_peak",
            QCStatus.PASS if ok else QCStatus.WARN,
            _l("True peak within the limit.") if ok else _l("True peak above the limit."),
            f"{m.true_peak_dbtp:.1f} dBTP",
            f"≤ {t.max_true_peak_dbtp:g} dBTP",
        )


def _check_stretches(
    report: _Report, m: Measurements, duration: float, t: QCThresholds, has_audio: bool
) -> None:
    kinds = [
        ("black", m.black, t.long_black_s, _l("Long black stretches in the middle of the film.")),
        ("freeze", m.freeze, t.long_freeze_s, _l("Long frozen stretches.")),
    ]
    if has_audio:
        kinds.insert(
            1, ("silence", m.silence, t.long_silence_s, _l("Long silences in the middle."))
        )
    for name, stretches, longest_ok, warning in kinds:
        inner = [
            (a, b)
            for a, b in stretches
            if a > t.edge_s and b < duration - t.edge_s and b - a >= longest_ok
        ]
        value = ", ".join(f"{_hms(a)}–{_hms(b)}" for a, b in stretches) or "none"
        status = QCStatus.WARN if inner else QCStatus.PASS
        message = warning if inner else _l("Nothing unusual.")
        report.add(name, status, message, value, f"< {longest_ok:g} s")


def _hms(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
