"""Every user-facing string has a Korean translation, and the catalogue compiles."""

from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHOD_MAP = [
    ("festival/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


def source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def korean_catalogue():
    with open(ROOT / "festival/translations/ko/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale="ko")


def test_every_source_string_has_a_korean_translation():
    catalogue = korean_catalogue()
    untranslated = sorted(
        message
        for message in source_messages()
        if not (entry := catalogue.get(message)) or not entry.string or entry.fuzzy
    )
    assert untranslated == [], "translate these in ko/messages.po:\n" + "\n".join(untranslated)


def test_korean_catalogue_compiles_with_matching_placeholders():
    catalogue = korean_catalogue()
    errors = [(message.id, problems) for message, problems in catalogue.check() if problems]
    assert errors == []
    write_mo(BytesIO(), catalogue)
