"""The one boundary where a view's write is kept or dropped.

Services flush and raise `Refusal`; they never commit or roll back. A view hands its change
to `commit` and reads the `Outcome`:

    outcome = commit(lambda: services.create_edition(actor=current_user, **form.settings()),
                     form=form)
    if outcome:
        return redirect(url_for("editions.edit", edition_id=outcome.value.id))
    return render_template(..., form=form)   # the refusal is already beside its field

`form=` shows a refusal on that form, `flash=True` flashes it (an action with no page of its
own), neither leaves it to the caller (`outcome.refusal`, e.g. for `json_refusal`). No views
module calls `db.session.rollback()` or `db.session.commit()` around a service call itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash as flash_message

from festival.errors import json_error
from festival.extensions import db
from festival.refusals import Refusal, RefusalKind

T = TypeVar("T")

HTTP_STATUS = {
    RefusalKind.INVALID: 400,
    RefusalKind.NOT_FOUND: 404,
    RefusalKind.FORBIDDEN: 403,
    RefusalKind.CONFLICT: 409,
}


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `commit` did: true when the change was kept, with the change's return `value`;
    false with the `refusal` when it was dropped."""

    value: T | None = None
    refusal: Refusal | None = None

    def __bool__(self) -> bool:
        return self.refusal is None


def commit(change: Callable[[], T], *, form=None, flash: bool = False) -> Outcome[T]:
    """Run `change()` and commit; on a `Refusal` roll back, show it (on `form`, or flashed
    with `flash=True`) and return a false `Outcome` carrying it."""
    try:
        value = change()
    except Refusal as refusal:
        db.session.rollback()
        if form is not None:
            show_refusal(form, refusal)
        elif flash:
            flash_message(str(refusal), "error")
        return Outcome(refusal=refusal)
    db.session.commit()
    return Outcome(value=value)


def show_refusal(form, refusal: Refusal) -> None:
    """Put a `Refusal` next to its field, or above the form."""
    if refusal.field and refusal.field in form:
        form[refusal.field].errors.append(str(refusal))
    else:
        form.form_errors.append(str(refusal))


def http_status(refusal: Refusal) -> int:
    return HTTP_STATUS[refusal.kind]


def json_refusal(refusal: Refusal, **extra) -> tuple:
    """A refused change as the site's JSON error, with the status its kind maps to."""
    return json_error(refusal.message, http_status(refusal), **extra)


@contextmanager
def savepoint() -> Iterator[None]:
    """A SAVEPOINT inside the session's transaction, rolled back alone when its block raises.

    SQLite's driver begins a transaction only at the first write, so a SAVEPOINT before any
    write would itself be the outermost transaction and releasing it would commit; the
    driver's transaction is begun first. Use this, never `db.session.begin_nested()`."""
    connection = db.session.connection()
    if (
        connection.dialect.name == "sqlite"
        and not connection.connection.driver_connection.in_transaction
    ):
        connection.exec_driver_sql("BEGIN")
    with db.session.begin_nested():
        yield
