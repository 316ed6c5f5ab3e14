"""How much the full ingest costs beside the bare two-rung encode.

Makes its own 1080p24 H.264 source (testsrc2 + a tone, libx264 medium), then times side by
side: (a) the bare `ffmpeg` command that encodes the same two rungs (720p + 360p, the same codec
settings, one process with split) and (b) our ingest: probe + the one pass (both rungs, poster,
storyboard, QC). Rounds alternate (a, b, a, b...) and the medians are compared.
Last line: one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival.media import ffmpeg
from festival.media.probe import probe_screener
from festival.media.transcode import TranscodeSettings, transcode

SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def make_source(path: Path) -> None:
    subprocess.run(
        [
            ffmpeg.FFMPEG,
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s=1920x1080:r=24:d={SECONDS}",
            "-f",
            "lavfi",
            "-i",
            f"sine=f=440:sample_rate=48000:d={SECONDS}",
            "-c:v",
            "libx264",
            "-preset",
            "medium",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-ac",
            "2",
            str(path),
        ],
        check=True,
    )


def bare_command(source: Path, out: Path, settings: TranscodeSettings) -> list[str]:
    """What one would type: split, scale each rung, encode each with the same settings."""
    high, low = settings.rungs

    def rung(label: str, r, path: Path) -> list[str]:
        return [
            "-map", label, "-map", "0:a",
            "-c:v", "libx264", "-profile:v", "high", "-preset", settings.preset,
            "-crf", str(r.crf), "-maxrate", f"{r.maxrate_kbps}k",
            "-bufsize", f"{2 * r.maxrate_kbps}k", "-pix_fmt", "yuv420p",
            "-g", "48", "-keyint_min", "48", "-sc_threshold", "0",
            "-c:a", "aac", "-b:a", f"{r.audio_kbps}k", "-ac", "2",
            "-movflags", "+faststart", str(path),
        ]  # fmt: skip

    return [
        ffmpeg.FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", str(source),
        "-filter_complex", "[0:v]split=2[a][b];[a]scale=-2:720[v720];[b]scale=-2:360[v360]",
        *rung("[v720]", high, out / "bare_720.mp4"),
        *rung("[v360]", low, out / "bare_360.mp4"),
    ]  # fmt: skip


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    settings = TranscodeSettings()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        folder = Path(folder)
        source = folder / "source.mp4"
        make_source(source)
        bare_times, ingest_times = [], []
        outputs = None
        for n in range(ROUNDS):
            bare_times.append(
                timed(
                    lambda: subprocess.run(
                        bare_command(source, folder, settings),
                        check=True,
                        preexec_fn=lambda: os.nice(settings.nice),  # the same priority as ours
                    )
                )
            )

            def ingest(n=n):
                nonlocal outputs
                probe = probe_screener(source)
                outputs = transcode(source, probe, folder / f"work-{n}", settings=settings)

            ingest_times.append(timed(ingest))
            print(f"round {n + 1}: bare {bare_times[-1]:.2f} s, ingest {ingest_times[-1]:.2f} s")
        bare, ours = statistics.median(bare_times), statistics.median(ingest_times)
        print(
            json.dumps(
                {
                    "ingest_over_bare_ffmpeg": round(ours / bare, 3),
                    "realtime_factor": round(SECONDS / ours, 2),
                    "bare_ffmpeg_s": round(bare, 2),
                    "ingest_s": round(ours, 2),
                    "source_s": SECONDS,
                    "rounds": ROUNDS,
                    "cores": os.cpu_count(),
                    "storyboard_sheets": len(outputs.storyboard_sheets),
                    "integrated_lufs": outputs.measurements.integrated_lufs,
                }
            )
        )


if __name__ == "__main__":
    main()
