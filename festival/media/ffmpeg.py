"""The one place that runs ffmpeg and ffprobe.

ffmpeg-python builds argument lists; this module runs them with the same guards every time:
`-nostdin`, a protocol allow-list before every input, lowered priority, memory and CPU limits,
a wall-clock limit, a stall limit, stderr drained in a thread into a bounded tail (so a chatty
process can never fill the pipe and deadlock), and `-progress pipe:1` parsed into a callback.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import resource
import selectors
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

FFMPEG = os.environ.get("FESTIVAL_FFMPEG", "ffmpeg")
FFPROBE = os.environ.get("FESTIVAL_FFPROBE", "ffprobe")

GIB = 1024**3
DEFAULT_MEMORY_LIMIT = 3 * GIB
STDERR_TAIL_BYTES = 64 * 1024
MAX_KEPT_LINES = 20_000
INPUT_PROTOCOLS = "file"
"""Inputs may only be local files. `-progress pipe:1` does not go through the allow-list."""

ProgressCallback = Callable[[float, float | None, float | None], None]
"""on_progress(fraction 0..1, speed (× real time) or None, seconds left or None)."""


class FFmpegError(Exception):
    """ffmpeg or ffprobe failed; `stderr_tail` holds the end of what it said."""

    def __init__(self, message: str, stderr_tail: str = "", returncode: int | None = None):
        super().__init__(message)
        self.message = message
        self.stderr_tail = stderr_tail
        self.returncode = returncode

    @property
    def is_disk_full(self) -> bool:
        return "No space left on device" in self.stderr_tail


class FFmpegTimeout(FFmpegError):
    """The process ran past its wall-clock limit and was killed."""


class FFmpegStalled(FFmpegError):
    """The process made no progress for `stall_timeout_s` and was killed."""


@dataclass(frozen=True)
class Result:
    returncode: int
    stderr_tail: str
    kept_lines: tuple[str, ...] = ()
    """stderr lines matching `keep_lines`, from the whole run (the tail alone is bounded)."""
    progress: dict[str, str] = field(default_factory=dict)
    """The last `-progress` block."""
    stdout: bytes = b""


def _limit_child(nice: int, memory_limit_bytes: int | None, cpu_limit_s: int | None):
    """Runs in the child between fork and exec: only async-signal-safe system calls."""

    def apply() -> None:
        if nice:
            os.nice(nice)
        if memory_limit_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit_bytes, memory_limit_bytes))
        if cpu_limit_s:
            # The soft limit sends SIGXCPU; the hard one, a little later, SIGKILL.
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit_s, cpu_limit_s + 5))

    return apply


def _with_input_whitelist(args: Sequence[str], protocols: str) -> list[str]:
    """Put `-protocol_whitelist` before every `-i` (it is a per-input option)."""
    out: list[str] = []
    for arg in args:
        if arg == "-i":
            out += ["-protocol_whitelist", protocols]
        out.append(arg)
    return out


def ffmpeg_command(args: Sequence[str], *, protocols: str = INPUT_PROTOCOLS) -> list[str]:
    """The full command for ffmpeg-python's `get_args()` (or a `compile()` list)."""
    args = list(args)
    if args and os.path.basename(args[0]) in {"ffmpeg", os.path.basename(FFMPEG)}:
        args = args[1:]
    for forbidden in ("-protocol_whitelist", "-progress", "-y", "-n"):
        if forbidden in args:
            raise ValueError(f"{forbidden} is set by the runner")
    return [
        FFMPEG,
        "-nostdin",
        "-hide_banner",
        "-nostats",
        "-y",
        "-progress",
        "pipe:1",
        *_with_input_whitelist(args, protocols),
    ]


class _StderrDrain(threading.Thread):
    """Reads stderr to its end, keeping a bounded tail and the lines a caller asked for."""

    def __init__(self, stream, tail_bytes: int, keep: re.Pattern[str] | None):
        super().__init__(daemon=True)
        self.stream = stream
        self.tail: deque[bytes] = deque()
        self.tail_size = 0
        self.tail_bytes = tail_bytes
        self.keep = keep
        self.kept: list[str] = []

    def run(self) -> None:
        for raw in iter(self.stream.readline, b""):
            self.tail.append(raw)
            self.tail_size += len(raw)
            while self.tail_size > self.tail_bytes and len(self.tail) > 1:
                self.tail_size -= len(self.tail.popleft())
            if self.keep is not None and len(self.kept) < MAX_KEPT_LINES:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if self.keep.search(line):
                    self.kept.append(line)
        self.stream.close()

    def text(self) -> str:
        return b"".join(self.tail).decode("utf-8", "replace")[-self.tail_bytes :]


class _Progress:
    """Parses `-progress` key=value blocks and decides whether the process is moving."""

    def __init__(self, duration_s: float | None, on_progress: ProgressCallback | None):
        self.duration_s = duration_s
        self.on_progress = on_progress
        self.block: dict[str, str] = {}
        self.last: dict[str, str] = {}
        self.marker: tuple[str, ...] = ()
        self.moved_at = time.monotonic()
        self.buffer = b""

    def feed(self, data: bytes) -> None:
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for raw in lines:
            key, _, value = raw.decode("utf-8", "replace").strip().partition("=")
            if not key:
                continue
            self.block[key] = value
            if key == "progress":
                self._end_block()

    def _end_block(self) -> None:
        self.last, self.block = self.block, {}
        marker = tuple(self.last.get(k, "") for k in ("out_time_us", "frame", "total_size"))
        if marker != self.marker:
            self.marker = marker
            self.moved_at = time.monotonic()
        if self.on_progress is not None:
            self.on_progress(*self.estimate())

    def estimate(self) -> tuple[float, float | None, float | None]:
        out_us = _int_or_none(self.last.get("out_time_us"))
        speed = _float_or_none(self.last.get("speed", "").rstrip("x"))
        if self.last.get("progress") == "end":
            return 1.0, speed, 0.0
        if not self.duration_s or out_us is None or out_us < 0:
            return 0.0, speed, None
        done_s = out_us / 1_000_000
        fraction = min(max(done_s / self.duration_s, 0.0), 1.0)
        eta = max(self.duration_s - done_s, 0.0) / speed if speed else None
        return fraction, speed, eta


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def _float_or_none(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _spawn(
    command: list[str], nice: int, memory_limit_bytes: int | None, cpu_limit_s: int | None
) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limit_child(nice, memory_limit_bytes, cpu_limit_s),
        start_new_session=True,  # its own process group, so a kill reaches every child
        close_fds=True,
    )


