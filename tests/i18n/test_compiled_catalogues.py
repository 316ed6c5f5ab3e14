"""A site started without `pybabel compile` still speaks Korean: the catalogues are compiled
at start when missing or older than their .po file."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

from festival import TRANSLATIONS
from festival.catalogues import compile_stale_catalogues


def test_a_missing_catalogue_is_compiled_and_speaks_korean(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, translations, ignore=shutil.ignore_patterns("*.mo"))
    mo_path = translations / "ko" / "LC_MESSAGES" / "messages.mo"

    assert compile_stale_catalogues(translations) == [mo_path]
    korean = gettext.GNUTranslations(mo_path.open("rb"))
    assert korean.gettext("Log in") == "로그인"
    assert compile_stale_catalogues(translations) == []  # up to date: nothing written


def test_a_catalogue_older_than_its_source_is_compiled_again(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, translations, ignore=shutil.ignore_patterns("*.mo"))
    (mo_path,) = compile_stale_catalogues(translations)
    po_path = mo_path.with_suffix(".po")
    later = mo_path.stat().st_mtime + 10
    os.utime(po_path, (later, later))
    assert compile_stale_catalogues(translations) == [mo_path]
    assert not list(Path(mo_path.parent).glob("*.tmp"))
