"""Fee waiver codes: case-insensitive, unique per edition, each good for a number of uses.

A use is taken with one conditional UPDATE, so concurrent submissions can never spend more
uses than there are (and the database refuses `uses_left < 0` besides)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from festival.audit.services import record
from festival.editions import rules
from festival.editions.models import Edition, WaiverCode
from festival.editions.services import EditionError
from festival.extensions import db


class WaiverCodeError(EditionError):
    """A code that does not exist for the edition, or has no uses left."""


def normalise_code(code: str) -> str:
    return code.strip().upper()


def find_waiver_code(edition: Edition, code: str) -> WaiverCode | None:
    return db.session.scalar(
        db.select(WaiverCode).where(
            WaiverCode.edition_id == edition.id, WaiverCode.code == normalise_code(code)
        )
    )


def add_waiver_code(edition: Edition, *, actor, code: str, uses_left: int) -> WaiverCode:
    code = normalise_code(code)
    if find_waiver_code(edition, code) is not None:
        raise EditionError(_l("This edition already has this code."), "code")
    waiver_code = WaiverCode(code=code, uses_left=uses_left)
    edition.waiver_codes.append(waiver_code)
    db.session.flush()
    record("waiver_code_added", edition, actor=actor, after=_facts(waiver_code, uses_left))
    return waiver_code


def set_uses_left(waiver_code: WaiverCode, uses_left: int, *, actor) -> None:
    before = waiver_code.uses_left
    if before == uses_left:
        return
    waiver_code.uses_left = uses_left
    record(
        "waiver_code_changed",
        waiver_code.edition,
        actor=actor,
        before=_facts(waiver_code, before),
        after=_facts(waiver_code, uses_left),
    )


def remove_waiver_code(waiver_code: WaiverCode, *, actor) -> None:
    if not rules.can_remove_waiver_code(waiver_code):
        raise EditionError(_l("Entries used this code, so it cannot be removed."))
    edition = waiver_code.edition
    before = _facts(waiver_code, waiver_code.uses_left)
    edition.waiver_codes.remove(waiver_code)
    record("waiver_code_removed", edition, actor=actor, before=before)


def _facts(waiver_code: WaiverCode, uses_left: int) -> dict:
    """A waiver code as its edition's audit events record it."""
    return {"id": waiver_code.id, "code": waiver_code.code, "uses_left": uses_left}


def redeem_waiver_code(edition: Edition, code: str) -> WaiverCode:
    """Spend one use of `code` for `edition`; WaiverCodeError when unknown or used up.

    The caller commits together with the entry the waiver pays for."""
    waiver_code = find_waiver_code(edition, code)
    if waiver_code is None:
        raise WaiverCodeError(_l("This waiver code is not valid for this edition."), "code")
    spent = db.session.execute(
        update(WaiverCode)
        .where(WaiverCode.id == waiver_code.id, WaiverCode.uses_left > 0)
        .values(uses_left=WaiverCode.uses_left - 1)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise WaiverCodeError(_l("This waiver code has been used up."), "code")
    db.session.expire(waiver_code, ["uses_left"])
    return waiver_code
