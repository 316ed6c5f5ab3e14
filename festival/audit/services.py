"""Recording audit events; callers commit with the change they describe."""

from __future__ import annotations

from festival.audit.models import AuditEvent
from festival.extensions import db


def record(
    verb: str,
    subject,
    *,
    actor=None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Add an event for `subject` (any model with an `id`) to the session, flushed."""
    db.session.flush()
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        verb=verb,
        subject_type=type(subject).__tablename__,
        subject_id=subject.id,
        before=before,
        after=after,
        reason=reason,
    )
    db.session.add(event)
    return event


def record_many(verb: str, changes, *, actor=None) -> None:
    """`record` for many subjects at once (a bulk action, an import): `changes` yields
    (subject, before, after); one flush first, then the events are inserted in one batch
    (no objects are kept in the session, so thousands cost little)."""
    db.session.flush()
    rows = [
        {
            "actor_id": getattr(actor, "id", None),
            "verb": verb,
            "subject_type": type(subject).__tablename__,
            "subject_id": subject.id,
            "before": before,
            "after": after,
            "reason": None,
        }
        for subject, before, after in changes
    ]
    if rows:
        db.session.execute(db.insert(AuditEvent), rows)


def record_by_id(
    verb: str, subject_type: str, subject_id: int, *, actor_id: int | None, after: dict
) -> None:
    """`record` in one INSERT, for a caller that knows only ids and writes an event on every
    request (the API's call log): no flush, no object kept in the session."""
    db.session.execute(
        db.insert(AuditEvent).values(
            actor_id=actor_id,
            verb=verb,
            subject_type=subject_type,
            subject_id=subject_id,
            after=after,
        )
    )


def events_for(subject) -> list[AuditEvent]:
    return db.session.scalars(
        db.select(AuditEvent)
        .where(
            AuditEvent.subject_type == type(subject).__tablename__,
            AuditEvent.subject_id == subject.id,
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
