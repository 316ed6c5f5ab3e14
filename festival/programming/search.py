"""Full-text search of the desk: titles in any script (Hangul included), logline, synopsis and
credits, one query interface over each database's own index.

Both indexes match substrings, so a search means the same everywhere: every word typed must
appear somewhere in the entry's text, case-folded ("서울" finds "서울의 밤", "rain" finds
"Rainfall"). Words of three characters or more use the trigram index (SQLite FTS5's `trigram`
tokenizer; PostgreSQL's pg_trgm GIN index, which serves LIKE); shorter words, which no trigram
holds (a two-syllable Korean word is common), are matched by a LIKE over the edition's rows.
Word-stemming full text (`to_tsvector`) is left out: it splits no Hangul and finds no part of a
word, and programmers search for names and titles."""

from __future__ import annotations

from sqlalchemy import and_, text
from sqlalchemy.sql.elements import ColumnElement

from festival.extensions import db
from festival.programming.desk_rows import fold
from festival.programming.models import DeskRow
from festival.programming.models.desk import SEARCH_TABLE

TRIGRAM = 3
MAX_WORDS = 8


def words_of(query: str) -> list[str]:
    """The distinct folded words of what was typed, at most `MAX_WORDS`."""
    words: list[str] = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def matching(query: str) -> ColumnElement[bool] | None:
    """The condition on `DeskRow` that every word of `query` appears in its text; None for an
    empty query."""
    words = words_of(query)
    if not words:
        return None
    long_words = [word for word in words if len(word) >= TRIGRAM]
    conditions = [
        DeskRow.search_text.like(f"%{like_escaped(word)}%", escape="\\")
        for word in words
        if word not in long_words or not _has_fts5()
    ]
    if long_words and _has_fts5():
        phrase = " AND ".join('"' + word.replace('"', '""') + '"' for word in long_words)
        conditions.append(
            DeskRow.submission_id.in_(
                text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :phrase")
                .bindparams(phrase=phrase)
                .columns(rowid=db.Integer)
            )
        )
    return and_(*conditions)


def _has_fts5() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def like_escaped(word: str) -> str:
    """`word` for a LIKE pattern with "\\" as its escape character."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
