"""Where to go back to: a redirect target taken from a request (`next=`) stays on this site.

A browser reads a Location loosely (WHATWG URL parsing): it drops tabs and newlines anywhere,
trims C0 controls and spaces, and reads a backslash as a slash, so `/\\t/evil.example` and
`/\\\\evil.example` lead off-site although they start with one slash. The target is judged
as the browser will read it."""

from __future__ import annotations

from urllib.parse import unquote

DROPPED_ANYWHERE = str.maketrans("", "", "\t\n\r")
TRIMMED = "".join(chr(code) for code in range(0x21))


def local_target(target: str | None, default: str) -> str:
    """`target` as a path on this site (with its query and fragment), or `default` when a
    browser could read it as another site, a scheme, or it holds control characters even
    percent-encoded."""
    if not isinstance(target, str):
        return default
    cleaned = target.translate(DROPPED_ANYWHERE).strip(TRIMMED)
    as_read = cleaned.replace("\\", "/")
    if not as_read.startswith("/") or as_read.startswith("//") or has_control(unquote(cleaned)):
        return default
    return cleaned


def has_control(text: str) -> bool:
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)
