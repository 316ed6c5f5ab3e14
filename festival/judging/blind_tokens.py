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
from dataclasses import dataclass, field
from itertools import permutations

_STOP_WORDS = """
    the a an and or of for with by from to in on at as de del der den di du da la le les los
    van von mr mrs ms dr jr sr film films movie studio studios pictures picture productions
    production entertainment media company group team crew lab labs house art arts sound music
    story director producer official ai inc ltd llc co corp gmbh plc sa kk
    january february march april may june july august september october november december
    gmail googlemail naver daum hanmail kakao hotmail outlook live yahoo icloud proton protonmail
    com net org kr jp io co example mail email
    감독 영화 스튜디오 필름 주식회사
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
"""Words never hidden on their own, however a name or address contains them."""

_COMPANY_SUFFIXES = """
    inc inc. incorporated ltd ltd. limited llc l.l.c. co co. corp corp. corporation gmbh plc
    studio studios pictures films productions production entertainment media company
    주식회사 (주) 주 스튜디오 픽처스 필름 필름스 프로덕션 엔터테인먼트 컴퍼니
"""
COMPANY_SUFFIXES = frozenset(_COMPANY_SUFFIXES.split())
"""Trailing words of a company name (주식회사 and (주) also leading); what is left is its stem."""

HANGUL_FIRST, HANGUL_LAST = "\uac00", "\ud7a3"
HANGUL = f"{HANGUL_FIRST}-{HANGUL_LAST}"
_HANGUL_NAME = re.compile(f"^[{HANGUL}]+$")
_SEPARATORS = re.compile(r"[\s,;/()\[\]\"“”]+")
_PART_SPLIT = re.compile(r"[-‐'’.·_+]+|\d+")

_AT = r"(?:\s*@\s*|\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
EMAIL = rf"[\w+-]++(?:{_DOT}[\w+-]++)*{_AT}[\w-]++(?:{_DOT}[\w-]++)*{_DOT}[^\W\d_]{{2,}}(?![^\W_])"
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
    return [local, *pieces]


def handles(parts: Iterable[str]) -> list[str]:
    """Patterns for handles built from two parts of one person's name, in either order, joined
    by nothing, `_`, `.` or `-`, with an optional `@` before and digits after."""
    latin = [part for part in parts if part.isascii() and part.isalpha() and part not in STOP_WORDS]
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


def bounded(text: str) -> tuple[str, str]:
    """`text` in running text, as (where it may start, the pattern from there): in a spaced
    script at a word's start ("word") up to a word's end, with an optional plural or possessive
    `s` ("Kims'"); in Hangul at the start of a word ("hangul"), whatever particle follows
    (이준의); in another spaceless script (kanji, kana) "anywhere"."""
    if not is_spaceless(text):
        return "word", rf"{phrase(text)}(?:s|es)?{_WORD_AFTER}"
    if all(HANGUL_FIRST <= ch <= HANGUL_LAST or ch.isspace() for ch in text):
        return "hangul", phrase(text)
    return "anywhere", phrase(text)


STARTS = {"word": _WORD_BEFORE, "hangul": f"(?<![{HANGUL}])", "anywhere": ""}
"""Where a match may begin; one look behind per kind, so that the many alternatives after it
are tried only where a name could start (the pattern stays linear in the text)."""


def longest_first(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=lambda word: (-len(word), word))


@dataclass
class Forms:
    """What `identity_pattern` matches, gathered from the people: whole names and addresses,
    single name parts, company stems and handle patterns."""

    wholes: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)

    @property
    def distinctive_parts(self) -> list[str]:
        return [part for part in longest_first(self.parts) if is_distinctive(part)]

    @property
    def distinctive_words(self) -> list[str]:
        """The single words a near miss is measured against: name parts and one-word stems."""
        stems = [stem for stem in self.stems if " " not in stem]
        return longest_first([*self.distinctive_parts, *stems])


def forms_of(names: Iterable[str | None], emails: Iterable[str | None]) -> Forms:
    forms = Forms()
    for name in filter(None, names):
        whole = " ".join(words_of(name))
        if is_distinctive(whole) or (" " in whole and len(whole) >= 3):
            forms.wholes.add(whole)
        if is_company(name):
            forms.stems.update(company_stems(name))
        else:
            person = name_parts(name)
            forms.parts.update(person)
            forms.handles.update(handles(person))
    for email in filter(None, emails):
        if "@" in email:
            forms.wholes.add(folded(email.strip()))
            person = email_parts(email)
            forms.parts.update(person)
            forms.handles.update(handles(person[1:]))
    return forms


def identity_pattern(forms: Forms, phones: Iterable[str | None] = ()) -> re.Pattern[str]:
    """One pattern, on `folded` text, for every way the text could name these people: any email
    address first (so a spelled-out one goes whole), then whole names and addresses, handles,
    company stems and single name parts (longest first), and phones."""
    distinctive = forms.distinctive_parts
    kinds: dict[str, list[str]] = {kind: [] for kind in STARTS}
    kinds["word"].append(EMAIL)
    for kind, body in map(bounded, longest_first(forms.wholes)):
        kinds[kind].append(body)
    kinds["word"] += sorted(forms.handles, key=lambda p: (-len(p), p))
    kinds["word"] += [
        rf"@[\w.]*{re.escape(part)}[\w.]*" for part in distinctive if not is_spaceless(part)
    ]
    for kind, body in [*map(bounded, longest_first(forms.stems)), *map(bounded, distinctive)]:
        kinds[kind].append(body)
    kinds["anywhere"] += [phone_pattern(phone) for phone in filter(None, phones)]
    alternatives = [
        f"{STARTS[kind]}(?:{'|'.join(filter(None, bodies))})"
        for kind, bodies in kinds.items()
        if any(bodies)
    ]
    return re.compile("|".join(alternatives))


def near_miss(word: str, known: Iterable[str]) -> str | None:
    """The name part `word` (folded) closely resembles without being it, or None: one edit
    away from a part of four letters or more ("Jisso", "Moonlite" is two and is missed), or a
    part inside a longer word ("Kimberly", "jisoofilms")."""
    for part in known:
        if word == part:
            continue
        if part in word and len(word) > len(part):
            return part
        if len(part) >= 4 and not is_spaceless(part) and within_one_edit(word, part):
            return part
    return None


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance at most one, in one pass."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def phone_pattern(phone: str) -> str:
    """The phone's last eight digits, whatever separators (space, dot, dash) sit between them;
    fewer than six digits is no phone number."""
    digits = re.sub(r"\D", "", phone)[-8:]
    if len(digits) < 6:
        return ""
    return r"[\s.-]?".join(digits)
