"""The notification texts of decisions: placeholders in braces, checked when a text is saved
(an unknown one is refused with its name) and filled for each entry when it is previewed or
released.

    Dear {filmmaker_name}, "{film_title}" ({category}) ... {outcome} ... {festival_name}

A brace is written twice to stand for itself (`{{` and `}}`). Each outcome has a default text
in every language of the site, chosen by the status the outcome gives at release."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from festival.refusals import Refusal
from festival.submissions.enums import SubmissionStatus

PLACEHOLDERS = (
    "filmmaker_name",
    "film_title",
    "category",
    "outcome",
    "festival_name",
    "feedback",
    "screening_date",
    "screening_venue",
    "confirm_url",
    "withdraw_url",
)

TO_BE_ANNOUNCED = {"en": "to be announced", "ko": "추후 공지"}
"""What `{screening_date}` and `{screening_venue}` read until a screening is confirmed."""

MAX_SUBJECT = 300
MAX_BODY = 10_000


class TemplateError(Refusal):
    """A notification text that cannot be saved; `field` is "subject" or "body"."""


def check_text(text: str, field: str) -> None:
    """Refuse `text` if it names a placeholder not in `PLACEHOLDERS`, formats one (`{x:>5}`,
    `{x!r}`, `{x.y}`) or has a lone brace."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise TemplateError(
            _l("A lone brace: write {{ or }} for a brace, or close the placeholder."), field
        ) from error
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise TemplateError(
                _l(
                    "Unknown placeholder {%(name)s}. Use one of: %(known)s.",
                    name=name,
                    known=", ".join(f"{{{known}}}" for known in PLACEHOLDERS),
                ),
                field,
            )
        if spec or conversion:
            raise TemplateError(
                _l("Write the placeholder {%(name)s} without a format.", name=name), field
            )


def fill(text: str, values: dict[str, str]) -> str:
    """`text` (already checked) with each placeholder replaced by its value; the blank lines
    an empty value leaves are closed up."""
    filled = text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})
    return re.sub(r"\n{3,}", "\n\n", filled).strip()


@dataclass(frozen=True)
class MessageText:
    subject: str
    body: str


DEFAULT_KIND = {
    SubmissionStatus.SELECTED: "selected",
    SubmissionStatus.SHORTLISTED: "waitlisted",
    SubmissionStatus.NOT_SELECTED: "not_selected",
}

DEFAULTS: dict[str, dict[str, MessageText]] = {
    "en": {
        "selected": MessageText(
            "{festival_name}: “{film_title}” is selected",
            "Dear {filmmaker_name},\n\n"
            "We are delighted to tell you that “{film_title}” is selected for {festival_name} "
            "({category}): {outcome}.\n\n"
            "Screening: {screening_date}, {screening_venue}.\n\n"
            "Please confirm your attendance and upload the screening copy here:\n{confirm_url}\n\n"
            "If you cannot take part, tell us here:\n{withdraw_url}\n\n"
            "{feedback}\n\n"
            "With warm regards,\nThe {festival_name} programming team",
        ),
        "waitlisted": MessageText(
            "{festival_name}: “{film_title}” is on the waiting list",
            "Dear {filmmaker_name},\n\n"
            "“{film_title}” ({category}) is on the waiting list of {festival_name}: {outcome}. "
            "We will write again as soon as a place opens.\n\n"
            "{feedback}\n\n"
            "With warm regards,\nThe {festival_name} programming team",
        ),
        "not_selected": MessageText(
            "{festival_name}: about “{film_title}”",
            "Dear {filmmaker_name},\n\n"
            "Thank you for entering “{film_title}” in {festival_name} ({category}). "
            "We are sorry to tell you that it was not selected this year: {outcome}.\n\n"
            "{feedback}\n\n"
            "We hope to see your next film.\nThe {festival_name} programming team",
        ),
        "other": MessageText(
            "{festival_name}: news about “{film_title}”",
            "Dear {filmmaker_name},\n\n"
            "The programmers of {festival_name} have decided on “{film_title}” ({category}): "
            "{outcome}.\n\n"
            "{feedback}\n\n"
            "With warm regards,\nThe {festival_name} programming team",
        ),
    },
    "ko": {
        "selected": MessageText(
            "{festival_name}: 「{film_title}」 선정 안내",
            "{filmmaker_name} 님께,\n\n"
            "「{film_title}」이(가) {festival_name} {category} 부문에 선정되었음을 기쁜 마음으로 "
            "알려드립니다: {outcome}.\n\n"
            "상영: {screening_date}, {screening_venue}.\n\n"
            "아래에서 참석 여부를 알려 주시고 상영본을 올려 주세요:\n{confirm_url}\n\n"
            "참여하실 수 없다면 여기에서 알려 주세요:\n{withdraw_url}\n\n"
            "{feedback}\n\n"
            "{festival_name} 프로그램팀 드림",
        ),
        "waitlisted": MessageText(
            "{festival_name}: 「{film_title}」 대기 명단 안내",
            "{filmmaker_name} 님께,\n\n"
            "「{film_title}」({category})이(가) {festival_name} 대기 명단에 올랐습니다: "
            "{outcome}. 자리가 나는 대로 다시 연락드리겠습니다.\n\n"
            "{feedback}\n\n"
            "{festival_name} 프로그램팀 드림",
        ),
        "not_selected": MessageText(
            "{festival_name}: 「{film_title}」 심사 결과 안내",
            "{filmmaker_name} 님께,\n\n"
            "{festival_name} {category} 부문에 「{film_title}」을(를) 출품해 주셔서 감사합니다. "
            "아쉽게도 올해에는 선정되지 않았음을 알려드립니다: {outcome}.\n\n"
            "{feedback}\n\n"
            "다음 작품을 기대하겠습니다.\n{festival_name} 프로그램팀 드림",
        ),
        "other": MessageText(
            "{festival_name}: 「{film_title}」 결과 안내",
            "{filmmaker_name} 님께,\n\n"
            "{festival_name} 프로그래머들이 「{film_title}」({category})에 대해 결정했습니다: "
            "{outcome}.\n\n"
            "{feedback}\n\n"
            "{festival_name} 프로그램팀 드림",
        ),
    },
}

FEEDBACK_HEADING = {"en": "Notes from the jury:", "ko": "심사위원의 한마디:"}


def default_text(status: SubmissionStatus | None, locale: str) -> MessageText:
    texts = DEFAULTS.get(locale) or DEFAULTS["en"]
    return texts[DEFAULT_KIND.get(status, "other")]


def feedback_text(notes: list[str], locale: str) -> str:
    """The reviewers' notes the festival shares, under a heading; empty without notes."""
    notes = [note.strip() for note in notes if note and note.strip()]
    if not notes:
        return ""
    heading = FEEDBACK_HEADING.get(locale) or FEEDBACK_HEADING["en"]
    return "\n\n".join([heading, *("— " + note for note in notes)])


def to_be_announced(locale: str) -> str:
    return TO_BE_ANNOUNCED.get(locale) or TO_BE_ANNOUNCED["en"]
