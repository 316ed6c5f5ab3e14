"""Timecodes as filmmakers type them, read into and written from milliseconds of real time.

Accepted: `HH:MM:SS`, `HH:MM:SS.mmm` (one to three decimals, a comma also works, as in SRT
subtitles), `MM:SS` (and `MM:SS.mmm`), `HH:MM:SS:FF` with the film's frame rate, and
drop-frame `HH:MM:SS;FF` at 29.97 or 59.94 fps. Full-width digits and colons typed with an
East Asian input method are read as their ASCII forms.

Frames are read as editing software writes them. At the NTSC rates (23.976, 29.97, 59.94 fps)
non-drop-frame timecode counts frames at the nominal integer rate (24, 30, 60), so
`01:00:00:00` at 23.976 fps is frame 86,400, which plays 1:00:03.6 into the film; drop-frame
timecode skips frame numbers to stay near the clock. Either way the result is real time,
because segments are compared with the probed runtime and the player's clock. A timecode
without frames is read as real time.
"""

from __future__ import annotations

import math
import re
import unicodedata
from fractions import Fraction

from flask_babel import lazy_gettext as _l

ACCEPTED_FORMATS = _l(
    "Enter a timecode as HH:MM:SS, HH:MM:SS.mmm, HH:MM:SS:FF (with frames) or MM:SS, "
    "for example 00:41:10."
)

_FULL = re.compile(
    r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2}):(?P<s>[0-9]{2})"
    r"(?:[.,](?P<fraction>[0-9]{1,3})|(?P<separator>[:;])(?P<frames>[0-9]{2,3}))?",
    re.ASCII,
)
_SHORT = re.compile(r"(?P<m>[0-9]{1,2}):(?P<s>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,3}))?", re.ASCII)

_NTSC_NOMINAL_RATES = (24, 30, 48, 60, 120)
_DROP_FRAME_RATES = {Fraction(30000, 1001): 2, Fraction(60000, 1001): 4}
"""Drop-frame rates and how many frame numbers they skip each minute (but every tenth)."""


class TimecodeError(ValueError):
    """A timecode that cannot be read; `message` tells the filmmaker what to type."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def exact_frame_rate(rate: Fraction | float | str) -> Fraction:
    """The exact rate for a rate as people write it: 23.976 is 24000/1001, 29.97 is 30000/1001."""
    value = Fraction(rate)
    if value <= 0:
        raise ValueError(f"a frame rate must be positive, not {rate!r}")
    for nominal in _NTSC_NOMINAL_RATES:
        ntsc = Fraction(nominal * 1000, 1001)
        if abs(value - ntsc) < Fraction(1, 200):
            return ntsc
    return value.limit_denominator(1001)


def parse_timecode(text: str, *, frame_rate: Fraction | float | str | None = None) -> int:
    """Milliseconds of real time from the start of the film; TimecodeError for anything else."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    match = _FULL.fullmatch(text) or _SHORT.fullmatch(text)
    if match is None:
        raise TimecodeError(ACCEPTED_FORMATS)
    parts = match.groupdict()
    hours, minutes, seconds = int(parts.get("h") or 0), int(parts["m"]), int(parts["s"])
    if minutes >= 60 or seconds >= 60:
        raise TimecodeError(
            _l("Minutes and seconds go up to 59. %(formats)s", formats=ACCEPTED_FORMATS)
        )
    whole_seconds = hours * 3600 + minutes * 60 + seconds
    if parts.get("frames") is None:
        fraction = parts["fraction"] or ""
        return whole_seconds * 1000 + (int(fraction.ljust(3, "0")) if fraction else 0)
    if frame_rate is None:
        raise TimecodeError(
            _l(
                "A timecode with frames (HH:MM:SS:FF) needs the film's frame rate. "
                "Enter the frame rate first, or use HH:MM:SS.mmm."
            )
        )
    rate = exact_frame_rate(frame_rate)
    frames = int(parts["frames"])
    nominal = math.ceil(rate)
    if frames >= nominal:
        raise TimecodeError(
            _l(
                "The frames (FF) must be below %(limit)s at %(rate)s fps.",
                limit=nominal,
                rate=_rate_name(rate),
            )
        )
    if parts["separator"] == ";":
        frame_index = _drop_frame_index(hours, minutes, seconds, frames, rate)
    else:
        frame_index = whole_seconds * nominal + frames
    return round(frame_index / rate * 1000)


def _drop_frame_index(hours: int, minutes: int, seconds: int, frames: int, rate: Fraction) -> int:
    dropped = _DROP_FRAME_RATES.get(rate)
    if dropped is None:
        raise TimecodeError(
            _l(
                "Drop-frame timecode (HH:MM:SS;FF) is used only at 29.97 and 59.94 fps; "
                "at %(rate)s fps write HH:MM:SS:FF.",
                rate=_rate_name(rate),
            )
        )
    if seconds == 0 and frames < dropped and minutes % 10 != 0:
        raise TimecodeError(
            _l(
                "This frame does not exist in drop-frame timecode: the first %(count)s frame "
                "numbers of each minute are skipped, except every tenth minute.",
                count=dropped,
            )
        )
    total_minutes = hours * 60 + minutes
    nominal = math.ceil(rate)
    counted = (hours * 3600 + minutes * 60 + seconds) * nominal + frames
    return counted - dropped * (total_minutes - total_minutes // 10)


def _rate_name(rate: Fraction) -> str:
    return str(rate.numerator) if rate.denominator == 1 else f"{float(rate):.3f}".rstrip("0")


def format_timecode(ms: int) -> str:
    """`HH:MM:SS`, or `HH:MM:SS.mmm` when the milliseconds are not zero."""
    if ms < 0:
        raise ValueError(f"a timecode cannot be negative: {ms}")
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{millis:03d}" if millis else text
