"""The media models, one module per aggregate: resumable uploads, screener versions and their
derived files, and what each viewer actually watched."""

from festival.media.models.screeners import MediaAsset, Screener
from festival.media.models.uploads import Upload
from festival.media.models.viewing import Viewing

__all__ = ["MediaAsset", "Screener", "Upload", "Viewing"]
