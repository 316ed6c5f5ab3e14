"""How much of a film's runtime contains AI material, from its timecoded segments.

The share is the union of the segments, not their sum: two segments over the same shot (a
generated background and a cloned voice) count that shot once. Segments are clipped to the
runtime, and a segment still missing its start or end is left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Timed(Protocol):
    """Anything with a start and an end in milliseconds, such as a disclosure segment."""

    @property
    def start_ms(self) -> int | None: ...

    @property
    def end_ms(self) -> int | None: ...


@dataclass(frozen=True)
class Segment:
    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


def merged_segments(segments: Iterable[Timed], runtime_ms: int) -> list[Segment]:
    """The union of `segments` inside [0, runtime_ms], as sorted, disjoint segments;
    overlapping and touching segments become one."""
    clipped = sorted(
        (max(segment.start_ms, 0), min(segment.end_ms, runtime_ms))
        for segment in segments
        if segment.start_ms is not None and segment.end_ms is not None
    )
    union: list[Segment] = []
    for start, end in clipped:
        if end <= start:
            continue
        if union and start <= union[-1].end_ms:
            if end > union[-1].end_ms:
                union[-1] = Segment(union[-1].start_ms, end)
        else:
            union.append(Segment(start, end))
    return union


def covered_ms(segments: Iterable[Timed], runtime_ms: int) -> int:
    """Milliseconds of the runtime inside at least one segment."""
    return sum(segment.duration_ms for segment in merged_segments(segments, runtime_ms))


def ai_share_of_runtime(segments: Iterable[Timed], runtime_ms: int) -> float:
    """The covered fraction of the runtime, from 0 to 1; 0 for a film without a runtime."""
    if runtime_ms <= 0:
        return 0.0
    return covered_ms(segments, runtime_ms) / runtime_ms
