"""The forms in which a film's text may name its makers: pure functions from the people's
names, emails and phones to one compiled pattern, applied by `judging.blind`.

A name is split into parts (each part long enough to be distinctive and not a common word),
and each part is matched however it is written: any case and width (NFKC casefold: "ＫＩＭ"
is "kim"), on word boundaries, with a possessive or plural ("Kim's", "Kims'"), a Hangul name
followed by its particle (이준의), handles built from the parts (`@kimjisoo92`, `kim_jisoo`,
`jisoo.kim`), a company's distinctive stem ("Moonlight Pictures Ltd." → "Moonlight"), and any
email address, written plainly or spelled out ("jisoo dot kim at gmail dot com")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import permutations

STOP_WORDS = frozenset(
    """
    the a an and or of for with by from to in on at as de del der den di du da la le les los
    van von mr mrs ms dr jr sr film films movie studio studios pictures picture productions
    production entertainment media company group team crew lab labs house art arts sound music
    story director producer official ai inc ltd llc co corp gmbh plc sa kk
    january february march april may june july august september october november december
    gmail googlemail naver daum hanmail kakao hotmail outlook live yahoo icloud proton protonmail
    com net org kr jp io co example mail email
    감독 영화 스튜디오 필름 주식회사
    """.split()
)
"""Words never hidden on their own, however a name or address contains them."""

COMPANY_SUFFIXES = frozenset(
    """
    inc inc. incorporated ltd ltd. limited llc l.l.c. co co. corp corp. corporation gmbh plc
    studio studios pictures films productions production entertainment media company
    주식회사 (주) 주 스튜디오 픽처스 필름 필름스 프로덕션 엔터테인먼트 컴퍼니
    """.split()
)
"""Trailing (or, for 주식회사 and (주), leading) words of a company name; what is left is its stem."""

HANGUL_FIRST, HANGUL_LAST = "\uac00", "\ud7a3"
HANGUL = f"{HANGUL_FIRST}-{HANGUL_LAST}"
_HANGUL_NAME = re.compile(f"^[{HANGUL}]+$")
_SEPARATORS = re.compile(r"[\s,;/()\[\]\"“”]+")
_PART_SPLIT = re.compile(r"[-‐'’.·_+]+|\d+")

_AT = r"(?:\s*@\s*|\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
EMAIL = rf"[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}(?![^\W_])"
"""Any email address, plain or spelled out with at/dot (bare, bracketed or parenthesised)."""

_WORD_BEFORE = r"(?<![^\W_])"
_WORD_AFTER = r"(?![^\W_])"


def folded(text: str) -> str:
    """The form every match is made in: NFKC (full-width letters become plain) and casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


def is_distinctive(part: str) -> bool:
    """Long enough to hide without hiding half the text (two characters in Hangul or another
    non-Latin script, three in Latin letters) and not a common word."""
    if part in STOP_WORDS or part.isdigit():
        return False
    return len(part) >= (2 if is_spaceless(part) else 3)


def words_of(name: str) -> list[str]:
    return [word for word in _SEPARATORS.split(folded(name)) if word]


def is_company(name: str) -> bool:
    words = words_of(name)
    return any(word in COMPANY_SUFFIXES for word in words) or any(
        words[-1].endswith(suffix) for suffix in COMPANY_SUFFIXES if not suffix.isascii()
    )


def company_stems(name: str) -> list[str]:
    """ "Moonlight Pictures Ltd." → ["moonlight pictures", "moonlight"]: the name with its
    trailing legal and trade words dropped one by one, while a distinctive stem remains."""
    words = words_of(name)
    while words and words[0] in {"주식회사", "(주)", "주"}:
        words = words[1:]
    stems = []
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words = words[:-1]
        stems.append(" ".join(words))
    if len(words) == 1:
        stems += [
            words[0].removesuffix(suffix)
            for suffix in COMPANY_SUFFIXES
            if not suffix.isascii() and words[0].endswith(suffix)
        ]
    return [stem for stem in stems if is_distinctive(stem) or " " in stem]


