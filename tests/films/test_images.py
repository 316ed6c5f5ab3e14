"""Posters and stills are checked by content and re-encoded without metadata."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from festival.films import images
from festival.films.images import ImageError, prepare_image, store_image
from tests.films.conftest import image_bytes


def png_chunk(kind: bytes, data: bytes) -> bytes:
    checksum = struct.pack(">I", zlib.crc32(kind + data))
    return struct.pack(">I", len(data)) + kind + data + checksum


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` by `height` pixels but holds almost nothing: a bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    chunks = png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def prepared(data: bytes, **options) -> images.PreparedImage:
    return prepare_image(BytesIO(data), **options)


def test_a_png_is_accepted_whatever_it_is_called():
    result = prepared(image_bytes((800, 600), "PNG"))
    assert result.display.size == (800, 600)
    assert result.display.mode == "RGB"


@pytest.mark.parametrize("format", ["JPEG", "WEBP"])
def test_jpeg_and_webp_are_accepted(format):
    assert prepared(image_bytes((500, 400), format)).display.size == (500, 400)


def test_a_text_file_is_refused_with_a_plain_reason():
    with pytest.raises(ImageError, match="not a JPEG, PNG or WebP image"):
        prepared(b"<html>not an image</html>" * 20)


def test_other_image_formats_are_refused():
    with pytest.raises(ImageError, match="not a JPEG, PNG or WebP image"):
        prepared(image_bytes((500, 400), "GIF"))


def test_an_empty_file_is_refused():
    with pytest.raises(ImageError, match="empty"):
        prepared(b"")


def test_a_huge_dimension_bomb_is_refused_before_decoding():
    with pytest.raises(ImageError, match="more than 40 million pixels"):
        prepared(png_header(40_000, 40_000))


def test_an_image_just_above_the_pixel_limit_is_refused_too():
    # Pillow only warns between the limit and twice the limit; we refuse.
    with pytest.raises(ImageError, match="more than 40 million pixels"):
        prepared(png_header(9_000, 8_000))


def test_a_damaged_image_is_refused():
    data = image_bytes((800, 600), "PNG", color=(1, 2, 3))
    with pytest.raises(ImageError, match="may be damaged"):
        prepared(data[: len(data) // 2])


def test_a_too_small_image_is_refused_with_its_size():
    with pytest.raises(
        ImageError, match=r"300 \u00d7 900 pixels; its shorter side needs at least 320"
    ):
        prepared(image_bytes((300, 900)))


def test_a_too_large_upload_is_refused_with_the_limit():
    with pytest.raises(ImageError, match="larger than 1 MB"):
        prepared(b"\0" * (1024 * 1024 + 1), max_bytes=1024 * 1024)


def rotated_jpeg() -> bytes:
    """A landscape JPEG, red on the left and blue on the right, whose EXIF says: turn me 90°
    clockwise (orientation 6), as a phone held upright writes it. It carries camera metadata."""
    image = Image.new("RGB", (800, 400), "blue")
    image.paste((255, 0, 0), (0, 0, 400, 400))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "PhoneMaker"  # make
    exif[0x013B] = "Secret Author"  # artist
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"private comment", quality=95)
    return buffer.getvalue()


def test_exif_orientation_is_applied_so_the_image_comes_out_upright():
    display = prepared(rotated_jpeg()).display
    assert display.size == (400, 800)
    top, bottom = display.getpixel((200, 100)), display.getpixel((200, 700))
    assert top[0] > 200 and top[2] < 60, "the red half was on the left, so it is now on top"
    assert bottom[2] > 200 and bottom[0] < 60


def test_large_images_are_resized_to_display_and_thumbnail_sizes():
    result = prepared(image_bytes((3200, 2400)))
    assert result.display.size == (1600, 1200)
    assert result.thumbnail.size == (400, 300)


def test_transparency_is_flattened_onto_white():
    display = prepared(image_bytes((500, 500), "PNG", color=(0, 0, 0, 0), mode="RGBA")).display
    assert display.mode == "RGB"
    assert display.getpixel((10, 10)) == (255, 255, 255)


def test_stored_files_are_progressive_jpegs_without_metadata(tmp_path):
    stored = store_image(prepared(rotated_jpeg()), media_root=tmp_path, film_id=7)
    assert stored.path.startswith("films/7/images/") and stored.path.endswith(".jpg")
    assert stored.thumbnail_path.endswith("-thumb.jpg")
    display_file = tmp_path / stored.path
    assert stored.bytes == display_file.stat().st_size
    with Image.open(display_file) as written:
        assert written.format == "JPEG"
        assert (written.width, written.height) == (stored.width, stored.height) == (400, 800)
        assert written.info.get("progressive") or written.info.get("progression")
        assert not written.getexif()
        assert "comment" not in written.info and "icc_profile" not in written.info
    raw = display_file.read_bytes()
    assert b"PhoneMaker" not in raw and b"Secret Author" not in raw and b"private" not in raw
    with Image.open(tmp_path / stored.thumbnail_path) as thumbnail:
        assert thumbnail.size == (200, 400)
    leftovers = [p.name for p in Path(display_file.parent).iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_media_file_refuses_paths_outside_the_media_root(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    assert images.media_file(tmp_path / "media", "../secret.txt") is None
    assert images.media_file(tmp_path / "media", "films/1/images/missing.jpg") is None


def test_a_tiny_file_that_decodes_to_63_million_pixels_is_refused():
    """The 184 KB black PNG of 8000 × 7900 pixels that once took 900 MB to decode."""
    buffer = BytesIO()
    Image.new("1", (8000, 7900), 0).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000

    with pytest.raises(ImageError, match=r"more than 40 million pixels\. Export a smaller one\."):
        prepared(buffer.getvalue())


MEASURE_PEAK = """
import resource, sys
from io import BytesIO
from festival.films.images import prepare_image
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
display = prepare_image(BytesIO(data)).display
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(display.size[0], display.size[1], (after - before) * 1024)
"""


LARGE = {
    # mode, format, size: the bytes its decoding holds
    ("RGBA", "PNG", 6000): 6000 * 6000 * 4,
    ("P", "PNG", 6000): 6000 * 6000,
    ("RGB", "JPEG", 6000): 3000 * 3000 * 4,  # decoded at half size, still above 1600
    ("RGB", "WEBP", 3000): 3000 * 3000 * 16,
}


@pytest.mark.parametrize(("mode", "format", "side"), list(LARGE))
def test_a_large_image_costs_its_decoded_size_and_a_little_more(tmp_path, mode, format, side):
    """A PNG is decoded whole at its own depth, a JPEG at a fraction of its size, a WebP with
    libwebp's copies; everything after works in strips, within `images.WORKING_BYTES`."""
    source = tmp_path / f"large.{format.lower()}"
    Image.new(mode, (side, side), 1 if mode == "P" else "orange").save(source, format)

    measured = subprocess.run(
        [sys.executable, "-c", MEASURE_PEAK, str(source)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )

    width, height, peak = map(int, measured.stdout.split())
    assert (width, height) == (1600, 1600)
    assert LARGE[mode, format, side] <= images.DECODED_BYTES
    assert peak < LARGE[mode, format, side] + images.WORKING_BYTES


def test_a_webp_is_bounded_lower_as_libwebp_needs_more_memory_to_decode():
    with pytest.raises(ImageError, match="more than 10 million pixels"):
        prepared(image_bytes((4000, 3000), "WEBP"))


def test_resampling_in_strips_gives_the_same_picture_as_all_at_once():
    noise = Image.effect_noise((2500, 1700), 80).convert("RGB")
    buffer = BytesIO()
    noise.save(buffer, "PNG", compress_level=1)

    display = prepared(buffer.getvalue()).display

    whole = noise.resize(display.size, Image.Resampling.LANCZOS)
    difference = ImageChops.difference(display, whole).getextrema()
    assert max(high for _low, high in difference) <= 1


def test_images_beyond_the_concurrent_few_wait_then_are_asked_to_come_back(monkeypatch):
    monkeypatch.setattr(images, "IMAGE_WAIT_S", 0)
    held = [images._image_work.acquire(blocking=False) for _ in range(images.CONCURRENT_IMAGES)]
    try:
        assert all(held)
        with pytest.raises(ImageError, match="Many images are being prepared right now"):
            prepared(image_bytes((800, 600)))
    finally:
        for _ in held:
            images._image_work.release()

    assert prepared(image_bytes((800, 600))).display.size == (800, 600)
