"""The tus 1.0 resumable-upload protocol: its headers, parsed and checked, and its answers.

Core, creation, termination, checksum and expiration (https://tus.io/protocols/resumable-upload).
Pure functions over header values; `festival.media.uploads` holds what happens to the bytes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

TUS_VERSION = "1.0.0"
EXTENSIONS = ("creation", "termination", "checksum", "expiration")
CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "md5": hashlib.md5, "sha256": hashlib.sha256}
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"

STATUS_CHECKSUM_MISMATCH = "460 Checksum Mismatch"
STATUS_INSUFFICIENT_STORAGE = "507 Insufficient Storage"

_METADATA_KEY = re.compile(r"^[^\s,]+$")
_DIGITS = re.compile(r"^[0-9]{1,20}$")


class TusError(Exception):
    """A request the protocol refuses: `status` (an int or an "NNN Reason" line) and a reason."""

    def __init__(self, status: int | str, message, headers: dict | None = None):
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.headers = headers or {}

    @property
    def status_code(self) -> int:
        return int(str(self.status).split()[0])


def check_version(value: str | None) -> None:
    """Every request but OPTIONS names the protocol version it speaks; we speak 1.0.0 only."""
    if value != TUS_VERSION:
        raise TusError(
            412,
            _l(
                "This server speaks tus %(version)s; send the header Tus-Resumable: %(version)s.",
                version=TUS_VERSION,
            ),
            {"Tus-Version": TUS_VERSION},
        )


def discovery_headers(max_size: int) -> dict[str, str]:
    return {
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": ",".join(EXTENSIONS),
        "Tus-Max-Size": str(max_size),
        "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
    }


def parse_length(value: str | None) -> int:
    if value is None:
        raise TusError(400, _l("Upload-Length is required: the size of the file in bytes."))
    if not _DIGITS.match(value.strip()):
        raise TusError(400, _l("Upload-Length must be a whole number of bytes."))
    length = int(value)
    if length == 0:
        raise TusError(400, _l("The file is empty."))
    return length


def parse_offset(value: str | None) -> int:
    if value is None or not _DIGITS.match(value.strip()):
        raise TusError(400, _l("Upload-Offset is required: a whole number of bytes."))
    return int(value)


def parse_content_length(value: str | None) -> int | None:
    """The body's size, or None for a chunked body."""
    if value is None or value == "":
        return None
    if not _DIGITS.match(value.strip()):
        raise TusError(400, _l("Content-Length must be a whole number of bytes."))
    return int(value)


def check_content_type(value: str | None) -> None:
    if (value or "").split(";")[0].strip().lower() != OFFSET_CONTENT_TYPE:
        raise TusError(
            415, _l("Send the bytes as Content-Type: %(type)s.", type=OFFSET_CONTENT_TYPE)
        )


def parse_metadata(value: str | None) -> dict[str, str]:
    """`key base64value` pairs separated by commas; a value may be absent (an empty string)."""
    metadata: dict[str, str] = {}
    if not value or not value.strip():
        return metadata
    for pair in value.split(","):
        parts = pair.strip().split(" ")
        key = parts[0]
        if len(parts) > 2 or not _METADATA_KEY.match(key) or key in metadata:
            raise TusError(
                400,
                _l(
                    "Upload-Metadata is malformed: keys must be unique, "
                    "each followed by a base64 value."
                ),
            )
        try:
            raw = base64.b64decode(parts[1], validate=True) if len(parts) == 2 else b""
        except (binascii.Error, ValueError):
            raise TusError(400, _l("Upload-Metadata has a value that is not base64.")) from None
        metadata[key] = raw.decode("utf-8", errors="replace")
    return metadata


def encode_metadata(metadata: dict[str, str]) -> str:
    return ",".join(
        f"{key} {base64.b64encode(str(value).encode()).decode('ascii')}" if value else key
        for key, value in metadata.items()
    )


def parse_checksum(value: str | None) -> tuple[str, bytes] | None:
    """(algorithm, digest) from `Upload-Checksum: <algorithm> <base64 digest>`, or None."""
    if value is None:
        return None
    parts = value.strip().split(" ")
    if len(parts) != 2:
        raise TusError(400, _l("Upload-Checksum must be an algorithm and a base64 digest."))
    algorithm, encoded = parts[0].lower(), parts[1]
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise TusError(
            400,
            _l(
                "Checksum algorithm %(algorithm)s is not supported; use one of %(supported)s.",
                algorithm=algorithm,
                supported=", ".join(CHECKSUM_ALGORITHMS),
            ),
        )
    try:
        digest = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise TusError(400, _l("Upload-Checksum has a digest that is not base64.")) from None
    return algorithm, digest


def http_date(moment: datetime) -> str:
    """An RFC 7231 date, as Upload-Expires wants it."""
    return format_datetime(moment, usegmt=True)


def is_same_origin(origin: str | None, host: str) -> bool:
    """No Origin header (a non-browser client) is fine; a browser's must name this host."""
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == host.lower()
