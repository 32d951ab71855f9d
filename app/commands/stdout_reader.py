"""A stdout whose reader may go away in the middle of a long command.

``python -m app simulate --log all | head -2`` closes the pipe after two lines while the
run has thousands of log lines to go. Python ignores SIGPIPE, so every later write raises
BrokenPipeError: in a logging handler that is a "--- Logging error ---" traceback per
record, and the summary's print ends the command as a refused file operation.

`StdoutMayClose` is a text stream that lets go of stdout at the first BrokenPipeError:
file descriptor 1 is pointed at the null device (so the interpreter's last flush at exit
cannot fail again), every later write is dropped without a word, and ``reader_gone`` says
it happened. What the command does with its own work is its choice; `simulate` finishes
its run, so the file holds the whole session and passes its checks, and exits with the
status a finished run has (0 when nothing failed), as ``snapshots | head`` exits 0.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def let_go_of_stdout() -> None:
    """Point file descriptor 1 at the null device: the reader of stdout went away."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


class StdoutMayClose:
    """Writes to ``stream`` (stdout) until its reader goes away, then drops them quietly."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = sys.stdout if stream is None else stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._let_go()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._let_go()

    def isatty(self) -> bool:
        return not self.reader_gone and self._stream.isatty()

    def _let_go(self) -> None:
        self.reader_gone = True
        if self._stream is sys.stdout:
            let_go_of_stdout()
