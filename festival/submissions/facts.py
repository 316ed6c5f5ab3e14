"""What the entry rules know of a film, read once: `facts_of(film)`, or `facts_of_films(films)`
for a list in a fixed number of queries.

`eligibility` decides from these facts alone, so its checks are pure functions of
(facts, category, now) and a test can build the facts by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from festival.disclosure import queries as disclosure_queries
from festival.disclosure import services as disclosures
from festival.disclosure import validation
from festival.disclosure.models import Disclosure
from festival.disclosure.validation import DisclosureDraft, DisclosureProblem
from festival.extensions import db
from festival.films.models import Film
from festival.media import queries as media_queries
from festival.media.models import Screener
from festival.media.reports import ScreenerQC, screener_qc
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission


@dataclass(frozen=True)
class FilmFacts:
    film_id: int
    runtime_s: int
    disclosure: Disclosure | None
    """The latest version of the AI disclosure; None until the filmmaker starts one."""
    draft: DisclosureDraft | None
    """The answers of `disclosure`, as `disclosure.validation` reads them."""
    problems: tuple[DisclosureProblem, ...]
    """What is missing or wrong in `draft`; empty without a disclosure."""
    ai_share: float
    """The share of the runtime that the disclosure's segments cover, 0 to 1."""
    latest_screener: Screener | None
    """The newest screener version, in whatever state its ingest is."""
    playable_screener: Screener | None
    """The newest version that passed ingest (probe, previews and QC)."""
    entries: Mapping[int, SubmissionStatus]
    """Category id → the status of the film's entry in that category."""
    screener_qc: ScreenerQC | None = None
    """What ingest measured of `playable_screener`, to check against a call's requirements."""


def facts_of(film: Film) -> FilmFacts:
    return facts_of_films([film])[film.id]


def facts_of_films(films: Iterable[Film]) -> dict[int, FilmFacts]:
    """Film id → its facts, in the same few queries whatever the number of films."""
    films = list(films)
    ids = [film.id for film in films]
    disclosures_by_film = disclosure_queries.latest_versions(ids)
    latest = media_queries.latest_screeners(ids)
    playable = media_queries.playable_screeners(ids)
    entries = _entries_of(ids)
    return {
        film.id: _facts(
            film,
            disclosures_by_film.get(film.id),
            latest_screener=latest.get(film.id),
            playable_screener=playable.get(film.id),
            entries=entries.get(film.id, {}),
        )
        for film in films
    }


def _facts(
    film: Film,
    disclosure: Disclosure | None,
    *,
    latest_screener: Screener | None,
    playable_screener: Screener | None,
    entries: Mapping[int, SubmissionStatus],
) -> FilmFacts:
    if disclosure is None:
        draft, problems, ai_share = None, (), 0.0
    else:
        draft = disclosures.draft_of(disclosure)
        problems = tuple(validation.validate_disclosure(draft, runtime_ms=film.runtime_ms))
        ai_share = disclosures.ai_share(disclosure)
    return FilmFacts(
        film_id=film.id,
        runtime_s=film.runtime_s,
        disclosure=disclosure,
        draft=draft,
        problems=problems,
        ai_share=ai_share,
        latest_screener=latest_screener,
        playable_screener=playable_screener,
        entries=entries,
        screener_qc=screener_qc(playable_screener),
    )


def _entries_of(film_ids: list[int]) -> dict[int, dict[int, SubmissionStatus]]:
    entries: dict[int, dict[int, SubmissionStatus]] = {}
    for film_id, category_id, status in db.session.execute(
        db.select(Submission.film_id, Submission.category_id, Submission.status).where(
            Submission.film_id.in_(film_ids)
        )
    ):
        entries.setdefault(film_id, {})[category_id] = status
    return entries
