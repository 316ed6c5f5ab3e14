"""How long a block or a single film takes in a venue: an introduction, the films with a gap
between each two, then the Q&A; a screening ends that long after it starts (rounded up to the
minute, as a printed programme shows it)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from festival.programming.models.programme import Block, Screening


@dataclass(frozen=True)
class RunningTime:
    films_s: int
    intro_s: int
    gaps_s: int
    qa_s: int

    @property
    def total_s(self) -> int:
        return self.films_s + self.intro_s + self.gaps_s + self.qa_s

    @property
    def total_minutes(self) -> int:
        return math.ceil(self.total_s / 60)

    def over_slot_minutes(self, slot_minutes: int | None) -> int:
        """Minutes past the slot (0 when it fits or when there is no slot)."""
        if slot_minutes is None:
            return 0
        return max(0, self.total_minutes - slot_minutes)


def running_time(
    film_runtimes_s: Sequence[int], *, intro_minutes: int, gap_minutes: int, qa_minutes: int
) -> RunningTime:
    gaps = max(0, len(film_runtimes_s) - 1)
    return RunningTime(
        films_s=sum(film_runtimes_s),
        intro_s=intro_minutes * 60,
        gaps_s=gaps * gap_minutes * 60,
        qa_s=qa_minutes * 60,
    )


def block_running_time(block: Block) -> RunningTime:
    return running_time(
        [entry.submission.film.runtime_s for entry in block.films],
        intro_minutes=block.intro_minutes,
        gap_minutes=block.gap_minutes,
        qa_minutes=block.qa_minutes,
    )


def screening_running_time(screening: Screening) -> RunningTime:
    """A block's running time, or a single film's alone (no introduction, gap or Q&A)."""
    if screening.block is not None:
        return block_running_time(screening.block)
    film = screening.submission.film
    return running_time([film.runtime_s], intro_minutes=0, gap_minutes=0, qa_minutes=0)


def end_of(starts_at: datetime, running: RunningTime) -> datetime:
    """The end of a screening; an empty block still holds its venue for one minute."""
    return starts_at + timedelta(minutes=max(1, running.total_minutes))
