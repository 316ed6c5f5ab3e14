"""The compiled translation catalogues (.mo) made from the .po files when they are missing or
older, at start: a site started any way (not only by the scripts that run `pybabel compile`)
speaks Korean, never silently English under `lang="ko"`."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

logger = logging.getLogger(__name__)


def compile_stale_catalogues(translations: Path) -> list[Path]:
    """Compile each `<locale>/LC_MESSAGES/*.po` whose .mo is missing or older; the .mo files
    written (each replaced in one rename, so a process starting beside it never reads half)."""
    written = []
    for po_path in sorted(translations.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            _compile(po_path, mo_path)
        except OSError as error:  # a read-only install: say so, serve what there is
            logger.warning("could not compile %s: %s", po_path, error)
            continue
        written.append(mo_path)
    return written


def _compile(po_path: Path, mo_path: Path) -> None:
    with po_path.open("rb") as source:
        catalog = read_po(source, locale=po_path.parent.parent.name)
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalog)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
