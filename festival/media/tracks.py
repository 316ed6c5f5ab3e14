"""The WebVTT tracks of the player: the film's disclosed AI segments as chapters, and the
storyboard's thumbnail track with its sheet names turned into access-checked URLs.

Pure functions of their inputs: the views hand in the segments, the stored track's text and a
way to name a sheet's URL, so nothing here reads a request or the database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from flask_babel import gettext as _

HEADER = "WEBVTT"
MAX_STORYBOARD_CUES = 20_000

_SHEET_REFERENCE = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*\.(?:jpg|jpeg|png|webp))(?P<fragment>#xywh=\d+,\d+,\d+,\d+)?$"
)
_TIMING = re.compile(r"^\S+\s+-->\s+\S+")


def timestamp(ms: int) -> str:
    """`HH:MM:SS.mmm`, the long form every WebVTT reader accepts (hours may exceed 99)."""
    ms = max(int(ms), 0)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def cue_text(text: str) -> str:
    """Text safe inside a cue: no markup, no line breaks (a blank line would end the cue) and
    so no `-->` either."""
    flat = " ".join(str(text).split())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def segment_title(segment, shield: Callable[[str], str] = str) -> str:
    """ "VFX and compositing: car explosion", or just the element when there is no note;
    `shield` hides what the viewer must not read of the note."""
    label = str(segment.element.label)
    note = " ".join(shield(segment.note or "").split())
    if not note:
        return label
    return _("%(element)s: %(note)s", element=label, note=note)


def chapters_vtt(segments: Iterable, shield: Callable[[str], str] = str) -> str:
    """A chapters track with one cue per disclosed segment, in time order."""
    blocks = [HEADER]
    ordered = sorted(segments, key=lambda s: (s.start_ms, s.end_ms))
    for number, segment in enumerate(ordered, start=1):
        blocks.append(
            f"ai-{number}\n"
            f"{timestamp(segment.start_ms)} --> {timestamp(segment.end_ms)}\n"
            f"{cue_text(segment_title(segment, shield))}"
        )
    return "\n\n".join(blocks) + "\n"


def storyboard_vtt(source: str, sheet_urls: Mapping[str, str] | Callable[[str], str | None]) -> str:
    """The stored thumbnail track with each `storyboard_000.jpg#xywh=...` pointing at the URL
    `sheet_urls` gives for that sheet name. Cues naming an unknown sheet, an absolute URL or
    anything else are dropped, so the track never leads the browser outside the checked URLs."""
    url_of = sheet_urls.get if isinstance(sheet_urls, Mapping) else sheet_urls
    blocks = re.split(r"\n[ \t]*\n", source.replace("\r\n", "\n").replace("\r", "\n").strip())
    kept = [HEADER]
    for block in blocks[1:][:MAX_STORYBOARD_CUES]:
        cue = _rewritten_cue(block.strip("\n"), url_of)
        if cue is not None:
            kept.append(cue)
    return "\n\n".join(kept) + "\n"


def _rewritten_cue(block: str, url_of) -> str | None:
    lines = block.split("\n")
    timing_at = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
    if timing_at is None or len(lines) != timing_at + 2:
        return None
    match = _SHEET_REFERENCE.match(lines[-1].strip())
    url = url_of(match["name"]) if match else None
    if not url:
        return None
    return f"{lines[timing_at].strip()}\n{url}{match['fragment'] or ''}"
