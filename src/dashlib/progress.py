"""Build progress on a terminal, drawn by tqdm.

The library reports progress through a plain callback, ``progress(done, total)``; this
module turns it into a tqdm bar for the CLI and the benchmarks. On a terminal the bar
redraws in place a few times a second. When the output is not a terminal (a CI log, a
file) each update is a line of its own, at most one every ``log_interval`` seconds plus
the last one, so a log is neither flooded nor left with one endless carriage-return line.
"""

from __future__ import annotations

import sys

from tqdm import tqdm


class _LineStream:
    """A stream that ends each of tqdm's carriage-return redraws with a newline instead."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, s: str) -> None:
        s = s.lstrip("\r")
        if s.strip():
            self.stream.write(s.rstrip("\n") + "\n")

    def flush(self) -> None:
        self.stream.flush()


class Progress:
    """A ``progress(done, total)`` callback that draws a tqdm bar labelled ``label``."""

    def __init__(self, label: str = "building", stream=None, log_interval: float = 15.0):
        self.label = label
        self.stream = stream or sys.stderr
        self.log_interval = log_interval
        self.bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            terminal = bool(getattr(self.stream, "isatty", lambda: False)())
            self.bar = tqdm(
                total=total,
                desc=self.label,
                unit="file",
                file=self.stream if terminal else _LineStream(self.stream),
                mininterval=0.25 if terminal else self.log_interval,
                ascii=not terminal,
                dynamic_ncols=terminal,
                ncols=None if terminal else 80,
            )
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
