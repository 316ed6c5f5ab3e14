"""Posters and stills: checked by their content (never the file name), re-encoded and stored.

`prepare_image` trusts nothing in the upload: Pillow identifies it among the formats we accept,
refuses decompression bombs and damaged files, applies the EXIF orientation, drops every piece
of metadata (camera, GPS, author) and re-encodes a display size and a thumbnail. `store_image`
writes them under MEDIA_ROOT through temporary names, so a half-written file is never seen.

Memory is bounded: the pixel count is read from the header and refused above
MAX_IMAGE_PIXELS before anything is decoded; a JPEG is decoded at the smallest DCT scale
(1/2 to 1/8) that still covers the display size; a PNG or WebP is decoded once at its own
depth (at most 40 MP × 4 bytes), and all later work (colour, alpha, resampling) runs on strips
of it, within WORKING_BYTES. At most CONCURRENT_IMAGES images are prepared at once in a
process, so many uploads in parallel queue instead of adding up (see WORKING_BYTES)."""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, PngImagePlugin, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from festival.refusals import Refusal

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
"""Enough for an 8K still (33 MP) or a poster of 5000 × 8000; we keep 1600 pixels at most."""
MAX_WEBP_PIXELS = 10_000_000
"""Pillow decodes WebP through libwebp's animation decoder, which holds about four copies of
the frame (16 bytes a pixel), so a WebP gets the same memory as a 40 MP RGBA PNG."""
DECODED_BYTES = 160 * 1024 * 1024
"""The most one decoded upload holds: 40 MP × 4 bytes (Pillow keeps RGB in 4), a 10 MP WebP,
or a progressive JPEG's coefficients."""
MIN_SHORT_SIDE = 320
DISPLAY_LONG_SIDE = 1600
THUMBNAIL_LONG_SIDE = 400
JPEG_QUALITY = 85
STRIP_ROWS = 64
"""Display rows made per strip of the decoded image."""
WORKING_BYTES = 48 * 1024 * 1024
"""What preparing an image costs beyond its decoded pixels: a strip, the display image and
the thumbnail (measured by tests/films/test_images.py). One upload costs at most
DECODED_BYTES + WORKING_BYTES; a process, CONCURRENT_IMAGES times that."""
CONCURRENT_IMAGES = 2
IMAGE_WAIT_S = 30

# Pillow warns above this many pixels and refuses above twice as many; we refuse both.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Text chunks are dropped anyway; a PNG may not inflate them beyond this.
PngImagePlugin.MAX_TEXT_MEMORY = 4 * 1024 * 1024
_SRGB = ImageCms.createProfile("sRGB")
_image_work = threading.BoundedSemaphore(CONCURRENT_IMAGES)
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""EXIF orientation → the turn that makes the image upright, as `ImageOps.exif_transpose`."""


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
    with _work_slot():
        image = _decode(data)
        display = _display_in_srgb(image)
        turn = _TURNS.get(image.getexif().get(0x0112, 1))
        del image
    if turn is not None:
        display = display.transpose(turn)
    return PreparedImage(display=display, thumbnail=_fit(display, THUMBNAIL_LONG_SIDE))


@contextlib.contextmanager
def _work_slot() -> Iterator[None]:
    if not _image_work.acquire(timeout=IMAGE_WAIT_S):
        raise ImageError(
            _l("Many images are being prepared right now. Wait a minute and upload it again.")
        )
    try:
        yield
    finally:
        _image_work.release()


def _decode(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                _check_size(probe.size, probe.format)
                probe.verify()
            image = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
            image.draft("RGB", _fitted_size(image.size, DISPLAY_LONG_SIDE))
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


def _check_size(size: tuple[int, int], format: str | None) -> None:
    width, height = size
    limit = MAX_WEBP_PIXELS if format == "WEBP" else MAX_IMAGE_PIXELS
    if width * height > limit:
        raise _too_many_pixels(limit)
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


def _too_many_pixels(limit: int = MAX_IMAGE_PIXELS) -> ImageError:
    return ImageError(
        _l(
            "The image has more than %(megapixels)d million pixels. Export a smaller one.",
            megapixels=limit // 1_000_000,
        )
    )


def _fitted_size(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    scale = max(width, height) / long_side
    if scale <= 1:
        return size
    return max(1, round(width / scale)), max(1, round(height / scale))


def _display_in_srgb(image: Image.Image) -> Image.Image:
    """The image fitted within DISPLAY_LONG_SIDE, alpha flattened onto white, colours in sRGB,
    made STRIP_ROWS display rows at a time: only one strip of the full-size image is ever
    converted. Each strip is resampled from its rows plus the Lanczos filter's reach, so the
    result is the same as resampling the whole image at once."""
    width, height = image.size
    size = _fitted_size(image.size, DISPLAY_LONG_SIDE)
    to_srgb = _srgb_converter(image)
    row_scale = height / size[1]
    reach = math.ceil(3 * row_scale) + 1  # Lanczos reads 3 output pixels' worth either side
    display = Image.new("RGB", size)
    for top in range(0, size[1], STRIP_ROWS):
        bottom = min(top + STRIP_ROWS, size[1])
        first, last = top * row_scale, bottom * row_scale
        crop_top = max(0, math.floor(first) - reach)
        crop_bottom = min(height, math.ceil(last) + reach)
        strip = to_srgb(image.crop((0, crop_top, width, crop_bottom)))
        box = (0, first - crop_top, width, last - crop_top)
        display.paste(
            strip.resize((size[0], bottom - top), Image.Resampling.LANCZOS, box=box), (0, top)
        )
    return display


def _srgb_converter(image: Image.Image) -> Callable[[Image.Image], Image.Image]:
    """How to turn a part of `image` into sRGB on white: alpha flattened, the embedded colour
    profile applied when it is usable, else a plain conversion."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return _flattened_onto_white
    profile = image.info.get("icc_profile")
    if profile:
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            transform = ImageCms.buildTransform(
                ImageCms.ImageCmsProfile(BytesIO(profile)), _SRGB, image.mode, "RGB"
            )
            ImageCms.applyTransform(image.crop((0, 0, 1, 1)), transform)
            return lambda part: ImageCms.applyTransform(part, transform)
    return lambda part: part.convert("RGB")


def _flattened_onto_white(part: Image.Image) -> Image.Image:
    rgba = part.convert("RGBA")
    flattened = Image.new("RGB", rgba.size, "white")
    flattened.paste(rgba, mask=rgba.getchannel("A"))
    return flattened


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
