"""The runner: guards on every command, progress, failures, kills and a drained stderr."""

from __future__ import annotations

import os
import re
import time

import pytest

from festival.media import ffmpeg

SHORT = ["-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=3", "-f", "null", "-"]


def test_command_carries_the_guards_and_a_whitelist_before_every_input():
    command = ffmpeg.ffmpeg_command(["-i", "file:/a.mov", "-i", "file:/b.wav", "out.mp4"])
    assert command[:4] == [ffmpeg.FFMPEG, "-nostdin", "-hide_banner", "-nostats"]
    assert command[command.index("-progress") + 1] == "pipe:1"
    inputs = [n for n, arg in enumerate(command) if arg == "-i"]
    assert len(inputs) == 2
    for n in inputs:
        assert command[n - 2 : n] == ["-protocol_whitelist", "file"]


def test_command_accepts_a_compiled_list_and_refuses_runner_options():
    assert ffmpeg.ffmpeg_command(["ffmpeg", "-i", "x"]).count(ffmpeg.FFMPEG) == 1
    with pytest.raises(ValueError):
        ffmpeg.ffmpeg_command(["-protocol_whitelist", "http", "-i", "x"])


def test_run_reports_progress_up_to_the_end():
    seen = []
    result = ffmpeg.run(
        ["-re", *SHORT], timeout_s=30, duration_s=3, on_progress=lambda *p: seen.append(p)
    )
    assert result.returncode == 0
    fractions = [fraction for fraction, _, _ in seen]
    assert fractions == sorted(fractions)
    assert any(0 < f < 1 for f in fractions)
    assert seen[-1][0] == 1.0
    assert result.progress["progress"] == "end"


def test_failure_raises_with_the_stderr_tail(tmp_path):
    with pytest.raises(ffmpeg.FFmpegError) as caught:
        ffmpeg.run(
            ["-i", ffmpeg.file_url(tmp_path / "missing.mov"), "-f", "null", "-"], timeout_s=30
        )
    assert "No such file" in caught.value.stderr_tail
    assert caught.value.returncode != 0


def test_inputs_other_than_local_files_are_refused():
    with pytest.raises(ffmpeg.FFmpegError) as caught:
        ffmpeg.run(["-i", "http://127.0.0.1:9/film.mp4", "-f", "null", "-"], timeout_s=30)
    assert "whitelist" in caught.value.stderr_tail


def test_a_run_past_its_time_limit_is_killed():
    started = time.monotonic()
    with pytest.raises(ffmpeg.FFmpegTimeout):
        ffmpeg.run(
            ["-re", "-f", "lavfi", "-i", "testsrc2=s=64x48", "-f", "null", "-"], timeout_s=1.0
        )
    assert time.monotonic() - started < 8


def test_a_run_without_progress_is_killed_as_stalled(tmp_path):
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)  # opening it blocks forever: no progress ever comes
    started = time.monotonic()
    with pytest.raises(ffmpeg.FFmpegStalled):
        ffmpeg.run(
            ["-i", ffmpeg.file_url(fifo), "-f", "null", "-"], timeout_s=60, stall_timeout_s=1.0
        )
    assert time.monotonic() - started < 8


def test_a_flood_of_stderr_neither_deadlocks_nor_grows_the_tail():
    # showinfo logs a long line for each of 3000 frames: far more than a pipe buffer holds.
    args = [
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=64x48:r=1000:d=3",
        "-vf",
        "showinfo",
        "-f",
        "null",
        "-",
    ]
    result = ffmpeg.run(args, timeout_s=60, keep_lines=re.compile(r"n:\s*\d+ "))
    assert len(result.stderr_tail) <= ffmpeg.STDERR_TAIL_BYTES
    assert "n:2999" in result.stderr_tail.replace(" ", "")
    assert len(result.kept_lines) == 3000


def test_memory_limit_applies_to_the_child():
    with pytest.raises(ffmpeg.FFmpegError):
        ffmpeg.run(SHORT, timeout_s=30, memory_limit_bytes=16 * 1024 * 1024)


def test_probe_returns_format_and_streams(media):
    info = ffmpeg.probe(media("plain"))
    assert info["format"]["format_name"].startswith("mov")
    assert {s["codec_type"] for s in info["streams"]} == {"video", "audio"}


def test_probe_reads_a_url_as_a_local_file_name():
    with pytest.raises(ffmpeg.FFmpegError):
        ffmpeg.probe("http://127.0.0.1:9/film.mp4")
