"""Consent documents: checked by their content, stored under MEDIA_ROOT, never public.

A document lives at `disclosure/<disclosure_id>/consents/<random>` under MEDIA_ROOT; the name
the filmmaker gave it is kept only to show and to name the download."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024

DOCUMENT_TYPES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
_PATH = re.compile(r"disclosure/(?P<disclosure_id>[0-9]+)/consents/[A-Za-z0-9_-]{16,64}")


class DocumentError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StoredDocument:
    path: str
    """Relative to MEDIA_ROOT."""
    name: str
    sha256: str


def document_type(head: bytes) -> str | None:
    """The MIME type of a PDF, JPEG or PNG by its first bytes; None for anything else."""
    for magic, mime_type in DOCUMENT_TYPES.items():
        if head.startswith(magic):
            return mime_type
    return None


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def absolute_path(path: str) -> Path:
    if not is_document_path(path):
        raise ValueError(f"not a consent document path: {path!r}")
    return media_root() / path


def is_document_path(path: str | None) -> bool:
    return bool(path) and _PATH.fullmatch(path) is not None


def disclosure_id_of(path: str) -> int | None:
    match = _PATH.fullmatch(path or "")
    return int(match["disclosure_id"]) if match else None


def store_consent_document(disclosure_id: int, upload) -> StoredDocument:
    """Check an uploaded file (a werkzeug FileStorage) and store it; DocumentError if it is
    not a PDF, JPEG or PNG by its content, or larger than 20 MB."""
    stream = upload.stream
    head = stream.read(16)
    if document_type(head) is None:
        raise DocumentError(_l("Upload the consent as a PDF, JPEG or PNG file."))
    relative = f"disclosure/{disclosure_id}/consents/{secrets.token_urlsafe(24)}"
    target = media_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256(head)
    size = len(head)
    with open(partial, "wb") as out:
        out.write(head)
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_DOCUMENT_BYTES:
                out.close()
                partial.unlink(missing_ok=True)
                raise DocumentError(_l("The consent document must be at most 20 MB."))
            digest.update(chunk)
            out.write(chunk)
    partial.rename(target)
    name = Path(upload.filename or "").name[:255] or "consent"
    return StoredDocument(path=relative, name=name, sha256=digest.hexdigest())


def described_document(path: str, name: str) -> StoredDocument | None:
    """A document stored earlier (kept across a form with errors), if its file exists."""
    if not is_document_path(path):
        return None
    file = media_root() / path
    if not file.is_file():
        return None
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return StoredDocument(path=path, name=(name or "consent")[:255], sha256=digest.hexdigest())


def stored_type(path: str) -> str:
    with open(absolute_path(path), "rb") as handle:
        return document_type(handle.read(16)) or "application/octet-stream"
