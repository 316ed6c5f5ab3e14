"""The one-pass transcode: every awkward-but-valid source gives playable, anonymous previews."""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from festival.media import ffmpeg, transcode
from festival.media.transcode import TranscodeError

AWKWARD = [
    "plain",
    "rotated",
    "interlaced",
    "ten_bit",
    "hdr",
    "surround",
    "no_audio",
    "odd_size",
    "vfr",
    "mxf",
    "mpegts",
    "avi",
    "webm",
]
ALLOWED_FORMAT_TAGS = {"major_brand", "minor_version", "compatible_brands"}
ALLOWED_STREAM_TAGS = {
    "language": {"und"},
    "handler_name": {"VideoHandler", "SoundHandler"},
    "vendor_id": {"[0][0][0][0]"},
    "encoder": {""},
}


def top_level_atoms(path: Path) -> list[str]:
    atoms, data = [], path.read_bytes()
    at = 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        atoms.append(kind.decode("latin-1"))
        if size < 8:
            break
        at += size
    return atoms


def keyframe_times(path: Path) -> list[float]:
    info = ffmpeg.probe(
        path,
        extra_args=[
            "-select_streams",
            "v",
            "-skip_frame",
            "nokey",
            "-show_entries",
            "frame=pts_time",
        ],
    )
    return [float(frame["pts_time"]) for frame in info.get("frames", [])]


def assert_anonymous(info: dict) -> None:
    assert set(info["format"].get("tags") or {}) <= ALLOWED_FORMAT_TAGS
    for stream in info["streams"]:
        for key, value in (stream.get("tags") or {}).items():
            assert value.strip() in ALLOWED_STREAM_TAGS.get(key, set()), (key, value)


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_sources_give_playable_previews(transcoded, name):
    probe, outputs = transcoded(name)
    for preview in outputs.previews.values():
        info = ffmpeg.probe(preview.path)
        video = next(s for s in info["streams"] if s["codec_type"] == "video")
        audio = [s for s in info["streams"] if s["codec_type"] == "audio"]
        assert (video["codec_name"], video["profile"], video["pix_fmt"]) == (
            "h264",
            "High",
            "yuv420p",
        )
        assert video["width"] % 2 == 0 and video["height"] % 2 == 0
        assert (video["width"], video["height"]) == (preview.width, preview.height)
        assert not video.get("side_data_list"), "no rotation left for players to apply"
        assert top_level_atoms(preview.path).index("moov") < top_level_atoms(preview.path).index(
            "mdat"
        )
        assert_anonymous(info)
        if probe.has_audio:
            assert [(a["codec_name"], a["channels"]) for a in audio] == [("aac", 2)]
        else:
            assert audio == []
        assert preview.duration_s == pytest.approx(probe.duration_s, abs=0.5)
        gaps = [b - a for a, b in itertools.pairwise(keyframe_times(preview.path))]
        assert gaps and all(1.9 <= gap <= 2.1 for gap in gaps), gaps


def test_rungs_keep_the_aspect_and_never_upscale(transcoded):
    _, outputs = transcoded("mxf")  # 720×576 SD
    assert (
        outputs.previews["preview_720.mp4"].width,
        outputs.previews["preview_720.mp4"].height,
    ) == (720, 576)
    assert (
        outputs.previews["preview_360.mp4"].width,
        outputs.previews["preview_360.mp4"].height,
    ) == (450, 360)


def test_rotated_source_gives_upright_previews(transcoded):
    _, outputs = transcoded("rotated")
    assert {(p.width, p.height) for p in outputs.previews.values()} == {(240, 320)}


def test_odd_dimensions_become_even(transcoded):
    _, outputs = transcoded("odd_size")
    assert {(p.width, p.height) for p in outputs.previews.values()} == {(640, 358)}


def test_interlaced_source_is_deinterlaced(transcoded):
    _, outputs = transcoded("interlaced")
    video = ffmpeg.probe(outputs.previews["preview_720.mp4"].path)["streams"][0]
    assert video.get("field_order", "progressive") == "progressive"
    assert any("deinterlaced" in note for note in outputs.notes)


def test_hdr_source_is_tone_mapped_to_sdr(transcoded):
    _, outputs = transcoded("hdr")
    video = ffmpeg.probe(outputs.previews["preview_720.mp4"].path)["streams"][0]
    assert video.get("color_transfer") != "smpte2084"
    assert any("SDR" in note for note in outputs.notes)


def test_variable_frame_rate_becomes_constant(transcoded):
    probe, outputs = transcoded("vfr")
    video = ffmpeg.probe(outputs.previews["preview_720.mp4"].path)["streams"][0]
    assert video["avg_frame_rate"] == video["r_frame_rate"] == "24/1"
    assert int(video["nb_frames"]) == pytest.approx(probe.duration_s * 24, abs=2)


