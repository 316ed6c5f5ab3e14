"""The forms of a name the blind redactor hides, as pure functions: no database."""

from __future__ import annotations

import pytest

from festival.judging import blind, blind_tokens

PEOPLE = ["Jisoo Kim", "jisoo.kim@gmail.com", "Moonlight Pictures Ltd.", "김이준", "Jun-ho Bae"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tides for Jisoo", "Tides for ███"),
        ("ＫＩＭ's last summer", "███'s last summer"),
        ("The Kims' house", "The ███' house"),
        (
            "Follow @kimjisoo92 or kim_jisoo or jisoo.kim or jisookim",
            "Follow ███ or ███ or ███ or ███",
        ),
        ("see @jisoofilms", "see ███"),
        ("A Moonlight production", "A ███ production"),
        ("이준의 할머니와 김이준은", "███의 할머니와 ███은"),
        ("write to jisoo dot kim at gmail dot com.", "write to ███."),
        ("jisoo.kim [at] gmail [dot] com", "███"),
        ("mail jisoo (at) example (dot) org", "mail ███"),
        ("Jun ho and junho and JUN-HO", "███ and ███ and ███"),
    ],
)
def test_each_form_of_a_name_is_hidden(text, expected):
    assert blind.redactor(PEOPLE)(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Skimming the kimchi at dawn. Then shot at 24.5 fps; look at me.",
        "A film by the studio, made with AI in March.",
        "Pictures of the sea.",
    ],
)
def test_ordinary_words_stay(text):
    assert blind.redactor(PEOPLE)(text) == text


def test_a_company_name_loses_its_legal_and_trade_words_down_to_its_stem():
    assert blind_tokens.company_stems("Moonlight Pictures Ltd.") == [
        "moonlight pictures",
        "moonlight",
    ]
    assert blind_tokens.company_stems("(주)달빛픽처스") == ["달빛"]
    assert blind_tokens.company_stems("Studio Pictures") == []


def test_a_hangul_name_gives_its_given_name():
    assert blind_tokens.name_parts("김이준") == ["김이준", "이준"]
    assert blind_tokens.name_parts("남궁민수") == ["남궁민수", "남궁", "민수"]


def test_short_parts_and_common_words_are_not_hidden_alone():
    assert not blind_tokens.is_distinctive("ho")
    assert not blind_tokens.is_distinctive("the")
    assert not blind_tokens.is_distinctive("march")
    assert blind_tokens.is_distinctive("이준")


def test_staff_see_what_is_hidden_and_the_near_misses():
    pieces = blind.checked("Kimberly met Jisso and JISOO; moonlite", PEOPLE)

    assert [p.text for p in pieces if p.hidden] == ["JISOO"]
    assert {p.text: p.resembles for p in pieces if p.resembles} == {
        "Kimberly": "kim",
        "Jisso": "jisoo",
    }
    assert "".join(p.text for p in pieces) == "Kimberly met Jisso and JISOO; moonlite"


def test_one_edit_apart():
    assert blind_tokens.within_one_edit("jisso", "jisoo")
    assert blind_tokens.within_one_edit("jiso", "jisoo")
    assert not blind_tokens.within_one_edit("jisu", "jisoo")


def test_a_folded_character_maps_back_onto_the_text_as_written():
    hide = blind.redactor(["Jisoo Kim"])

    assert hide("Straße für ＪＩＳＯＯ, ß") == "Straße für ███, ß"
