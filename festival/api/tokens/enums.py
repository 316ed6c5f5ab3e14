from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class TokenScope(LabelledEnum):
    """What a token may do; a token acts with its user's role within these."""

    READ = "read", _l("Read")
    WRITE = "write", _l("Write")


READ_ONLY = frozenset({TokenScope.READ})
READ_AND_WRITE = frozenset(TokenScope)
