"""The programming tables, one module per aggregate; importing this package registers them."""

from festival.programming.models import decisions  # noqa: F401
from festival.programming.models.desk import DeskRow, SavedView
from festival.programming.models.imports import ImportedEntry, ImportRun

__all__ = ["DeskRow", "ImportRun", "ImportedEntry", "SavedView"]