def run(
    args: Sequence[str],
    *,
    timeout_s: float,
    on_progress: ProgressCallback | None = None,
    duration_s: float | None = None,
    stall_timeout_s: float = 180.0,
    nice: int = 10,
    memory_limit_bytes: int | None = DEFAULT_MEMORY_LIMIT,
    cpu_limit_s: int | None = None,
    keep_lines: re.Pattern[str] | None = None,
    protocols: str = INPUT_PROTOCOLS,
) -> Result:
    """Run ffmpeg with `args` (ffmpeg-python's `get_args()`), guarded; raise on any failure.

    `cpu_limit_s` defaults to the wall-clock limit times the number of cores."""
    command = ffmpeg_command(args, protocols=protocols)
    if cpu_limit_s is None:
        cpu_limit_s = int(timeout_s * (os.cpu_count() or 1)) + 10
    started = time.monotonic()
    proc = _spawn(command, nice, memory_limit_bytes, cpu_limit_s)
    drain = _StderrDrain(proc.stderr, STDERR_TAIL_BYTES, keep_lines)
    drain.start()
    progress = _Progress(duration_s, on_progress)
    failure: type[FFmpegError] | None = None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            now = time.monotonic()
            if now - started > timeout_s:
                failure = FFmpegTimeout
                break
            if now - progress.moved_at > stall_timeout_s:
                failure = FFmpegStalled
                break
            if not selector.select(timeout=0.25):
                continue
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                break
            progress.feed(data)
    finally:
        selector.close()
        if failure is not None:
            _kill_group(proc)
        try:
            returncode = proc.wait(timeout=max(5.0, stall_timeout_s))
        except subprocess.TimeoutExpired:  # stdout closed but the process lingers
            _kill_group(proc)
            returncode = proc.wait()
            failure = failure or FFmpegStalled
        drain.join()
        proc.stdout.close()
    tail = drain.text()
    if failure is FFmpegTimeout:
        raise FFmpegTimeout(f"ffmpeg ran longer than {timeout_s:.0f} s", tail, returncode)
    if failure is FFmpegStalled:
        raise FFmpegStalled(
            f"ffmpeg made no progress for {stall_timeout_s:.0f} s", tail, returncode
        )
    if returncode != 0:
        raise FFmpegError(_failure_message(returncode, tail), tail, returncode)
    return Result(
        returncode=returncode,
        stderr_tail=tail,
        kept_lines=tuple(drain.kept),
        progress=progress.last,
    )


def _failure_message(returncode: int, tail: str) -> str:
    if returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else ""
        return f"ffmpeg was killed by signal {-returncode} {name}".strip()
    lines = [line for line in tail.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "no error output"
    return f"ffmpeg exited with status {returncode}: {last}"


def probe(
    path: str | os.PathLike,
    *,
    timeout_s: float = 30.0,
    format_name: str | None = None,
    nice: int = 10,
    memory_limit_bytes: int | None = 1 * GIB,
    extra_args: Sequence[str] = (),
) -> dict:
    """ffprobe `path` (format and streams, as parsed JSON), reading only the local file.

    No `-count_frames`: it decodes the whole file, which is the transcode's job, not the probe's.
    """
    command = [
        FFPROBE,
        "-hide_banner",
        "-v",
        "error",
        "-protocol_whitelist",
        INPUT_PROTOCOLS,
        *(["-f", format_name] if format_name else []),
        "-show_format",
        "-show_streams",
        "-of",
        "json",
        *extra_args,
        file_url(path),
    ]
    proc = _spawn(command, nice, memory_limit_bytes, int(timeout_s) + 5)
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        stdout, stderr = proc.communicate()
        raise FFmpegTimeout(
            f"ffprobe ran longer than {timeout_s:.0f} s", _tail(stderr), proc.returncode
        ) from None
    tail = _tail(stderr)
    if proc.returncode != 0:
        raise FFmpegError(_failure_message(proc.returncode, tail), tail, proc.returncode)
    try:
        return json.loads(stdout or b"{}")
    except ValueError as error:
        raise FFmpegError(f"ffprobe printed invalid JSON: {error}", tail) from None


def _tail(stderr: bytes | None) -> str:
    return (stderr or b"")[-STDERR_TAIL_BYTES:].decode("utf-8", "replace")


@functools.cache
def has_filter(name: str) -> bool:
    """Whether this ffmpeg build has the filter `name` (zscale is optional in builds)."""
    try:
        listing = subprocess.run(
            [FFMPEG, "-hide_banner", "-nostdin", "-filters"],
            capture_output=True,
            timeout=30,
            check=True,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.split()[1:2] == [name] for line in listing.splitlines())


def file_url(path: str | os.PathLike) -> str:
    """`file:` + absolute path: a name like `http:x` or `-y` is never read as anything else."""
    return "file:" + os.path.abspath(os.fspath(path))
