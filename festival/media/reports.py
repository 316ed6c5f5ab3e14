"""The QC report of a screener version, checked when it is shown: in the reader's language,
against the requirements of each edition the film is entered in (which may differ)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from flask import current_app
from flask_babel import lazy_gettext as _l

from festival.editions.models import DEFAULT_SCREENER, ScreenerRequirements
from festival.films.models import Film
from festival.media import qc, queries
from festival.media.enums import ScreenerState
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


@dataclass(frozen=True)
class ScreenerQC:
    """What ingest measured of one version, ready to be checked against any requirements."""

    probe: ProbeResult
    measurements: qc.Measurements

    def checks(self, requirements: ScreenerRequirements, runtime_s: float | None):
        return qc.check(self.measurements, self.probe, requirements, runtime_s)

    def failures(self, requirements: ScreenerRequirements, runtime_s: float | None):
        """The checks that do not meet the requirements (a warning is not a failure)."""
        return [c for c in self.checks(requirements, runtime_s) if c.status == qc.QCStatus.FAIL]


def screener_qc(screener: Screener | None) -> ScreenerQC | None:
    """The version's measurements; None until ingest made them."""
    if screener is None or not screener.probe or not screener.qc:
        return None
    return ScreenerQC(
        probe_from_dict(screener.probe), measurements_from_dict(screener.qc["measurements"])
    )


def qc_reports(screener: Screener) -> list[EditionReport]:
    """One report per edition the film is entered in (or the default requirements)."""
    measured = screener_qc(screener)
    if measured is None:
        return []
    return [
        EditionReport(name, measured.checks(requirements, screener.film.runtime_s))
        for name, requirements in requirements_for(screener.film)
    ]


def failure_line(check: qc.QCCheck):
    """One failed requirement, named, as the status box and the entry checks show it."""
    return _l(
        "%(requirement)s: %(message)s (found %(found)s; required %(expected)s)",
        requirement=CHECK_LABELS.get(check.name, check.name),
        message=check.message,
        found=check.value or "—",
        expected=check.expected or "—",
    )


def requirement_failures(screener: Screener) -> list:
    """For a ready version: each requirement it fails, per edition the film is entered in
    (or against the default requirements), as lines for the status box."""
    lines = []
    for report in qc_reports(screener):
        for check in report.checks:
            if check.status == qc.QCStatus.FAIL:
                line = failure_line(check)
                if report.edition_name:
                    line = _l("%(edition)s: %(failure)s", edition=report.edition_name, failure=line)
                lines.append(line)
    return lines


def status_detail(screener: Screener) -> str | None:
    """The line under a version's state where the filmmaker looks: why it was not accepted,
    that the festival's machines are busy while it waits, or, once ready, each technical
    requirement it does not meet (named); None when all is well."""
    if screener.rejection_code is not None:
        return screener.rejection_message
    if screener.state == ScreenerState.QUEUED:
        return busy_detail(screener)
    if screener.state != ScreenerState.READY:
        return None
    failures = requirement_failures(screener)
    if not failures:
        return None
    return str(
        _l(
            "Ready, but it does not meet every technical requirement: %(failures)s",
            failures=" · ".join(str(line) for line in failures),
        )
    )


def busy_detail(screener: Screener) -> str | None:
    """While more versions are ingesting or waiting ahead of this one than INGEST_QUEUE_LIMIT,
    say so, with its place; the version is kept and its job stays on the queue meanwhile."""
    place = queries.ingest_place(screener)
    if place is None or place <= current_app.config["INGEST_QUEUE_LIMIT"]:
        return None
    return str(
        _l(
            "Busy — your screener is queued; the festival's machines are busy, it will be "
            "processed automatically. Place in the queue: %(place)s.",
            place=place,
        )
    )


def status_of(screener: Screener) -> dict:
    """A version's state as the upload page polls it (and the API answers it)."""
    return {
        "version": screener.version,
        "state": screener.state.value,
        "label": str(screener.state.label),
        "progress": round(screener.progress, 4),
        "eta_s": screener.eta_s,
        "reason": status_detail(screener),
        "is_finished": screener.state.value in {"ready", "rejected", "failed"},
    }
