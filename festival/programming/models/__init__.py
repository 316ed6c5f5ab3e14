"""The programming tables, one module per aggregate; importing this package registers them."""

from festival.programming.models import decisions  # noqa: F401
from festival.programming.models.desk import DeskRow, SavedView
from festival.programming.models.imports import ImportedEntry, ImportRun
from festival.programming.models.programme import (
    Block,
    BlockFilm,
    ProgrammePublication,
    Screening,
    ScreeningChange,
    ScreeningGuest,
    Venue,
)

__all__ = [
    "Block",
    "BlockFilm",
    "DeskRow",
    "ImportRun",
    "ImportedEntry",
    "ProgrammePublication",
    "SavedView",
    "Screening",
    "ScreeningChange",
    "ScreeningGuest",
    "Venue",
]
