"""Imports from FilmFreeway: each run of an import, and which film and submissions each
imported row became.

`ImportedEntry` is a programming-side table keyed by the FilmFreeway row (its Submission ID
within the edition), not a column on submissions: submissions and films stay unaware of where an
entry came from (no domain below may know programming), and one FilmFreeway row naming two
categories becomes one film and two submissions, which a per-submission column could not tie
together. Its submissions are the film's entries in the edition."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film


class ImportRun(db.Model):
    """One uploaded file: staged (its bytes kept, its mapping chosen, previewed) until it is
    applied, then the counts and the report of every row. Set only by
    `programming.importing`."""

    __tablename__ = "programming_import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    source: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_bytes: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    """The uploaded file while the run is staged; dropped once it is applied."""
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    """{"categories": {FilmFreeway name: category id or null}, "statuses": {key: status or
    null}}; null refuses the rows that name it."""
    rows_taken: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    rows_refused: Mapped[int] = mapped_column(default=0)
    report: Mapped[list] = mapped_column(JSON, default=list)
    """Every row: {line, submission_id, title, outcome, issue, detail}."""
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the filmmakers of the films it took were sent their invitations (a job)."""

    edition: Mapped[Edition] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None


class ImportedEntry(db.Model):
    """A FilmFreeway submission brought into an edition: the film it became (its entries in the
    edition are the submissions), and the digest of the row last taken, so an unchanged row
    is left alone."""

    __tablename__ = "programming_imported_entries"
    __table_args__ = (
        UniqueConstraint("edition_id", "external_id", name="uq_imported_entry_edition_external"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    film_id: Mapped[int] = mapped_column(ForeignKey("films_films.id"), unique=True)
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(64))
    """FilmFreeway's Submission ID."""
    tracking_number: Mapped[str] = mapped_column(String(64), default="")
    row_sha256: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int] = mapped_column(ForeignKey("programming_import_runs.id"), index=True)
    """The run that last took or updated the row."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    film: Mapped[Film] = relationship()