def test_no_tag_of_the_source_survives(transcoded):
    _, outputs = transcoded("tagged")
    for path in [*(p.path for p in outputs.previews.values()), outputs.poster]:
        assert b"Secret" not in path.read_bytes()


def test_poster_is_not_the_black_opening(transcoded):
    _, outputs = transcoded("starts_black")
    with Image.open(outputs.poster) as poster:
        assert poster.size == (320, 240)
        assert ImageStat.Stat(poster.convert("L")).mean[0] > 40


def test_storyboard_vtt_covers_the_film(transcoded):
    probe, outputs = transcoded("starts_black")
    lines = outputs.storyboard_vtt.read_text().splitlines()
    assert lines[0] == "WEBVTT"
    cues = [(lines[n], lines[n + 1]) for n, line in enumerate(lines) if "-->" in line]
    times = [tuple(parse_vtt_time(t) for t in timing.split(" --> ")) for timing, _ in cues]
    assert times[0][0] == 0
    assert all(a[1] == b[0] for a, b in itertools.pairwise(times))
    assert times[-1][1] == pytest.approx(probe.duration_s, abs=0.01)
    sheet_sizes = {}
    for sheet in outputs.storyboard_sheets:
        with Image.open(sheet) as image:
            sheet_sizes[sheet.name] = image.size
    for _, target in cues:
        name, fragment = target.split("#xywh=")
        x, y, w, h = map(int, fragment.split(","))
        assert (w, h) == outputs.tile_size == (120, 90)  # 4:3 in a 160×90 box
        assert x + w <= sheet_sizes[name][0] and y + h <= sheet_sizes[name][1]


def parse_vtt_time(text: str) -> float:
    hours, minutes, seconds = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@pytest.mark.parametrize(
    ("duration", "interval"), [(60, 2), (600, 2), (1500, 3), (5400, 8), (3 * 3600, 10)]
)
def test_storyboard_interval_grows_with_the_film(duration, interval):
    assert transcode.storyboard_interval(duration) == interval


def test_a_long_film_needs_several_sheets():
    cues = transcode.storyboard_cues(5400, 8, (160, 90), (10, 10), sheets=7)
    assert len(cues) == 675
    assert cues[-1][2] == "storyboard_006.jpg#xywh=640,630,160,90"
    assert cues[-1][1] == 5400


def test_progress_is_reported(media, probe_of, tmp_path):
    seen = []
    transcode.transcode(
        media("no_audio"), probe_of("no_audio"), tmp_path, on_progress=lambda *p: seen.append(p)
    )
    assert seen and seen[-1][0] == 1.0


def test_the_probed_demuxer_is_forced(probe_of, media, tmp_path):
    args, _ = transcode.build_command(media("mpegts"), probe_of("mpegts"), tmp_path)
    assert args[args.index("-i") - 2 : args.index("-i")] == ["-f", "mpegts"]


def test_a_failed_pass_leaves_nothing_behind(media, probe_of, tmp_path):
    # The truncated file, forced through with the probe of the whole one: ffmpeg fails.
    with pytest.raises(TranscodeError):
        transcode.transcode(media("truncated"), probe_of("plain"), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_a_clear_error(media, probe_of, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise ffmpeg.FFmpegError("ffmpeg exited", "Error writing trailer: No space left on device")

    monkeypatch.setattr(ffmpeg, "run", full)
    with pytest.raises(TranscodeError) as caught:
        transcode.transcode(media("plain"), probe_of("plain"), tmp_path)
    assert caught.value.is_disk_full
    assert list(tmp_path.iterdir()) == []


def test_a_rung_no_smaller_than_the_one_above_is_skipped(transcoded):
    _, outputs = transcoded("wide_360")
    assert {name: (p.width, p.height) for name, p in outputs.previews.items()} == {
        "preview_720.mp4": (640, 360)
    }
    assert any("preview_360.mp4 skipped" in note for note in outputs.notes)


def test_every_rung_of_an_anamorphic_source_has_square_pixels(transcoded):
    probe, outputs = transcoded("anamorphic")
    assert probe.video.sample_aspect == "64/45"
    sizes = {}
    for name, preview in outputs.previews.items():
        video = ffmpeg.probe(preview.path)["streams"][0]
        assert video.get("sample_aspect_ratio", "1:1") == "1:1", name
        sizes[name] = (video["width"], video["height"])
    assert sizes == {"preview_720.mp4": (1024, 576), "preview_360.mp4": (640, 360)}
