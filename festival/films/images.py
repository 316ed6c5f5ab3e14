"""Posters and stills: checked by their content (never the file name), re-encoded and stored.

`prepare_image` trusts nothing in the upload: Pillow identifies it among the formats we accept,
refuses decompression bombs and damaged files, applies the EXIF orientation, drops every piece
of metadata (camera, GPS, author) and re-encodes a display size and a thumbnail. `store_image`
writes them under MEDIA_ROOT through temporary names, so a half-written file is never seen."""

from __future__ import annotations

import contextlib
import os
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from festival.refusals import Refusal

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
MAX_IMAGE_PIXELS = 64_000_000
MIN_SHORT_SIDE = 320
DISPLAY_LONG_SIDE = 1600
THUMBNAIL_LONG_SIDE = 400
JPEG_QUALITY = 85

# Pillow warns above this many pixels and refuses above twice as many; we refuse both.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
_SRGB = ImageCms.createProfile("sRGB")


class ImageError(Refusal):
    """An upload we refuse; the message, shown by the file field, tells the filmmaker why and
    what to send instead."""

    def __init__(self, message):
        super().__init__(message, "file")


@dataclass(frozen=True)
class PreparedImage:
    display: Image.Image
    thumbnail: Image.Image


@dataclass(frozen=True)
class StoredImage:
    """Paths relative to MEDIA_ROOT; `bytes` is the size of the display file."""

    path: str
    thumbnail_path: str
    width: int
    height: int
    bytes: int


def prepare_image(stream: BinaryIO, *, max_bytes: int = MAX_UPLOAD_BYTES) -> PreparedImage:
    """A display-size and a thumbnail RGB image from an upload, or ImageError saying why not."""
    data = stream.read(max_bytes + 1)
    if not data:
        raise ImageError(_l("The file is empty. Choose a JPEG, PNG or WebP image."))
    if len(data) > max_bytes:
        raise ImageError(
            _l(
                "The image is larger than %(megabytes)d MB. Export a smaller JPEG and try again.",
                megabytes=max_bytes // (1024 * 1024),
            )
        )
    image = _decode(data)
    image = _upright_srgb(image)
    display = _fit(image, DISPLAY_LONG_SIDE)
    return PreparedImage(display=display, thumbnail=_fit(display, THUMBNAIL_LONG_SIDE))


def _decode(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                _check_size(probe.size)
                probe.verify()
            image = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
            image.draft("RGB", (DISPLAY_LONG_SIDE, DISPLAY_LONG_SIDE))
            image.load()
        except ImageError:
            raise
        except UnidentifiedImageError:
            raise ImageError(
                _l("This file is not a JPEG, PNG or WebP image. Choose an image in one of these.")
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageError(
                _l("The image could not be read; it may be damaged. Export it again and retry.")
            ) from None
    return image


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    if min(width, height) < MIN_SHORT_SIDE:
        raise ImageError(
            _l(
                "The image is %(width)d × %(height)d pixels; its shorter side needs at least "
                "%(minimum)d.",
                width=width,
                height=height,
                minimum=MIN_SHORT_SIDE,
            )
        )


def _too_many_pixels() -> ImageError:
    return ImageError(
        _l(
            "The image has more than %(megapixels)d million pixels. Export a smaller one.",
            megapixels=MAX_IMAGE_PIXELS // 1_000_000,
        )
    )


def _upright_srgb(image: Image.Image) -> Image.Image:
    """Turned as the camera meant, alpha flattened onto white, colours in sRGB."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flattened = Image.new("RGB", rgba.size, "white")
        flattened.paste(rgba, mask=rgba.getchannel("A"))
        return flattened
    profile = image.info.get("icc_profile")
    if profile:
        # an unusable profile falls back to a plain conversion
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(BytesIO(profile)), _SRGB, outputMode="RGB"
            )
    return image.convert("RGB")


def _fit(image: Image.Image, long_side: int) -> Image.Image:
    """A copy no larger than `long_side` either way, with no metadata at all."""
    fitted = image.copy()
    fitted.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    fitted.info = {}
    return fitted


def store_image(prepared: PreparedImage, *, media_root: str | Path, film_id: int) -> StoredImage:
    """Write the display JPEG and its thumbnail under `films/<film_id>/images/`."""
    folder = Path("films") / str(film_id) / "images"
    name = secrets.token_hex(12)
    path, thumbnail_path = folder / f"{name}.jpg", folder / f"{name}-thumb.jpg"
    root = Path(media_root)
    size = _write_jpeg(prepared.display, root / path)
    try:
        _write_jpeg(prepared.thumbnail, root / thumbnail_path)
    except BaseException:
        (root / path).unlink(missing_ok=True)
        raise
    width, height = prepared.display.size
    return StoredImage(str(path), str(thumbnail_path), width, height, size)


def _write_jpeg(image: Image.Image, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "wb") as handle:
            image.save(handle, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def media_file(media_root: str | Path, relative: str) -> Path | None:
    """The absolute path of a stored file, or None if it escapes MEDIA_ROOT or is gone."""
    root = Path(media_root).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


# Files follow the transaction that records them: written files are removed if it rolls back,
# replaced or removed files are deleted only once it commits.

_DELETE_ON_COMMIT = "films.delete_on_commit"
_DELETE_ON_ROLLBACK = "films.delete_on_rollback"


def delete_after_commit(session, media_root: str | Path, *relative_paths: str) -> None:
    paths = session.info.setdefault(_DELETE_ON_COMMIT, [])
    paths.extend(Path(media_root) / relative for relative in relative_paths)


def delete_after_rollback(session, media_root: str | Path, *relative_paths: str) -> None:
    paths = session.info.setdefault(_DELETE_ON_ROLLBACK, [])
    paths.extend(Path(media_root) / relative for relative in relative_paths)


def _delete(paths) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_DELETE_ON_ROLLBACK, None)
    _delete(session.info.pop(_DELETE_ON_COMMIT, ()))


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_DELETE_ON_COMMIT, None)
    _delete(session.info.pop(_DELETE_ON_ROLLBACK, ()))
