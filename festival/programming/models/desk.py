"""The desk's tables: one denormalised row per submission (what the list filters, sorts and
searches, so a page of 20,000 entries is one indexed query), and the programmers' saved views.

The full-text index over `DeskRow.search_text` is built by each database its own way (an FTS5
trigram table on SQLite, a pg_trgm GIN index on PostgreSQL); `festival.programming.search`
creates and reads it. Its objects are named `search_*`, which `festival.schema` leaves out of
the comparison of models and migrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.submissions.enums import SubmissionStatus


class DeskRow(db.Model):
    """What the desk shows and filters of one submission, set only by
    `programming.desk_rows.refresh_rows` (the jury columns by `refresh_jury_scores`).

    Lists of codes are kept as text fenced by "|" ("|KR|FR|") so a filter is one LIKE."""

    __tablename__ = "programming_desk_rows"
    __table_args__ = (
        Index("ix_programming_desk_rows_edition_status", "edition_id", "status"),
        Index("ix_programming_desk_rows_edition_sort_title", "edition_id", "sort_title"),
        Index("ix_programming_desk_rows_edition_submitted", "edition_id", "submitted_at"),
    )

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE"), primary_key=True
    )
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("editions_categories.id"), index=True)
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("editions_deadlines.id"), index=True)
    status: Mapped[SubmissionStatus] = mapped_column(string_enum(SubmissionStatus))
    title: Mapped[str] = mapped_column(String(300))
    original_title: Mapped[str] = mapped_column(String(300), default="")
    sort_title: Mapped[str] = mapped_column(String(300))
    """The title folded for sorting (case-insensitive on every database)."""
    filmmaker: Mapped[str] = mapped_column(String(200), default="")
    countries: Mapped[str] = mapped_column(String(200), default="|")
    languages: Mapped[str] = mapped_column(String(200), default="|")
    runtime_s: Mapped[int] = mapped_column(default=0)
    fee_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="")
    is_paid: Mapped[bool] = mapped_column(default=False)
    is_waived: Mapped[bool] = mapped_column(default=False)
    ai_share: Mapped[float] = mapped_column(default=0.0)
    """Share of the runtime the disclosure's segments cover, 0 to 1."""
    extents: Mapped[str] = mapped_column(String(500), default="|")
    """Each answered element with its extent's rank: "|voice_dialogue:3|music_score:1|"."""
    tools: Mapped[str] = mapped_column(Text, default="|")
    """The AI tools named in the disclosure, folded: "|runway gen-4|suno|"."""
    qc: Mapped[str | None] = mapped_column(String(8))
    """The worst QC status of the playable screener against the edition's requirements
    ("pass", "warn", "fail"); None without a checked screener."""
    screening_mean: Mapped[float | None]
    screening_count: Mapped[int] = mapped_column(default=0)
    tags: Mapped[str] = mapped_column(Text, default="|")
    jury_mean: Mapped[float | None]
    jury_calibrated: Mapped[float | None]
    conflicts: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    search_text: Mapped[str] = mapped_column(Text, default="")
    """Titles, logline, synopsis and credits, NFC and case-folded: what full-text search reads."""


class SavedView(db.Model):
    """A named filter and sort of the desk; `query` is the desk's query string. A shared view
    is read by every staff member, changed only by its owner."""

    __tablename__ = "programming_saved_views"
    __table_args__ = (
        UniqueConstraint("owner_id", "edition_id", "name", name="uq_saved_view_owner_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text, default="")
    is_shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    edition: Mapped[Edition] = relationship()


SEARCH_TABLE = "search_desk"
"""The SQLite FTS5 table over `DeskRow.search_text` (external content: the row is the text)."""
SEARCH_TRIGRAM_INDEX = "search_desk_trigram"
"""The PostgreSQL pg_trgm GIN index on `DeskRow.search_text`."""

_SQLITE_SEARCH_INDEX = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(search_text, "
    "content='programming_desk_rows', content_rowid='submission_id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_inserted AFTER INSERT ON programming_desk_rows "
    f"BEGIN INSERT INTO {SEARCH_TABLE}(rowid, search_text) "
    "VALUES (new.submission_id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_deleted AFTER DELETE ON programming_desk_rows "
    f"BEGIN INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.submission_id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_updated AFTER UPDATE OF search_text "
    f"ON programming_desk_rows BEGIN INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, "
    "search_text) VALUES ('delete', old.submission_id, old.search_text); "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) "
    "VALUES (new.submission_id, new.search_text); END",
)


def create_search_index(connection) -> None:
    """Build the full-text index of the desk (kept in step with `DeskRow` by the database:
    triggers on SQLite, the index itself on PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_SEARCH_INDEX:
            connection.exec_driver_sql(statement)
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema = connection.exec_driver_sql(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        ).scalar_one()
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_TRIGRAM_INDEX} ON programming_desk_rows "
            f"USING gin (search_text {schema}.gin_trgm_ops)"
        )


def drop_search_index(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {SEARCH_TRIGRAM_INDEX}")


event.listen(
    DeskRow.__table__,
    "after_create",
    lambda table, connection, **kw: create_search_index(connection),
)
event.listen(
    DeskRow.__table__, "before_drop", lambda table, connection, **kw: drop_search_index(connection)
)
