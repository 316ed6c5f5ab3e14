"""The hardened probe: awkward screeners are described, hostile files refused with a reason."""

from __future__ import annotations

import pytest

from festival.media.enums import RejectionCode
from festival.media.probe import ProbeLimits, ScreenerRejected, probe_screener

VALID = {
    # name: (container, demuxer, codec)
    "plain": ("mp4", "mov", "h264"),
    "interlaced": ("mov", "mov", "mpeg2video"),
    "ten_bit": ("mov", "mov", "prores"),
    "hdr": ("mkv", "matroska", "hevc"),
    "odd_size": ("mkv", "matroska", "ffv1"),
    "mxf": ("mxf", "mxf", "mpeg2video"),
    "mpegts": ("mpegts", "mpegts", "h264"),
    "avi": ("avi", "avi", "mpeg4"),
    "webm": ("webm", "matroska", "vp9"),
}


@pytest.mark.parametrize("name", VALID)
def test_accepted_kinds_are_described(probe_of, name):
    result = probe_of(name)
    assert (result.container, result.demuxer, result.video.codec) == VALID[name]
    assert 2.5 < result.duration_s < 5
    assert result.video.frame_rate in (24, 25)


def test_display_rotation_swaps_the_shown_dimensions(probe_of):
    video = probe_of("rotated").video
    assert video.rotation == 90
    assert (video.width, video.height) == (320, 240)
    assert (video.display_width, video.display_height) == (240, 320)


def test_interlaced_field_order_is_read(probe_of):
    assert probe_of("interlaced").video.field_order == "tt"
    assert probe_of("interlaced").video.is_interlaced
    assert not probe_of("plain").video.is_interlaced


def test_ten_bit_and_hdr_are_recognised(probe_of):
    assert probe_of("ten_bit").video.bit_depth == 10
    hdr = probe_of("hdr").video
    assert (hdr.bit_depth, hdr.hdr_format, hdr.color_primaries) == (10, "PQ", "bt2020")
    assert hdr.is_hdr and not probe_of("plain").video.is_hdr


def test_audio_streams_and_their_layouts(probe_of):
    assert [a.layout for a in probe_of("surround").audio] == ["5.1"]
    assert probe_of("no_audio").has_audio is False
    assert probe_of("plain").audio[0].codec == "aac"


def test_odd_dimensions_are_kept_as_they_are(probe_of):
    assert (probe_of("odd_size").video.width, probe_of("odd_size").video.height) == (641, 359)


HOSTILE = {
    "hls": "playlist",
    "concat": "playlist",
    "png": "image",
    "wav": "audio_only",
    "empty": "empty",
    "truncated": "truncated",
    "bomb": "too_large",
    "big_bomb_within_ffmpeg": "too_large",
    "text": "text",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_are_refused_with_their_reason(media, app_ctx, name):
    with pytest.raises(ScreenerRejected) as caught:
        probe_screener(media(name))
    assert caught.value.code == HOSTILE[name]
    reason = str(caught.value.reason)
    assert reason and "%(" not in reason


def test_a_playlist_never_reaches_ffprobe(media, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("ffprobe was run")

    monkeypatch.setattr("festival.media.ffmpeg.probe", fail)
    with pytest.raises(ScreenerRejected, match="playlist"):
        probe_screener(media("hls"))


def test_reasons_carry_their_numbers(media, app_ctx):
    with pytest.raises(ScreenerRejected) as caught:
        probe_screener(media("bomb"))
    assert "20000×20000" in str(caught.value.reason)
    assert RejectionCode.EMPTY.message() == "The file is empty."


def test_bounds_come_from_the_limits(media):
    with pytest.raises(ScreenerRejected) as caught:
        probe_screener(media("plain"), limits=ProbeLimits(max_duration_s=2))
    assert caught.value.code == "too_long"
    with pytest.raises(ScreenerRejected) as caught:
        probe_screener(media("plain"), limits=ProbeLimits(min_side=300))
    assert caught.value.code == "too_small"
    with pytest.raises(ScreenerRejected) as caught:
        probe_screener(media("plain"), limits=ProbeLimits(max_fps=20))
    assert caught.value.code == "frame_rate"


def test_a_directory_is_not_a_screener(tmp_path):
    with pytest.raises(ScreenerRejected) as caught:
        probe_screener(tmp_path)
    assert caught.value.code == "not_a_file"


def test_probe_result_serialises_for_storage(probe_of):
    stored = probe_of("surround").to_dict()
    assert stored["video"]["codec"] == "h264"
    assert stored["audio"][0]["channels"] == 6
