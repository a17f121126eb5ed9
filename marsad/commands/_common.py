"""Helpers shared by the commands: argument types, stderr messages, a progress bar."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def day(value: str) -> dt.date:
    """argparse type for YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def usage_error(command: str, message: str) -> int:
    print(f"marsad {command}: error: {message}", file=sys.stderr)
    return 2


def ensure_utf8(stream: TextIO) -> None:
    """Write UTF-8 whatever the locale says (the output formats are UTF-8)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        with suppress(ValueError, OSError):
            reconfigure(encoding="utf-8")


class Reporter:
    """Messages and progress on stderr; the bar only when stderr is a terminal."""

    def __init__(self, total: int | None = None, label: str = "coding") -> None:
        self.show_progress = sys.stderr.isatty()
        self.total = total
        self.label = label
        self._progress: Progress | None = None
        self._task = None

    def say(self, message: str) -> None:
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr)

    def advance(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    @contextmanager
    def running(self) -> Iterator[Reporter]:
        if not self.show_progress:
            yield self
            return
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        with progress:
            self._progress = progress
            self._task = progress.add_task(self.label, total=self.total)
            try:
                yield self
            finally:
                self._progress = None
