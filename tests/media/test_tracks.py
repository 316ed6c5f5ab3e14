"""The player's WebVTT tracks: AI segments as chapters, the storyboard rewritten to checked URLs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from festival.disclosure.enums import Element
from festival.media import tracks


def segment(start_ms, end_ms, element=Element.VFX_COMPOSITING, note="", tool=""):
    return SimpleNamespace(start_ms=start_ms, end_ms=end_ms, element=element, note=note, tool=tool)


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "00:00:00.000"),
        (1, "00:00:00.001"),
        (59_999, "00:00:59.999"),
        (3_723_004, "01:02:03.004"),
        (100 * 3_600_000 + 5, "100:00:00.005"),
    ],
)
def test_timestamps_are_hours_minutes_seconds_and_milliseconds(ms, text):
    assert tracks.timestamp(ms) == text


def test_chapters_track_has_one_cue_per_segment_in_time_order(app_ctx):
    track = tracks.chapters_vtt(
        [
            segment(120_000, 150_000, Element.VOICE_DIALOGUE),
            segment(60_000, 95_500, note="car explosion"),
        ]
    )

    assert track == (
        "WEBVTT\n\n"
        "ai-1\n00:01:00.000 --> 00:01:35.500\nVFX and compositing: car explosion\n\n"
        "ai-2\n00:02:00.000 --> 00:02:30.000\nVoice and dialogue\n"
    )


def test_chapters_track_without_segments_is_a_valid_empty_track(app_ctx):
    assert tracks.chapters_vtt([]) == "WEBVTT\n"


def test_notes_are_escaped_and_kept_on_one_line(app_ctx):
    track = tracks.chapters_vtt([segment(0, 1000, note="<b>폭발 & 연기</b>\n\n--> 다음")])

    cue = track.strip().split("\n\n")[1].split("\n")
    assert cue[2] == "VFX and compositing: &lt;b&gt;폭발 &amp; 연기&lt;/b&gt; --&gt; 다음"
    assert len(cue) == 3


def test_cue_text_of_an_element_label_in_korean(app):
    with app.test_request_context(headers={"Accept-Language": "ko"}):
        from flask_babel import refresh

        refresh()
        title = tracks.segment_title(segment(0, 1000, note="자동차 폭발"))
        label = str(Element.VFX_COMPOSITING.label)
    assert label != "VFX and compositing"
    assert title == f"{label}: 자동차 폭발"


SOURCE = (
    "WEBVTT\r\n\r\n"
    "1\r\n00:00:00.000 --> 00:00:10.000\r\nstoryboard_000.jpg#xywh=0,0,160,90\r\n\r\n"
    "00:00:10.000 --> 00:00:20.000\r\nstoryboard_000.jpg#xywh=160,0,160,90\r\n\r\n"
    "00:00:20.000 --> 00:00:30.000\r\nstoryboard_001.jpg#xywh=0,0,160,90\r\n\r\n"
    "00:00:30.000 --> 00:00:40.000\r\nhttps://evil.example/x.jpg#xywh=0,0,1,1\r\n\r\n"
    "00:00:40.000 --> 00:00:50.000\r\nstoryboard_999.jpg#xywh=0,0,160,90\r\n\r\n"
    "00:00:50.000 --> 00:01:00.000\r\n../../secret.jpg\r\n"
)


def test_storyboard_sheet_names_become_the_given_urls():
    track = tracks.storyboard_vtt(
        SOURCE, {"storyboard_000.jpg": "/media/7", "storyboard_001.jpg": "/media/8"}
    )

    assert track == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:10.000\n/media/7#xywh=0,0,160,90\n\n"
        "00:00:10.000 --> 00:00:20.000\n/media/7#xywh=160,0,160,90\n\n"
        "00:00:20.000 --> 00:00:30.000\n/media/8#xywh=0,0,160,90\n"
    )


def test_storyboard_cues_pointing_anywhere_else_are_dropped():
    track = tracks.storyboard_vtt(SOURCE, lambda name: None)

    assert track == "WEBVTT\n"
    assert "evil" not in track and "secret" not in track


def test_storyboard_without_fragment_keeps_the_whole_sheet():
    source = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nstoryboard_000.jpg\n"
    assert tracks.storyboard_vtt(source, {"storyboard_000.jpg": "/media/1"}).endswith(
        "00:00:00.000 --> 00:00:05.000\n/media/1\n"
    )
