"""QC: the measurements of the pass, and the checks against an edition's requirements."""

from __future__ import annotations

import dataclasses

import pytest

from festival.editions.enums import Container
from festival.editions.models import DEFAULT_SCREENER
from festival.media import qc
from festival.media.qc import QCStatus

SAMPLE = """\
[Parsed_ebur128_1 @ 0x1] Summary:
  Integrated loudness:
    I:         -70.0 LUFS
  True peak:
    Peak:       -inf dBFS
[Parsed_silencedetect_2 @ 0x2] silence_start: 2.00533
[Parsed_blackdetect_3 @ 0x3] black_start:3.6 black_end:5.6 black_duration:2
[Parsed_freezedetect_4 @ 0x4] lavfi.freezedetect.freeze_start: 1
[Parsed_freezedetect_4 @ 0x4] lavfi.freezedetect.freeze_duration: 2
[Parsed_freezedetect_4 @ 0x4] lavfi.freezedetect.freeze_end: 3
[Parsed_silencedetect_2 @ 0x2] silence_end: 4.01 | silence_duration: 2.0
[Parsed_silencedetect_2 @ 0x2] silence_start: 9.5
[Parsed_ebur128_1 @ 0x1] Summary:

  Integrated loudness:
    I:         -23.1 LUFS
    Threshold: -33.1 LUFS

  Loudness range:
    LRA:         2.8 LU

  True peak:
    Peak:      -19.3 dBFS
"""


def test_parse_reads_the_last_summary_and_every_stretch():
    lines = [line for line in SAMPLE.splitlines() if qc.DETECTION_LINES.search(line)]
    measured = qc.parse_measurements(lines, SAMPLE, duration_s=10)
    assert measured.integrated_lufs == -23.1
    assert measured.true_peak_dbtp == -19.3
    assert measured.loudness_range_lu == 2.8
    assert measured.black == ((3.6, 5.6),)
    assert measured.freeze == ((1.0, 3.0),)
    assert measured.silence == ((2.00533, 4.01), (9.5, 10))  # still silent at the end


def test_parse_without_audio_has_no_loudness():
    measured = qc.parse_measurements([], "", duration_s=5)
    assert measured.integrated_lufs is None and measured.silence == ()


def test_the_pass_measures_silence_black_freeze_and_loudness(transcoded):
    _, outputs = transcoded("qc")
    m = outputs.measurements
    assert m.integrated_lufs == pytest.approx(-23, abs=1.5)
    assert m.true_peak_dbtp < -15
    assert any(
        s == pytest.approx(2, abs=0.15) and e == pytest.approx(4, abs=0.15) for s, e in m.silence
    )
    assert any(
        s == pytest.approx(3.5, abs=0.3) and e == pytest.approx(5.5, abs=0.3) for s, e in m.black
    )
    assert any(
        s == pytest.approx(1, abs=0.3) and e == pytest.approx(3, abs=0.3) for s, e in m.freeze
    )


def by_name(checks):
    return {c.name: c for c in checks}


def test_checks_against_the_default_requirements(probe_of, app_ctx):
    probe = probe_of("plain")
    checks = by_name(
        qc.check(
            qc.Measurements(integrated_lufs=-24.5, true_peak_dbtp=-3),
            probe,
            DEFAULT_SCREENER,
            entered_runtime_s=4,
        )
    )
    assert checks["container"].status == QCStatus.PASS
    assert checks["resolution"].status == QCStatus.FAIL  # 320×240 < 1280×720
    assert checks["frame_rate"].status == QCStatus.PASS
    assert checks["runtime"].status == QCStatus.PASS
    assert checks["loudness"].status == QCStatus.PASS
    assert checks["true_peak"].status == QCStatus.PASS
    assert {checks[n].status for n in ("black", "silence", "freeze")} == {QCStatus.PASS}
    for check in checks.values():
        assert str(check.message)
        assert check.to_dict()["status"] in {"pass", "warn", "fail"}


@pytest.mark.parametrize(
    ("entered", "status"),
    [(600, "pass"), (611, "pass"), (598, "pass"), (630, "warn"), (700, "fail"), (None, "warn")],
)
def test_runtime_against_the_entered_one(probe_of, entered, status):
    # A 600 s film: within max(2 s, 2 %) passes, within 10 % warns, beyond fails.
    probe = dataclasses.replace(probe_of("plain"), duration_s=600)
    checks = by_name(qc.check(qc.Measurements(), probe, DEFAULT_SCREENER, entered))
    assert checks["runtime"].status == status


@pytest.mark.parametrize(("lufs", "status"), [(-24, "pass"), (-27, "warn"), (-16, "fail")])
def test_loudness_against_the_target(probe_of, lufs, status):
    measured = qc.Measurements(integrated_lufs=lufs)
    checks = by_name(qc.check(measured, probe_of("plain"), DEFAULT_SCREENER, 4))
    assert checks["loudness"].status == status


def test_container_and_colour_and_missing_sound(probe_of):
    requirements = dataclasses.replace(DEFAULT_SCREENER, containers=(Container.MKV,))
    checks = by_name(qc.check(qc.Measurements(), probe_of("hdr"), requirements, 3))
    assert checks["container"].status == QCStatus.PASS
    assert checks["colour"].status == QCStatus.WARN
    assert checks["audio_layout"].status == QCStatus.WARN
    assert "loudness" not in checks and "silence" not in checks
    narrow = dataclasses.replace(DEFAULT_SCREENER, containers=(Container.MP4, Container.MOV))
    checks = by_name(qc.check(qc.Measurements(), probe_of("mxf"), narrow, 3))
    assert checks["container"].status == QCStatus.FAIL
    checks = by_name(qc.check(qc.Measurements(), probe_of("mxf"), DEFAULT_SCREENER, 3))
    assert checks["container"].status == QCStatus.PASS  # by default, whatever the probe takes


def test_long_stretches_in_the_middle_warn(probe_of):
    probe = dataclasses.replace(probe_of("plain"), duration_s=600)
    measured = qc.Measurements(black=((0, 3), (200, 215)), freeze=((300, 302),))
    checks = by_name(qc.check(measured, probe, DEFAULT_SCREENER, 600))
    assert checks["black"].status == QCStatus.WARN
    assert checks["freeze"].status == QCStatus.PASS
