"""`LabelledEnum`: the one way to give an enum's members the words a person reads.

    class CallState(LabelledEnum):
        DRAFT = "draft", _l("Not published")
        OPEN = "open", _l("Open for entries")

Each member is a `StrEnum` member (stored and compared as its value, "draft") with a `label`
(usually a lazy string, translated when shown). A member without a label fails at import, so
no label can go missing. Groups of members are module constants beside the enum
(`OPEN_STATES = frozenset({...})`).
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    label: str

    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