def name_parts(name: str) -> list[str]:
    """Every part of a person's name: its words, the pieces of hyphenated words and the
    hyphenated word joined ("jun-ho" → "junho", "jun"), and a Hangul name's given name (김이준
    → 이준; a four-syllable name, both halves)."""
    parts = []
    for word in words_of(name):
        pieces = [piece for piece in _PART_SPLIT.split(word) if piece]
        parts += pieces
        if len(pieces) > 1:
            parts += ["".join(pieces), " ".join(pieces)]
        if _HANGUL_NAME.match(word):
            if len(word) == 3:
                parts.append(word[1:])
            elif len(word) == 4:
                parts += [word[:2], word[2:]]
    return list(dict.fromkeys(parts))


def email_parts(email: str) -> list[str]:
    """The local part, its pieces, and the distinctive labels of the domain."""
    local, _, domain = folded(email).partition("@")
    labels = domain.split(".")[:-1]
    pieces = [piece for label in [local, *labels] for piece in _PART_SPLIT.split(label) if piece]
    pieces += [piece for label in labels for piece in label.split("-")]
    return [local, *pieces]


def handles(parts: Iterable[str]) -> list[str]:
    """Patterns for handles built from two parts of one person's name, in either order, joined
    by nothing, `_`, `.` or `-`, with an optional `@` before and digits after."""
    latin = [part for part in parts if part.isascii() and part.isalpha()]
    pairs = {f"{re.escape(a)}[._-]?{re.escape(b)}" for a, b in permutations(latin, 2)}
    return [rf"@?(?:{pair})\d*" for pair in pairs]


def is_spaceless(part: str) -> bool:
    """Written without spaces between words (Hangul, kanji, kana): no word boundaries."""
    return any(
        "\u1100" <= ch <= "\u11ff" or "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3"
        for ch in part
    )


def phrase(text: str) -> str:
    """A literal of several words matched across any run of whitespace."""
    return r"\s+".join(map(re.escape, text.split()))


def bounded(text: str) -> str:
    """`text` in running text: in a spaced script on word boundaries, with an optional plural or
    possessive `s` ("Kims'"); in Hangul at the start of a word, whatever particle follows (이준의);
    in another spaceless script (kanji, kana) anywhere."""
    if not is_spaceless(text):
        return rf"{_WORD_BEFORE}{phrase(text)}(?:s|es)?{_WORD_AFTER}"
    if all(HANGUL_FIRST <= ch <= HANGUL_LAST or ch.isspace() for ch in text):
        return rf"(?<![{HANGUL}]){phrase(text)}"
    return phrase(text)


def longest_first(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=lambda word: (-len(word), word))


def identity_pattern(
    names: Iterable[str | None], emails: Iterable[str | None], phones: Iterable[str | None] = ()
) -> re.Pattern[str]:
    """One pattern, on `folded` text, for every way the text could name these people: any email
    address first (so a spelled-out one goes whole), then whole names, addresses and phones,
    handles, company stems, and single name parts."""
    wholes, parts, stems, handle_patterns = set(), set(), set(), set()
    for name in filter(None, names):
        whole = " ".join(words_of(name))
        if is_distinctive(whole) or (" " in whole and len(whole) >= 3):
            wholes.add(whole)
        if is_company(name):
            stems.update(company_stems(name))
        else:
            person = name_parts(name)
            parts.update(person)
            handle_patterns.update(handles(person))
    for email in filter(None, emails):
        if "@" in email:
            wholes.add(folded(email.strip()))
            person = email_parts(email)
            parts.update(person)
            handle_patterns.update(handles(person[1:]))
    distinctive = [part for part in longest_first(parts) if is_distinctive(part)]
    alternatives = [EMAIL]
    alternatives += [bounded(whole) for whole in longest_first(wholes)]
    alternatives += [phone_pattern(phone) for phone in filter(None, phones)]
    alternatives += sorted(handle_patterns, key=lambda p: (-len(p), p))
    alternatives += [
        rf"@[\w.]*{re.escape(part)}[\w.]*" for part in distinctive if not is_spaceless(part)
    ]
    alternatives += [bounded(stem) for stem in longest_first(stems)]
    alternatives += [bounded(part) for part in distinctive]
    return re.compile("|".join(alternative for alternative in alternatives if alternative))


def phone_pattern(phone: str) -> str:
    """The phone's last eight digits, whatever separators (space, dot, dash) sit between them;
    fewer than six digits is no phone number."""
    digits = re.sub(r"\D", "", phone)[-8:]
    if len(digits) < 6:
        return ""
    return r"[\s.-]?".join(digits)
