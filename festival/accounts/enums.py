from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    FILMMAKER = "filmmaker"
    PROGRAMMER = "programmer"
    JUROR = "juror"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.FILMMAKER: _l("Filmmaker"),
    Role.PROGRAMMER: _l("Programmer"),
    Role.JUROR: _l("Juror"),
    Role.ADMIN: _l("Admin"),
}

STAFF_ROLES = frozenset({Role.PROGRAMMER, Role.ADMIN})
INVITABLE_ROLES = (Role.PROGRAMMER, Role.JUROR, Role.ADMIN)
