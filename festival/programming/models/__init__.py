"""The programming tables, one module per aggregate; importing this package registers them."""

from festival.programming.models.desk import DeskRow, SavedView

__all__ = ["DeskRow", "SavedView"]
