from __future__ import annotations

from io import BytesIO

import pytest
from werkzeug.datastructures import FileStorage

from festival.disclosure import documents


@pytest.mark.parametrize(
    ("head", "mime_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"<html>", None),
        (b"just text named .pdf", None),
        (b"", None),
    ],
)
def test_documents_are_recognised_by_their_content(head, mime_type):
    assert documents.document_type(head) == mime_type


def test_a_document_over_20_mb_is_refused_and_not_kept(app_ctx, monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1024)
    upload = FileStorage(BytesIO(b"%PDF-" + b"x" * 2048), filename="big.pdf")
    with pytest.raises(documents.DocumentError):
        documents.store_consent_document(999, upload)
    folder = documents.media_root() / "disclosure/999/consents"
    assert not any(folder.iterdir())


def test_a_stored_document_lives_under_its_disclosure_with_a_random_name(app_ctx):
    upload = FileStorage(BytesIO(b"\x89PNG\r\n\x1a\nrest"), filename="../../동의서.png")
    stored = documents.store_consent_document(7, upload)
    assert stored.path.startswith("disclosure/7/consents/")
    assert "동의서" not in stored.path
    assert stored.name == "동의서.png"
    assert documents.disclosure_id_of(stored.path) == 7
    assert documents.absolute_path(stored.path).read_bytes() == b"\x89PNG\r\n\x1a\nrest"
    assert documents.stored_type(stored.path) == "image/png"


def test_paths_outside_the_pattern_are_not_documents():
    assert not documents.is_document_path("../secret")
    assert not documents.is_document_path("disclosure/1/consents/../../x")
    with pytest.raises(ValueError):
        documents.absolute_path("films/1/poster.png")
