"""The QC report of a screener version, checked when it is shown: in the reader's language,
against the requirements of each edition the film is entered in (which may differ)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l

from festival.editions.models import DEFAULT_SCREENER, ScreenerRequirements
from festival.films.models import Film
from festival.media import qc
from festival.media.models import Screener
from festival.media.probe import AudioStream, ProbeResult, VideoStream

CHECK_LABELS = {
    "container": _l("Container"),
    "file_size": _l("File size"),
    "video_codec": _l("Picture codec"),
    "resolution": _l("Resolution"),
    "frame_rate": _l("Frame rate"),
    "bit_depth": _l("Bit depth"),
    "colour": _l("Colour"),
    "audio_layout": _l("Sound channels"),
    "runtime": _l("Duration"),
    "loudness": _l("Loudness"),
    "true_peak": _l("True peak"),
    "black": _l("Black stretches"),
    "silence": _l("Silences"),
    "freeze": _l("Frozen picture"),
}

RequirementsSource = Callable[[Film], list[tuple[str, ScreenerRequirements]]]
_requirements_sources: list[RequirementsSource] = []


def register_requirements_source(source: RequirementsSource) -> RequirementsSource:
    """Let the submissions domain name the editions a film is entered in, with their
    screener requirements, without `media` importing `submissions`."""
    _requirements_sources.append(source)
    return source


def entered_requirements(film: Film) -> list[tuple[str, ScreenerRequirements]]:
    """The (edition name, requirements) of every edition the film is entered in."""
    return [pair for source in _requirements_sources for pair in source(film)]


def requirements_for(film: Film) -> list[tuple[str | None, ScreenerRequirements]]:
    return entered_requirements(film) or [(None, DEFAULT_SCREENER)]


def _known(cls, data: dict) -> dict:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


def probe_from_dict(data: dict) -> ProbeResult:
    return ProbeResult(
        **{
            **_known(ProbeResult, data),
            "video": VideoStream(**_known(VideoStream, data["video"])),
            "audio": tuple(AudioStream(**_known(AudioStream, a)) for a in data.get("audio", [])),
        }
    )


def measurements_from_dict(data: dict) -> qc.Measurements:
    values = _known(qc.Measurements, data)
    for stretch in ("black", "silence", "freeze"):
        values[stretch] = tuple(tuple(pair) for pair in values.get(stretch, ()))
    return qc.Measurements(**values)


@dataclass(frozen=True)
class EditionReport:
    edition_name: str | None
    checks: list[qc.QCCheck]

    @property
    def worst(self) -> qc.QCStatus:
        statuses = {check.status for check in self.checks}
        for status in (qc.QCStatus.FAIL, qc.QCStatus.WARN):
            if status in statuses:
                return status
        return qc.QCStatus.PASS


def qc_reports(screener: Screener) -> list[EditionReport]:
    """One report per edition the film is entered in (or the default requirements)."""
    if not screener.probe or not screener.qc:
        return []
    probe = probe_from_dict(screener.probe)
    measurements = measurements_from_dict(screener.qc["measurements"])
    return [
        EditionReport(name, qc.check(measurements, probe, requirements, screener.film.runtime_s))
        for name, requirements in requirements_for(screener.film)
    ]
