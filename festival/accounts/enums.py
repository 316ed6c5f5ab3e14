from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class Role(LabelledEnum):
    FILMMAKER = "filmmaker", _l("Filmmaker")
    PROGRAMMER = "programmer", _l("Programmer")
    JUROR = "juror", _l("Juror")
    ADMIN = "admin", _l("Admin")


# Role sets, named once; a route declares one of them (`@roles(*FILMMAKER_AND_STAFF)`).
STAFF_ROLES = frozenset({Role.PROGRAMMER, Role.ADMIN})
REVIEWER_ROLES = frozenset({Role.JUROR}) | STAFF_ROLES  # score and screen films
FILMMAKER_AND_STAFF = frozenset({Role.FILMMAKER}) | STAFF_ROLES  # films, uploads, disclosures
EVERY_ROLE = frozenset(Role)  # e.g. watching: each viewer's own rule decides the film
INVITABLE_ROLES = (Role.PROGRAMMER, Role.JUROR, Role.ADMIN)
